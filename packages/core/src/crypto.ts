import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Commercial cryptography (GB/T 39786-2021) for personal data at rest: SM4-GCM
 * (GB/T 32907, authenticated encryption) with a 128-bit key from configuration
 * (`ZQ_DATA_KEY`, 32 hex characters), never from the database; HMAC-SM3 keyed hashes
 * (GB/T 32905) for exact-match search without decrypting a table.
 */

/** Used only when ZQ_DATA_KEY is unset outside production: a development key anyone can read. */
const DEV_KEY_HEX = '7a712d6465762d6b65792d6e6f742d31';

let cached: { hex: string; key: Buffer; indexKey: Buffer } | undefined;
let warned = false;

/**
 * The data key from `ZQ_DATA_KEY`. Unset: refused when NODE_ENV=production, otherwise a
 * published development key with a loud warning on stderr.
 */
export function dataKey(env: Record<string, string | undefined> = process.env): Buffer {
  return keys(env).key;
}

function keys(env: Record<string, string | undefined> = process.env) {
  const configured = env.ZQ_DATA_KEY?.trim();
  const hex = configured || DEV_KEY_HEX;
  if (cached?.hex === hex) return cached;
  if (!/^[0-9a-fA-F]{32}$/.test(hex))
    throw new Error('ZQ_DATA_KEY must be 32 hexadecimal characters (SM4, 128 bits)');
  if (!configured) {
    if (env.NODE_ENV === 'production') throw new Error('ZQ_DATA_KEY is required in production');
    if (!warned) {
      warned = true;
      process.stderr.write(
        '\n!!! ZQ_DATA_KEY is not set: personal data is encrypted with the PUBLIC DEVELOPMENT KEY. Set ZQ_DATA_KEY (32 hex characters) before holding real data. !!!\n\n',
      );
    }
  }
  const key = Buffer.from(hex, 'hex');
  // A separate key for the search index, so the index never reuses the encryption key.
  const indexKey = createHmac('sm3', key).update('zq-blind-index-v1').digest();
  cached = { hex, key, indexKey };
  return cached;
}

const PREFIX = 'sm4gcm1:';
// @types/node lists only the AES GCM names; OpenSSL 3 (Node's) provides SM4-GCM with the same API.
const SM4_GCM = 'sm4-gcm' as 'aes-128-gcm';

/**
 * Encrypts a field with SM4-GCM under a fresh 96-bit IV. `context` (e.g. 'member.id_card') is
 * bound as associated data, so a ciphertext moved to another column does not decrypt.
 *
 * @example decryptField(encryptField('13800138000', 'member.phone'), 'member.phone') // '13800138000'
 */
export function encryptField(plain: string, context = ''): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(SM4_GCM, keys().key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Decrypts what encryptField produced; throws when the key, context or ciphertext is wrong. */
export function decryptField(enc: string, context = ''): string {
  if (!enc.startsWith(PREFIX)) throw new Error('not an SM4-GCM field');
  const raw = Buffer.from(enc.slice(PREFIX.length), 'base64');
  if (raw.length < 28) throw new Error('truncated SM4-GCM field');
  const decipher = createDecipheriv(SM4_GCM, keys().key, raw.subarray(0, 12), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** Canonical form of an ID-card number (trimmed, upper-case check letter X). */
export const normalizeIdCard = (id: string): string => id.replace(/\s+/g, '').toUpperCase();

/**
 * A keyed hash (HMAC-SM3) for exact-match lookup of an encrypted value without decrypting
 * the table; without the key the hash cannot be brute-forced from the small ID space.
 *
 * @example blindIndex('210802199001011234', 'member.id_card') === blindIndex('210802199001011234', 'member.id_card') // true
 */
export function blindIndex(value: string, context = ''): string {
  return createHmac('sm3', keys().indexKey).update(`${context}\u0000${value}`, 'utf8').digest('hex');
}

/**
 * Masks an ID-card number for screens and exports: first 3 and last 4 characters kept.
 *
 * @example maskIdCard('21080219900101123X') // '210***********123X'
 */
export function maskIdCard(id: string): string {
  const s = normalizeIdCard(id);
  if (s.length <= 7) return '*'.repeat(s.length);
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
}

/**
 * Masks a phone number: first 3 and last 4 digits kept.
 *
 * @example maskPhone('13800138000') // '138****8000'
 */
export function maskPhone(phone: string): string {
  const s = phone.replace(/[\s-]+/g, '');
  if (s.length <= 7) return '*'.repeat(s.length);
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
}
