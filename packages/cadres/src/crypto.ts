import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '@zhanqian/core';

/**
 * SM4-GCM encryption of personal identifiers at rest (GB/T 39786: commercial cryptography).
 * The key is `ZQ_DATA_KEY` (32 hex characters = 16 bytes). When it is unset, a fixed
 * DEVELOPMENT key is used so that the demo runs out of the box; production must set its own.
 * Stored form: `sm4gcm:v1:` + base64(iv[12] | tag[16] | ciphertext).
 */
export const DEV_DATA_KEY_HEX = '7a68616e7169616e2d6465762d6b6579'; // "zhanqian-dev-key": development only

const PREFIX = 'sm4gcm:v1:';
// Node's typings only know the AES names as GCM ciphers; SM4-GCM has the same API (OpenSSL 3).
const SM4_GCM = 'sm4-gcm' as 'aes-128-gcm';

/** The 16-byte data key from `ZQ_DATA_KEY` (hex), or the documented development default. */
export function dataKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const hex = env.ZQ_DATA_KEY?.trim() || DEV_DATA_KEY_HEX;
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error('ZQ_DATA_KEY must be 32 hex characters (16 bytes)');
  return Buffer.from(hex, 'hex');
}

/**
 * Encrypts a short text with SM4-GCM; `aad` binds the ciphertext to its purpose.
 * @example decryptText(encryptText('210802199001011234')) // '210802199001011234'
 */
export function encryptText(plain: string, aad = 'zq', key: Buffer = dataKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(SM4_GCM, key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Decrypts what {@link encryptText} produced; a changed ciphertext or a wrong key throws. */
export function decryptText(stored: string, aad = 'zq', key: Buffer = dataKey()): string {
  if (!stored.startsWith(PREFIX)) throw new Error('not an sm4gcm:v1 ciphertext');
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  const decipher = createDecipheriv(SM4_GCM, key, raw.subarray(0, 12), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/**
 * Masks an identifier for the screen: the first 4 and last 4 characters stay.
 * @example maskId('210802199001011234') // '2108**********1234'
 */
export function maskId(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/**
 * Validates a mainland resident ID number (18 characters, GB 11643 check digit).
 * @example isValidIdCard('11010519491231002X') // true
 */
export function isValidIdCard(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * w[i]!;
  return '10X98765432'[sum % 11] === id[17];
}

/** Appends the GB 11643 check digit to 17 digits. @example withCheckDigit('11010519491231002') // '11010519491231002X' */
export function withCheckDigit(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]!;
  return first17 + '10X98765432'[sum % 11];
}

/** Throws a BAD_INPUT domain error unless the ID number is valid. */
export function assertIdCard(id: string): void {
  if (!isValidIdCard(id)) throw new DomainError('BAD_INPUT', 'cadres.badIdCard');
}

export const ID_CARD_AAD = 'cadre.id_card';
