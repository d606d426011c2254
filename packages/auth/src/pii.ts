import {
  blindIndex,
  DomainError,
  decryptField,
  encryptField,
  maskIdCard,
  maskPhone,
  normalizeIdCard,
} from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';

type Db = Kysely<Database>;

/**
 * Personal information of members (PIPL): ID-card and phone numbers are stored only as
 * SM4-GCM ciphertext (bound to their column), searched by an HMAC-SM3 keyed hash, shown
 * masked, and revealed in clear only through `revealMemberPii`, which callers audit.
 */
export const PII_CONTEXT = { idCard: 'member.id_card', phone: 'member.phone' } as const;
export type PiiField = keyof typeof PII_CONTEXT;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * A mainland resident identity-card number (GB 11643-1999): 18 characters with a valid
 * check character.
 *
 * @example isValidIdCard('11010519491231002X') // true
 */
export function isValidIdCard(raw: string): boolean {
  const id = normalizeIdCard(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17];
}

/** @example isValidMobile('13800138000') // true */
export const isValidMobile = (raw: string): boolean => /^1[3-9]\d{9}$/.test(raw.replace(/[\s-]+/g, ''));

export interface MemberPiiInput {
  /** undefined: unchanged; null: removed. */
  idCard?: string | null | undefined;
  phone?: string | null | undefined;
}

/** The masked view of a member's identifiers: what every screen and export shows. */
export interface MaskedPii {
  idCard: string | null;
  phone: string | null;
}

/** Masks a member row's encrypted identifiers (decrypts in memory only to mask). */
export function maskedPii(row: { id_card_enc: string | null; phone_enc: string | null }): MaskedPii {
  return {
    idCard: row.id_card_enc ? maskIdCard(decryptField(row.id_card_enc, PII_CONTEXT.idCard)) : null,
    phone: row.phone_enc ? maskPhone(decryptField(row.phone_enc, PII_CONTEXT.phone)) : null,
  };
}

/** The encrypted column values for a member's identifiers; validates them first (BAD_INPUT). */
export function encryptMemberPii(input: MemberPiiInput): {
  id_card_enc?: string | null;
  id_card_hash?: string | null;
  phone_enc?: string | null;
} {
  const out: { id_card_enc?: string | null; id_card_hash?: string | null; phone_enc?: string | null } = {};
  if (input.idCard !== undefined) {
    if (input.idCard === null) {
      out.id_card_enc = null;
      out.id_card_hash = null;
    } else {
      if (!isValidIdCard(input.idCard)) throw new DomainError('BAD_INPUT', 'pii.badIdCard');
      const id = normalizeIdCard(input.idCard);
      out.id_card_enc = encryptField(id, PII_CONTEXT.idCard);
      out.id_card_hash = blindIndex(id, PII_CONTEXT.idCard);
    }
  }
  if (input.phone !== undefined) {
    if (input.phone === null) out.phone_enc = null;
    else {
      if (!isValidMobile(input.phone)) throw new DomainError('BAD_INPUT', 'pii.badPhone');
      out.phone_enc = encryptField(input.phone.replace(/[\s-]+/g, ''), PII_CONTEXT.phone);
    }
  }
  return out;
}

async function memberRow(db: Db, memberId: number) {
  const m = await db
    .selectFrom('member')
    .select(['id', 'branch_id', 'id_card_enc', 'phone_enc'])
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!m) throw new DomainError('NOT_FOUND', 'pii.memberNotFound', { id: memberId });
  return m;
}

/**
 * Sets (or clears) a member's identifiers, encrypted; returns the masked values before and
 * after, for the audit record (never the clear values).
 */
export async function setMemberPii(
  db: Db,
  memberId: number,
  input: MemberPiiInput,
): Promise<{ branchId: number; before: MaskedPii; after: MaskedPii }> {
  const m = await memberRow(db, memberId);
  const values = encryptMemberPii(input);
  const before = maskedPii(m);
  if (Object.keys(values).length === 0) return { branchId: m.branch_id, before, after: before };
  const updated = await db
    .updateTable('member')
    .set(values)
    .where('id', '=', memberId)
    .returning(['id_card_enc', 'phone_enc'])
    .executeTakeFirstOrThrow();
  return { branchId: m.branch_id, before, after: maskedPii(updated) };
}

/** A member's identifier in clear. The caller checks permission and scope, and audits. */
export async function revealMemberPii(db: Db, memberId: number, field: PiiField): Promise<string> {
  const m = await memberRow(db, memberId);
  const enc = field === 'idCard' ? m.id_card_enc : m.phone_enc;
  if (!enc) throw new DomainError('NOT_FOUND', 'pii.nothingToReveal');
  return decryptField(enc, PII_CONTEXT[field]);
}

/** The branch of a member (for scope checks before a reveal). */
export const memberBranch = async (db: Db, memberId: number): Promise<number> =>
  (await memberRow(db, memberId)).branch_id;

/**
 * Members with exactly this ID-card number within a subtree, found through the keyed hash
 * (the table is never decrypted to search).
 */
export async function findMembersByIdCard(
  db: Db,
  idCard: string,
  scopeRootId: number,
): Promise<{ id: number; name: string; branch_id: number }[]> {
  if (!isValidIdCard(idCard)) throw new DomainError('BAD_INPUT', 'pii.badIdCard');
  return db
    .selectFrom('member as m')
    .innerJoin('org_closure as c', 'c.descendant_id', 'm.branch_id')
    .select(['m.id', 'm.name', 'm.branch_id'])
    .where('c.ancestor_id', '=', scopeRootId)
    .where('m.id_card_hash', '=', blindIndex(normalizeIdCard(idCard), PII_CONTEXT.idCard))
    .orderBy('m.id')
    .execute();
}
