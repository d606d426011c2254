/**
 * Display formats shared by both apps: money (stored in fen) as yuan, points (stored in
 * hundredths) with two decimals, instants and dates in Asia/Shanghai whatever the device's zone.
 */
export type UiLocale = 'zh-CN' | 'en';

// Indicator values with their unit and scale ('%×100': 816 reads 8.16%).
export * from './measure.ts';

/**
 * An amount as a person reads it: yuan with two decimals, in Chinese written with 元 after it
 * (issue #21 item 9: `80,000.00 元`), in English as CN¥. The space before 元 is a no-break
 * space (U+00A0), so that a narrow table column never puts 元 on a line of its own; `\s`
 * matches it.
 * @example formatYuan(150_000_000) // '1,500,000.00 元' (with U+00A0)
 * @example formatYuan(150_000_000, 'en') // 'CN¥1,500,000.00'
 */
export function formatYuan(fen: number, locale: UiLocale = 'zh-CN'): string {
  if (locale === 'en')
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'CNY' }).format(fen / 100);
  const yuan = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${yuan.format(fen / 100)}\u00a0元`;
}

/** Large sums the Chinese way: @example formatYuanShort(150_000_000) // '150万元' */
export function formatYuanShort(fen: number, locale: UiLocale = 'zh-CN'): string {
  const yuan = fen / 100;
  if (locale === 'en')
    return new Intl.NumberFormat('en-US', { notation: 'compact', style: 'currency', currency: 'CNY' }).format(
      yuan,
    );
  if (Math.abs(yuan) >= 1e8) return `${+(yuan / 1e8).toFixed(2)}亿元`;
  if (Math.abs(yuan) >= 1e4) return `${+(yuan / 1e4).toFixed(2)}万元`;
  return `${yuan}元`;
}

/** @example formatPoints(98_765) // '987.65' */
export function formatPoints(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** @example formatDateTime('2026-06-30T16:30:00Z') // '2026-07-01 00:30' */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** A calendar date stays as stored ('YYYY-MM-DD' is already Shanghai time). */
export const formatDate = (date: string | null | undefined): string => date ?? '—';

/** @example formatPercent(4, 5) // '80.0%' */
export const formatPercent = (part: number, whole: number): string =>
  whole ? `${((100 * part) / whole).toFixed(1)}%` : '—';
