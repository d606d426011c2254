import { cellText } from './read.ts';

/**
 * Reading the values offices type into their sheets. Each returns the clean value, or
 * undefined when the text is there but wrong (the caller names the error), or null when the
 * cell is empty.
 */

const validYmd = (y: number, m: number, d: number): boolean => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && y <= 2100 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

/**
 * A calendar date: Excel date cells, 2024-07-01, 2024/7/1, 2024.07.01, 20240701, 2024年7月1日.
 *
 * @example parseDate('1998.7.1') // '1998-07-01'
 */
export function parseDate(v: unknown): string | null | undefined {
  const s = cellText(v).replace(/\s+/g, '');
  if (s === '') return null;
  const m =
    s.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/) ?? s.match(/^(\d{4})(\d{2})(\d{2})$/) ?? null;
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validYmd(y, mo, d)) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** @example parseGender('女') // 'F' */
export function parseGender(v: unknown): 'M' | 'F' | null | undefined {
  const s = cellText(v).toLowerCase();
  if (s === '') return null;
  if (s === '男' || s === 'm' || s === 'male') return 'M';
  if (s === '女' || s === 'f' || s === 'female') return 'F';
  return undefined;
}

/** 人员类别: 正式党员 / 预备党员. */
export function parseCategory(v: unknown): 'full' | 'probationary' | null | undefined {
  const s = cellText(v).replace(/党员$/, '');
  if (s === '') return null;
  if (s === '正式') return 'full';
  if (s === '预备') return 'probationary';
  return undefined;
}

const YES = new Set(['是', '1', '√', '✓', 'y', 'yes', 'true']);
const NO = new Set(['否', '0', '', 'n', 'no', 'false', '×']);

/** A yes/no flag (居民骨干): 是/1/√ or 否/0/empty. */
export function parseFlag(v: unknown): boolean | undefined {
  const s = cellText(v).toLowerCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return undefined;
}

/** A whole number within bounds (人口). */
export function parseCount(v: unknown, min: number, max: number): number | null | undefined {
  const s = cellText(v);
  if (s === '') return null;
  if (!/^\d{1,6}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}

/** A mobile (13800138000) or landline (024-12345678) number, separators dropped. */
export function parsePhone(v: unknown): string | null | undefined {
  const s = cellText(v).replace(/[\s()（）-]+/g, '');
  if (s === '') return null;
  if (/^1[3-9]\d{9}$/.test(s) || /^0\d{9,11}$/.test(s) || /^\d{7,8}$/.test(s)) return s;
  return undefined;
}

/** Text up to `max` characters; full-width spaces trimmed too. */
export function parseText(v: unknown, max: number): string | null | undefined {
  const s = cellText(v).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  if (s === '') return null;
  return s.length <= max ? s : undefined;
}

/** Spreadsheet column letters of a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A header as compared: no spaces, no required-marks (*), no notes in brackets. */
export const headerKey = (v: unknown): string =>
  cellText(v)
    .normalize('NFKC')
    .replace(/[\s*]/g, '')
    .replace(/[(（[【].*?[)）\]】]/g, '');
