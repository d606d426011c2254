import { randomInt } from 'node:crypto';
import { blindIndex } from '@zhanqian/core';
import { isStrongPassword } from './password.ts';

/**
 * Letters and digits a person reads off paper and types on a phone without confusing them:
 * no 0/O, 1/I/L.
 */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * A one-time code of `groups` groups of four characters, e.g. 'K7QM-3XPR-HT9W' (three groups:
 * about 59 bits, far beyond what a throttled guesser can try before it expires).
 */
export function newOneTimeCode(groups = 3): string {
  const parts: string[] = [];
  for (let g = 0; g < groups; g++) {
    let part = '';
    for (let i = 0; i < 4; i++) part += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    parts.push(part);
  }
  return parts.join('-');
}

/** What a person typed, as it was issued: case and separators do not matter. */
export const normalizeOneTimeCode = (typed: string): string =>
  typed
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .replace(/(.{4})(?=.)/g, '$1-');

/**
 * The stored form of a one-time code: HMAC-SM3 under the data key (kept outside the database),
 * so a copy of the database alone cannot confirm a guess offline. The codes carry enough
 * entropy that a slow hash (argon2) is not needed, and thousands are made at once.
 */
export const oneTimeCodeHash = (code: string, context: string): string =>
  blindIndex(normalizeOneTimeCode(code), context);

const LOWER = 'abcdefghjkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKMNPQRSTUVWXYZ';
const DIGIT = '23456789';

/**
 * A random initial password, shown once: three groups like 'Kp7m-Rt4x-Wq9z' (upper, lower,
 * digit and symbol, about 70 bits), never containing the user name; the first sign-in
 * replaces it.
 */
export function newInitialPassword(username: string): string {
  for (;;) {
    const group = () =>
      UPPER[randomInt(UPPER.length)]! +
      LOWER[randomInt(LOWER.length)]! +
      DIGIT[randomInt(DIGIT.length)]! +
      LOWER[randomInt(LOWER.length)]!;
    const pw = [group(), group(), group()].join('-');
    if (isStrongPassword(pw, username)) return pw;
  }
}
