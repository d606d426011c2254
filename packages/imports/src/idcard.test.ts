import { describe, expect, it } from 'vitest';
import { checkDigitOf, checkIdCard, parseIdCard } from './idcard.ts';
import { parseDate } from './values.ts';

// 11010519491231002X: the standard's own example (a woman born 1949-12-31, check character X).
const X = '11010519491231002X';
const withCheck = (first17: string) => first17 + checkDigitOf(first17);

describe('GB 11643 identity numbers', () => {
  it('accepts a valid number and reads its birth date and sex', () => {
    expect(parseIdCard(X)).toEqual({ ok: true, facts: { id: X, birthDate: '1949-12-31', gender: 'F' } });
    const man = withCheck('21010219800101001'); // 17th digit 1: odd, a man
    expect(parseIdCard(man)).toMatchObject({ ok: true, facts: { birthDate: '1980-01-01', gender: 'M' } });
    expect(checkIdCard(man, { birthDate: '1980-01-01', gender: 'M' })).toEqual([]);
  });

  it("takes the 'X' check character in either case, with spaces", () => {
    expect(checkDigitOf('11010519491231002')).toBe('X');
    expect(checkIdCard('110105 19491231 002x', { gender: 'F' })).toEqual([]);
  });

  it('refuses a wrong check character', () => {
    expect(checkIdCard('110105194912310021')).toEqual(['checkDigit']);
    const good = withCheck('21010219800101001');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(checkIdCard(bad)).toEqual(['checkDigit']);
  });

  it('refuses a birth date that differs from the one stated', () => {
    expect(checkIdCard(X, { birthDate: '1949-12-30' })).toEqual(['birthMismatch']);
  });

  it('refuses a sex that differs from the 17th digit', () => {
    expect(checkIdCard(X, { gender: 'M' })).toEqual(['sexMismatch']);
    expect(checkIdCard(X, { birthDate: '1950-01-01', gender: 'M' })).toEqual([
      'birthMismatch',
      'sexMismatch',
    ]);
  });

  it('refuses bad formats and impossible or future birth dates', () => {
    expect(checkIdCard('11010519491231002')).toEqual(['format']);
    expect(checkIdCard('1101051949123100XX')).toEqual(['format']);
    expect(checkIdCard(withCheck('11010519490231002'))).toEqual(['birthDate']); // 31 February
    expect(checkIdCard(withCheck('11010520990101002'), {}, '2026-12-03')).toEqual(['birthDate']);
  });
});

describe('dates as offices type them', () => {
  it('reads the usual forms and refuses the rest', () => {
    expect(parseDate('1998.7.1')).toBe('1998-07-01');
    expect(parseDate('1998/07/01')).toBe('1998-07-01');
    expect(parseDate('19980701')).toBe('1998-07-01');
    expect(parseDate('1998年7月1日')).toBe('1998-07-01');
    expect(parseDate(new Date(Date.UTC(1998, 6, 1)))).toBe('1998-07-01');
    expect(parseDate('')).toBeNull();
    expect(parseDate('1998-02-30')).toBeUndefined();
    expect(parseDate('July 1998')).toBeUndefined();
  });
});
