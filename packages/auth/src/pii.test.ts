import { decryptField } from '@zhanqian/core';
import { describe, expect, it } from 'vitest';
import { encryptMemberPii, isValidIdCard, isValidMobile, maskedPii, PII_CONTEXT } from './pii.ts';

describe('identity-card and phone numbers', () => {
  it('checks the GB 11643 check character', () => {
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('11010519491231002x')).toBe(true);
    expect(isValidIdCard('110105194912310038')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false);
    expect(isValidIdCard('1101051949123100')).toBe(false);
    expect(isValidIdCard('A1010519491231002X')).toBe(false);
  });
  it('checks mainland mobile numbers', () => {
    expect(isValidMobile('13812345678')).toBe(true);
    expect(isValidMobile('138-1234-5678')).toBe(true);
    expect(isValidMobile('12812345678')).toBe(false);
    expect(isValidMobile('1381234567')).toBe(false);
  });
  it('encrypts, hashes and masks; null clears; undefined leaves alone', () => {
    const v = encryptMemberPii({ idCard: '11010519491231002x', phone: '138 1234 5678' });
    expect(decryptField(v.id_card_enc!, PII_CONTEXT.idCard)).toBe('11010519491231002X');
    expect(decryptField(v.phone_enc!, PII_CONTEXT.phone)).toBe('13812345678');
    expect(v.id_card_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(maskedPii({ id_card_enc: v.id_card_enc!, phone_enc: v.phone_enc! })).toEqual({
      idCard: '110***********002X',
      phone: '138****5678',
    });
    expect(encryptMemberPii({ idCard: null })).toEqual({ id_card_enc: null, id_card_hash: null });
    expect(encryptMemberPii({})).toEqual({});
    expect(() => encryptMemberPii({ phone: '123' })).toThrow(/badPhone/);
    // a ciphertext moved into the other column does not decrypt
    expect(() => maskedPii({ id_card_enc: v.phone_enc!, phone_enc: null })).toThrow();
  });
});
