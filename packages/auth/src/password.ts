import { hash, verify } from '@node-rs/argon2';

/** Argon2id with the library's defaults (memory-hard, salted, encoded with its parameters). */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  try {
    return await verify(encoded, password);
  } catch {
    return false;
  }
}

// A user that does not exist still costs one verification, so timing reveals nothing.
let dummyHash: Promise<string> | undefined;
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword('zq-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

const COMMON = new Set([
  'password',
  'password1',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword1',
  'qwerty123',
  'qwer1234',
  'admin123',
  'admin@123',
  'abc12345',
  'abcd1234',
  '12345678',
  '123456789',
  '1qaz2wsx',
  '1qaz@wsx',
  'zaq12wsx',
  'a1234567',
  'aa123456',
  'woaini1314',
  'iloveyou1',
  'welcome1',
  'changeme1',
]);

/**
 * 等保 password complexity: at least 8 characters, three of the four classes (upper, lower,
 * digit, symbol), not containing the account name, not a common password.
 *
 * @example isStrongPassword('Zq#2026!safe', 'admin') // true
 */
export function isStrongPassword(password: string, username: string): boolean {
  if (password.length < 8 || password.length > 128) return false;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return false;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return false;
  return !COMMON.has(password.toLowerCase());
}
