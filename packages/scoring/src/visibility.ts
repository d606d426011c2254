import type { SchemeStatus } from '@zhanqian/db';

/**
 * How a reader sees a year's results — rankings, totals, aspect scores, the bottom-two,
 * key-adjustment and priority lists, personal scores and award amounts:
 * - `final`: the year is published (已公布); everyone who reads results sees them.
 * - `provisional`: the year is not published yet (草稿, 上报中, 已关闭) and the reader is the
 *   assessment office (考核办, or the district administrator: whoever manages the appraisal,
 *   permission `scoring.manage`); the figures are shown marked 暂定.
 * - `hidden`: the year is not published yet and the reader is anyone else: no figure at all,
 *   only “结果尚未公布”.
 */
export type ResultsAccess = 'final' | 'provisional' | 'hidden';

/** Who reads: whoever holds `scoring.manage` manages the appraisal (the assessment office). */
export interface ResultsReader {
  permissions: ReadonlySet<string>;
}

/** The permission of the office that manages the appraisal and sees provisional results. */
export const MANAGES_APPRAISAL = 'scoring.manage';

/**
 * Which stage's results a reader may see (the rule the results procedures apply).
 *
 * @example resultsAccess('open', { permissions: new Set(['scoring.read']) }) // 'hidden'
 * @example resultsAccess('open', { permissions: new Set(['scoring.manage']) }) // 'provisional'
 * @example resultsAccess('published', { permissions: new Set(['scoring.read']) }) // 'final'
 */
export function resultsAccess(status: SchemeStatus, reader: ResultsReader): ResultsAccess {
  if (status === 'published') return 'final';
  return reader.permissions.has(MANAGES_APPRAISAL) ? 'provisional' : 'hidden';
}

/**
 * The years among `years` whose results the reader may see, each with its access (years
 * without a scheme are left out).
 *
 * @example visibleYears([{ year: 2025, status: 'published' }, { year: 2026, status: 'open' }], reporter)
 * // [{ year: 2025, access: 'final' }]
 */
export function visibleYears(
  years: readonly { year: number; status: SchemeStatus }[],
  reader: ResultsReader,
): { year: number; access: Exclude<ResultsAccess, 'hidden'> }[] {
  const out: { year: number; access: Exclude<ResultsAccess, 'hidden'> }[] = [];
  for (const y of years) {
    const access = resultsAccess(y.status, reader);
    if (access !== 'hidden') out.push({ year: y.year, access });
  }
  return out;
}
