import { DomainError, decryptField, encryptField, maskIdCard, normalizeIdCard } from '@zhanqian/core';

/**
 * ID-card numbers of cadres: validated here, encrypted at rest with the platform's SM4-GCM
 * helpers from @zhanqian/core (key `ZQ_DATA_KEY`, see core's crypto.ts for the development
 * default) under the context `cadre.id_card`, and masked with core's rule (first 3, last 4).
 */
export const ID_CARD_CONTEXT = 'cadre.id_card';

/**
 * Validates a mainland resident ID number (18 characters, GB 11643 check digit).
 * @example isValidIdCard('11010519491231002X') // true
 */
export function isValidIdCard(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  return withCheckDigit(id.slice(0, 17)) === id;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Appends the GB 11643 check digit to 17 digits. @example withCheckDigit('11010519491231002') // '11010519491231002X' */
export function withCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return first17 + '10X98765432'[sum % 11];
}

/** The stored pair for an ID number: SM4-GCM ciphertext and the masked form; BAD_INPUT when invalid. */
export function sealIdCard(raw: string): { enc: string; masked: string } {
  const id = normalizeIdCard(raw);
  if (!isValidIdCard(id)) throw new DomainError('BAD_INPUT', 'cadres.badIdCard');
  return { enc: encryptField(id, ID_CARD_CONTEXT), masked: maskIdCard(id) };
}

/** The clear ID number from its ciphertext (the caller audits the reveal). */
export const openIdCard = (enc: string): string => decryptField(enc, ID_CARD_CONTEXT);
