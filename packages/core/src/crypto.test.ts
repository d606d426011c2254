import { describe, expect, it } from 'vitest';
import {
  blindIndex,
  dataKey,
  decryptField,
  encryptField,
  maskIdCard,
  maskPhone,
  normalizeIdCard,
} from './crypto.ts';

describe('SM4-GCM fields', () => {
  it('round-trips and never contains the plaintext', () => {
    const enc = encryptField('21080219900101123X', 'member.id_card');
    expect(enc).toMatch(/^sm4gcm1:/);
    expect(enc).not.toContain('21080219900101123X');
    expect(decryptField(enc, 'member.id_card')).toBe('21080219900101123X');
    expect(decryptField(encryptField('', 'x'), 'x')).toBe('');
    expect(decryptField(encryptField('中文 ok', 'x'), 'x')).toBe('中文 ok');
  });
  it('uses a fresh IV each time', () => {
    expect(encryptField('13800138000')).not.toBe(encryptField('13800138000'));
  });
  it('refuses a tampered ciphertext, another context, or garbage', () => {
    const enc = encryptField('13800138000', 'member.phone');
    const raw = Buffer.from(enc.slice(8), 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(() => decryptField(`sm4gcm1:${raw.toString('base64')}`, 'member.phone')).toThrow();
    expect(() => decryptField(enc, 'member.id_card')).toThrow();
    expect(() => decryptField('13800138000')).toThrow(/not an SM4-GCM field/);
    expect(() => decryptField('sm4gcm1:AAAA')).toThrow(/truncated/);
  });
  it('takes the key from ZQ_DATA_KEY and checks it', () => {
    expect(dataKey({ ZQ_DATA_KEY: '00112233445566778899aabbccddeeff' }).toString('hex')).toBe(
      '00112233445566778899aabbccddeeff',
    );
    expect(() => dataKey({ ZQ_DATA_KEY: 'short' })).toThrow(/32 hexadecimal/);
    expect(() => dataKey({ NODE_ENV: 'production' })).toThrow(/required in production/);
  });
});

describe('blind index', () => {
  it('is deterministic per context and does not reveal the value', () => {
    const a = blindIndex('21080219900101123X', 'member.id_card');
    expect(a).toBe(blindIndex('21080219900101123X', 'member.id_card'));
    expect(a).not.toBe(blindIndex('21080219900101123X', 'member.phone'));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('masking', () => {
  it('masks ID-card numbers', () => {
    expect(maskIdCard('21080219900101123x')).toBe('210***********123X');
    expect(normalizeIdCard(' 21080219900101123x ')).toBe('21080219900101123X');
    expect(maskIdCard('1234567')).toBe('*******');
  });
  it('masks phone numbers', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('138-0013-8000')).toBe('138****8000');
    expect(maskPhone('12345')).toBe('*****');
  });
});
