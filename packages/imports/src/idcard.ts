/**
 * The citizen identity number of GB 11643-1999: 6 digits of address, 8 of birth date
 * (YYYYMMDD), 3 of sequence (the 17th digit odd for men, even for women) and a check
 * character by ISO 7064 MOD 11-2 ('X' standing for 10).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdCardProblem = 'format' | 'checkDigit' | 'birthDate' | 'birthMismatch' | 'sexMismatch';

export interface IdCardFacts {
  id: string;
  birthDate: string;
  gender: 'M' | 'F';
}

/** Spaces dropped, a lower-case 'x' raised. */
export const normalizeId = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase();

/** @example checkDigitOf('11010519491231002') // 'X' */
export function checkDigitOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += WEIGHTS[i]! * Number(first17[i]);
  return CHECK[sum % 11]!;
}

const validDate = (d: string): boolean => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, day));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
};

/**
 * Reads an identity number: its birth date and sex, or the first problem found (format,
 * then check character, then the birth date it encodes).
 *
 * @example parseIdCard('11010519491231002X') // { ok: true, facts: { birthDate: '1949-12-31', gender: 'F', … } }
 */
export function parseIdCard(
  raw: string,
  today?: string,
): { ok: true; facts: IdCardFacts } | { ok: false; problem: IdCardProblem } {
  const id = normalizeId(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  if (checkDigitOf(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checkDigit' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!validDate(birthDate) || birthDate < '1900-01-01' || (today !== undefined && birthDate > today))
    return { ok: false, problem: 'birthDate' };
  return { ok: true, facts: { id, birthDate, gender: Number(id[16]) % 2 === 1 ? 'M' : 'F' } };
}

/**
 * Every problem of an identity number against the birth date and sex stated beside it on
 * the roster (either may be absent). An empty list: the number is good and agrees.
 *
 * @example checkIdCard('110105194912310021', { birthDate: '1949-12-31', gender: 'F' }) // ['checkDigit']
 */
export function checkIdCard(
  raw: string,
  stated: { birthDate?: string | null; gender?: 'M' | 'F' | null } = {},
  today?: string,
): IdCardProblem[] {
  const parsed = parseIdCard(raw, today);
  if (!parsed.ok) return [parsed.problem];
  const problems: IdCardProblem[] = [];
  if (stated.birthDate && stated.birthDate !== parsed.facts.birthDate) problems.push('birthMismatch');
  if (stated.gender && stated.gender !== parsed.facts.gender) problems.push('sexMismatch');
  return problems;
}
