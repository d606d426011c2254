import { formatPoints, type Locale } from '@zhanqian/core';
import ExcelJS from 'exceljs';
import { ErrorList, loadWorkbook, MAX_IMPORT_ROWS, type UnitRef, unitResolver } from './import-common.ts';
import './messages.ts';
import { cellText, type ImportError, parseHundredths } from './xlsx.ts';

/**
 * A past year's official results (历年考核结果) in xlsx: one sheet, row 1 the header — the six
 * columns below, then one column per aspect headed by the aspect's name (none is allowed) —
 * and one row per appraised leadership team. Ranks are the official ones, per category; the
 * bottom two follow from them (DESIGN.md: the last two places plus every subject tied with one).
 */
export const HISTORY_SHEET = '考核结果';
export const HISTORY_COLUMNS = ['单位编码', '单位名称', '类别', '总分', '名次', '一票否决'] as const;
const [CODE, NAME, CATEGORY, TOTAL, RANK, VETO] = [0, 1, 2, 3, 4, 5] as const;
/** Largest total accepted: 1000 base points plus a generous bonus, in hundredths. */
const MAX_TOTAL = 200_000;

export interface HistoryRow {
  /** The sheet row, for messages. */
  row: number;
  orgUnitId: number;
  category: string;
  /** Hundredths. */
  total: number;
  rank: number;
  vetoed: boolean;
  /** Each aspect's score in header order (hundredths), or null when the row gives none. */
  aspects: number[] | null;
  bottomTwo: boolean;
}

export interface ParsedHistory {
  /** Aspect names, in header order. */
  aspects: string[];
  rows: HistoryRow[];
}

export type HistoryParse = { ok: true; history: ParsedHistory } | { ok: false; errors: ImportError[] };

/**
 * The import template: the header (with the given aspects) and, to save typing, one row per
 * subject listed (code, name, category), the scores left blank.
 *
 * @example await historyTemplateXlsx({ aspects: ['经济社会发展', '党的建设'], subjects: [] })
 */
export async function historyTemplateXlsx(opts: {
  aspects: string[];
  subjects: { code: string; name: string; category: string }[];
}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zhanqian';
  const ws = wb.addWorksheet(HISTORY_SHEET);
  ws.addRow([...HISTORY_COLUMNS, ...opts.aspects]);
  ws.getRow(1).font = { bold: true };
  for (const s of opts.subjects) ws.addRow([s.code, s.name, s.category]);
  ws.columns.forEach((c, i) => {
    c.width = [14, 24, 14, 10, 8, 10][i] ?? 16;
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * Bottom two of each category from the official ranks: a subject with at most one subject
 * ranked strictly behind it (ranks are standard competition ranks, so ties share a place).
 *
 * @example bottomTwoByRank([{ category: 'a', rank: 1 }, { category: 'a', rank: 2 }, { category: 'a', rank: 2 }]) // [false, true, true]
 */
export function bottomTwoByRank(rows: { category: string; rank: number }[]): boolean[] {
  const byCat = new Map<string, number[]>();
  for (const r of rows) byCat.set(r.category, [...(byCat.get(r.category) ?? []), r.rank]);
  return rows.map((r) => byCat.get(r.category)!.filter((x) => x > r.rank).length <= 1);
}

/**
 * Reads the official results of a past year. Every problem is listed with sheet, row, column
 * and reason; nothing is returned unless the whole sheet is valid. Checks: the header; each
 * unit known (by code, or by a unique name) and listed once; category, total (at most two
 * decimals), rank (a positive integer) and the veto flag (是/否) present and well-formed;
 * aspect scores all given or all blank, their sum not above the total; per category, ranks
 * that are a standard competition ranking (1, 2, 2, 4) and agree with the totals (no vetoed
 * subject ahead of a non-vetoed one, no higher total behind a lower one, ties equal).
 *
 * @example const r = await parseHistoryXlsx(bytes, units); if (!r.ok) r.errors[0] // { sheet: '考核结果', row: 4, column: 'E 名次', problem: '…' }
 */
export async function parseHistoryXlsx(
  bytes: Uint8Array,
  units: UnitRef[],
  locale: Locale = 'zh-CN',
): Promise<HistoryParse> {
  const e = new ErrorList(locale);
  const wb = await loadWorkbook(bytes);
  if (!wb) {
    e.add('', 0, -1, '', 'scoring.import.notXlsx');
    return { ok: false, errors: e.errors };
  }
  const ws = wb.getWorksheet(HISTORY_SHEET);
  if (!ws) {
    e.add(HISTORY_SHEET, 0, -1, '', 'scoring.import.sheetMissing', { sheet: HISTORY_SHEET });
    return { ok: false, errors: e.errors };
  }
  const S = HISTORY_SHEET;
  const header = ((ws.getRow(1).values as ExcelJS.CellValue[]) ?? []).slice(1).map(cellText);
  HISTORY_COLUMNS.forEach((h, i) => {
    if (header[i] !== h) e.add(S, 1, i, h, 'scoring.import.header', { header: h });
  });
  const aspects: string[] = [];
  for (let i = HISTORY_COLUMNS.length; i < header.length; i++) {
    const name = header[i] ?? '';
    if (name === '') break;
    if (aspects.includes(name) || name.length > 100)
      e.add(S, 1, i, name, 'scoring.history.badAspect', { name });
    aspects.push(name);
  }
  if (e.errors.length) return { ok: false, errors: e.errors };

  const resolve = unitResolver(units);
  const rows: HistoryRow[] = [];
  const seen = new Map<number, number>();
  let count = 0;
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const width = HISTORY_COLUMNS.length + aspects.length;
    const c = Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value));
    if (c.every((x) => x === '')) return;
    if (++count > MAX_IMPORT_ROWS) {
      if (count === MAX_IMPORT_ROWS + 1)
        e.add(S, n, -1, '', 'scoring.import.tooManyRows', { max: MAX_IMPORT_ROWS });
      return;
    }
    const before = e.errors.length;
    const col = (i: number) => HISTORY_COLUMNS[i] ?? aspects[i - HISTORY_COLUMNS.length]!;
    const unit = resolve(c[CODE]!, c[NAME]!);
    if ('problem' in unit)
      e.add(S, n, unit.column, col(unit.column), unit.problem, { code: c[CODE]!, name: c[NAME]! });
    else if (seen.has(unit.id))
      e.add(S, n, CODE, col(CODE), 'scoring.import.duplicateUnit', { row: seen.get(unit.id)! });
    else seen.set(unit.id, n);
    const category = c[CATEGORY]!;
    if (!category || category.length > 40)
      e.add(S, n, CATEGORY, col(CATEGORY), 'scoring.history.badCategory');
    const total = parseHundredths(c[TOTAL]!);
    if (total === null || total < 0 || total > MAX_TOTAL)
      e.add(S, n, TOTAL, col(TOTAL), 'scoring.import.badPoints', { value: c[TOTAL]! });
    const rank = /^\d{1,6}$/.test(c[RANK]!) ? Number(c[RANK]) : 0;
    if (rank < 1) e.add(S, n, RANK, col(RANK), 'scoring.history.badRank', { value: c[RANK]! });
    const vetoText = c[VETO]!;
    const vetoed = ['是', 'Y', 'y', '1'].includes(vetoText);
    if (!vetoed && !['', '否', 'N', 'n', '0'].includes(vetoText))
      e.add(S, n, VETO, col(VETO), 'scoring.history.badVeto', { value: vetoText });
    let scores: number[] | null = null;
    const given = c.slice(HISTORY_COLUMNS.length);
    if (given.some((x) => x !== '')) {
      scores = [];
      const aspectErrors = e.errors.length;
      given.forEach((text, k) => {
        const i = HISTORY_COLUMNS.length + k;
        const p = parseHundredths(text);
        if (text === '' || p === null || p < 0 || p > MAX_TOTAL)
          e.add(S, n, i, col(i), 'scoring.import.badPoints', { value: text });
        scores!.push(p ?? 0);
      });
      const sum = scores.reduce((a, b) => a + b, 0);
      if (total !== null && e.errors.length === aspectErrors && sum > total)
        e.add(S, n, TOTAL, col(TOTAL), 'scoring.history.aspectSum', {
          total: formatPoints(total),
          sum: formatPoints(sum),
        });
    }
    if (e.errors.length === before && !('problem' in unit))
      rows.push({
        row: n,
        orgUnitId: unit.id,
        category,
        total: total!,
        rank,
        vetoed,
        aspects: scores,
        bottomTwo: false,
      });
  });
  if (count === 0) e.add(S, 2, -1, '', 'scoring.import.empty');
  if (e.errors.length) return { ok: false, errors: e.errors };

  rankProblems(rows, e);
  if (e.errors.length) return { ok: false, errors: e.errors };
  const bottom = bottomTwoByRank(rows);
  rows.forEach((r, i) => {
    r.bottomTwo = bottom[i]!;
  });
  return { ok: true, history: { aspects, rows } };
}

/** The official order must be a competition ranking that agrees with veto and total. */
function rankProblems(rows: HistoryRow[], e: ErrorList): void {
  const S = HISTORY_SHEET;
  const byCat = new Map<string, HistoryRow[]>();
  for (const r of rows) byCat.set(r.category, [...(byCat.get(r.category) ?? []), r]);
  for (const [category, list] of byCat) {
    const sorted = [...list].sort((a, b) => a.rank - b.rank || a.row - b.row);
    sorted.forEach((r, i) => {
      const expected = 1 + sorted.filter((x) => x.rank < r.rank).length;
      if (r.rank !== expected)
        e.add(S, r.row, RANK, HISTORY_COLUMNS[RANK], 'scoring.history.rankGap', {
          rank: r.rank,
          expected,
          category,
        });
      const ahead = sorted[i - 1];
      if (!ahead) return;
      const params = { rank: r.rank, other: ahead.rank, row: ahead.row, category };
      if (ahead.rank === r.rank) {
        if (ahead.total !== r.total || ahead.vetoed !== r.vetoed)
          e.add(S, r.row, RANK, HISTORY_COLUMNS[RANK], 'scoring.history.tieMismatch', params);
      } else if (ahead.vetoed && !r.vetoed)
        e.add(S, r.row, RANK, HISTORY_COLUMNS[RANK], 'scoring.history.vetoAhead', params);
      else if (ahead.vetoed === r.vetoed && ahead.total < r.total)
        e.add(S, r.row, RANK, HISTORY_COLUMNS[RANK], 'scoring.history.rankOrder', params);
    });
  }
}
