/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
 * 31-character set (digits and capitals without I, O, S, V, Z); the last is a check
 * character over the first 17, weighted 3^i mod 31.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeVerdict =
  | { ok: true; code: string }
  | { ok: false; reason: 'length' | 'charset' | 'check'; expected?: string };

/**
 * The check character of the first 17 characters, or null when one is outside the set.
 *
 * @example creditCodeCheckChar('91350100M000100Y4') // '3'
 */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * CREDIT_CODE_WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[c === 31 ? 0 : c]!;
}

/** Upper case, spaces dropped: how people type a code into a sheet. */
export const normalizeCreditCode = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase();

/**
 * Checks a code (after normalizing): length, character set, check character.
 *
 * @example checkCreditCode('91350100M000100Y43') // { ok: true, code: '91350100M000100Y43' }
 * @example checkCreditCode('91350100M000100Y44') // { ok: false, reason: 'check', expected: '3' }
 */
export function checkCreditCode(raw: string): CreditCodeVerdict {
  const code = normalizeCreditCode(raw);
  if (code.length !== 18) return { ok: false, reason: 'length' };
  for (const ch of code) if (!CREDIT_CODE_CHARSET.includes(ch)) return { ok: false, reason: 'charset' };
  const expected = creditCodeCheckChar(code.slice(0, 17))!;
  if (code[17] !== expected) return { ok: false, reason: 'check', expected };
  return { ok: true, code };
}

/** A valid code from 17 characters of the set (the seeds and tests make codes with it). */
export function completeCreditCode(first17: string): string {
  const c = creditCodeCheckChar(first17);
  if (c === null) throw new Error(`not 17 characters of the credit-code set: ${first17}`);
  return first17 + c;
}
