import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEV_DATA_KEY_HEX, dataKey, decryptText, encryptText, isValidIdCard, maskId, withCheckDigit } from './crypto.ts';

describe('SM4-GCM helpers', () => {
  it('round-trips and never stores the clear text', () => {
    const enc = encryptText('210802199001011234', 'cadre.id_card');
    expect(enc.startsWith('sm4gcm:v1:')).toBe(true);
    expect(enc).not.toContain('210802199001011234');
    expect(decryptText(enc, 'cadre.id_card')).toBe('210802199001011234');
    fc.assert(fc.property(fc.string(), (s) => decryptText(encryptText(s)) === s));
  });
  it('uses a fresh IV: the same clear text encrypts differently', () => {
    expect(encryptText('x')).not.toBe(encryptText('x'));
  });
  it('refuses a tampered ciphertext, a wrong purpose and a wrong key', () => {
    const enc = encryptText('210802199001011234', 'cadre.id_card');
    const raw = Buffer.from(enc.slice(10), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => decryptText(`sm4gcm:v1:${raw.toString('base64')}`, 'cadre.id_card')).toThrow();
    expect(() => decryptText(enc, 'member.phone')).toThrow();
    const other = dataKey({ ZQ_DATA_KEY: '00112233445566778899aabbccddeeff' });
    expect(() => decryptText(enc, 'cadre.id_card', other)).toThrow();
  });
  it('reads the key from ZQ_DATA_KEY, with a documented development default', () => {
    expect(dataKey({}).toString('hex')).toBe(DEV_DATA_KEY_HEX);
    expect(() => dataKey({ ZQ_DATA_KEY: 'abc' })).toThrow(/32 hex/);
  });
  it('masks all but the first and last four characters', () => {
    expect(maskId('210802199001011234')).toBe('2108**********1234');
    expect(maskId('1234')).toBe('****');
  });
  it('checks the GB 11643 check digit', () => {
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false);
    expect(withCheckDigit('21080219900101123')).toMatch(/^21080219900101123[\dX]$/);
    expect(isValidIdCard(withCheckDigit('21080219900101123'))).toBe(true);
  });
});
