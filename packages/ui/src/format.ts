/**
 * Display formats shared by both apps: money (stored in fen) as yuan, points (stored in
 * hundredths) with two decimals, instants and dates in Asia/Shanghai whatever the device's zone.
 */
export type UiLocale = 'zh-CN' | 'en';

// Indicator values with their unit and scale ('%×100': 816 reads 8.16%).
export * from './measure.ts';

/** @example formatYuan(150_000_000, 'zh-CN') // '¥1,500,000.00' */
export function formatYuan(fen: number, locale: UiLocale = 'zh-CN'): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', {
    style: 'currency',
    currency: 'CNY',
  }).format(fen / 100);
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
