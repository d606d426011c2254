import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_CONFIG } from './config.ts';
import { isPasswordExpired } from './login.ts';
import { checkTotp, decryptTotpSecret, encryptTotpSecret, newTotpSecret, totpCode, totpUri } from './totp.ts';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  const now = new Date('2026-11-28T12:00:10Z');
  it('accepts the current code and one step of drift, once', async () => {
    const code = await totpCode(SECRET, now);
    const step = await checkTotp(SECRET, code, null, now);
    expect(step).toBe(Math.floor(now.getTime() / 30_000));
    expect(await checkTotp(SECRET, code, null, new Date(now.getTime() + 30_000))).toBe(step);
    expect(await checkTotp(SECRET, code, null, new Date(now.getTime() + 90_000))).toBeNull();
    expect(await checkTotp(SECRET, code, step, now)).toBeNull();
  });
  it('refuses malformed codes', async () => {
    for (const c of ['', '12345', '1234567', 'abcdef'])
      expect(await checkTotp(SECRET, c, null, now)).toBeNull();
  });
  it('makes 160-bit secrets, stores them encrypted, and gives an otpauth URI', () => {
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    const enc = encryptTotpSecret(s);
    expect(enc).not.toContain(s);
    expect(decryptTotpSecret(enc)).toBe(s);
    expect(totpUri('admin', s)).toContain(`secret=${s}`);
  });
});

describe('password expiry', () => {
  const now = new Date('2026-11-28T00:00:00Z');
  it('expires after passwordMaxAgeDays, never with 0', () => {
    expect(isPasswordExpired('2026-08-29T00:00:00.000Z', DEFAULT_AUTH_CONFIG, now)).toBe(true);
    expect(isPasswordExpired('2026-08-31T00:00:00.000Z', DEFAULT_AUTH_CONFIG, now)).toBe(false);
    expect(
      isPasswordExpired('2020-01-01T00:00:00.000Z', { ...DEFAULT_AUTH_CONFIG, passwordMaxAgeDays: 0 }, now),
    ).toBe(false);
    expect(isPasswordExpired('x', DEFAULT_AUTH_CONFIG, now)).toBe(false);
  });
});
