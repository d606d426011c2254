import { describe, expect, it } from 'vitest';
import { isValidIdCard, openIdCard, sealIdCard, withCheckDigit } from './crypto.ts';

describe('ID-card numbers', () => {
  const id = withCheckDigit('21080219900101123');
  it('checks the GB 11643 check digit', () => {
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false);
    expect(isValidIdCard('1101051949123100')).toBe(false);
    expect(isValidIdCard(id)).toBe(true);
  });
  it('seals with SM4-GCM (fresh IV each time), masks, and opens only in its own context', () => {
    const a = sealIdCard(id);
    const b = sealIdCard(` ${id.toLowerCase()} `);
    expect(a.enc).not.toContain(id);
    expect(a.enc).not.toBe(b.enc);
    expect(a.masked).toBe(`210***********${id.slice(-4)}`);
    expect(openIdCard(a.enc)).toBe(id);
    expect(openIdCard(b.enc)).toBe(id);
    const raw = Buffer.from(a.enc.slice(a.enc.indexOf(':') + 1), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => openIdCard(`${a.enc.slice(0, a.enc.indexOf(':') + 1)}${raw.toString('base64')}`)).toThrow();
  });
  it('refuses an invalid number', () => {
    expect(() => sealIdCard('210802199001011230')).toThrow(/badIdCard/);
  });
});
