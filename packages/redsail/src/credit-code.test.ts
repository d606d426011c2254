import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_CHARSET,
  checkCreditCode,
  completeCreditCode,
  creditCodeCheckChar,
  normalizeCreditCode,
} from './credit-code.ts';

describe('unified social credit code (GB 32100)', () => {
  it('accepts published valid codes', () => {
    for (const code of [
      '91350100M000100Y43',
      '91110000600037341L',
      '91440300708461136T',
      '91310000MA1FL4B24G',
    ])
      expect(checkCreditCode(code)).toEqual({ ok: true, code });
  });

  it('computes the check character (31 → 0)', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    // sum % 31 === 0 gives 31, written as '0'
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
    expect(creditCodeCheckChar('0000000000000000I')).toBeNull();
    expect(creditCodeCheckChar('short')).toBeNull();
  });

  it('names what is wrong: length, character set, check character', () => {
    expect(checkCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'length' });
    expect(checkCreditCode('91350100M000100Y4300')).toEqual({ ok: false, reason: 'length' });
    expect(checkCreditCode('91350100I000100Y43')).toEqual({ ok: false, reason: 'charset' });
    expect(checkCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'check', expected: '3' });
  });

  it('normalizes case and spaces before checking', () => {
    expect(normalizeCreditCode(' 91350100m000 100y43 ')).toBe('91350100M000100Y43');
    expect(checkCreditCode('91350100m000100y43').ok).toBe(true);
  });

  const body = fc
    .array(fc.constantFrom(...CREDIT_CODE_CHARSET), { minLength: 17, maxLength: 17 })
    .map((a) => a.join(''));

  it('every completed code passes; any single-character change fails', () => {
    fc.assert(
      fc.property(body, fc.nat(17), fc.nat(30), (b, pos, delta) => {
        const code = completeCreditCode(b);
        expect(checkCreditCode(code).ok).toBe(true);
        const i = CREDIT_CODE_CHARSET.indexOf(code[pos]!);
        const changed = CREDIT_CODE_CHARSET[(i + 1 + (delta % 30)) % 31]!;
        const bad = code.slice(0, pos) + changed + code.slice(pos + 1);
        // weights are units mod 31, so one changed character always changes the check
        expect(checkCreditCode(bad).ok).toBe(false);
      }),
    );
  });

  it('catches a swap of two different adjacent characters', () => {
    fc.assert(
      fc.property(body, fc.nat(15), (b, pos) => {
        const code = completeCreditCode(b);
        fc.pre(code[pos] !== code[pos + 1]);
        const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
        expect(checkCreditCode(swapped).ok).toBe(false);
      }),
    );
  });
});
