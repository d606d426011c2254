import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditCheckpointTable, AuditLogRow } from '@zhanqian/db';

/** The hash of the (empty) chain before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain version of records written now: HMAC-SM3 under ZQ_AUDIT_KEY. */
export const CHAIN_VERSION = 2;

/** The fields a record's hash covers, in a fixed order (everything but id, hash and version). */
export type ChainedFields = Omit<AuditLogRow, 'id' | 'hash' | 'chain_version'>;

/** The signed head of the chain, as stored. */
export type AuditCheckpoint = AuditCheckpointTable;

const canonical = (r: ChainedFields) =>
  JSON.stringify([
    r.prev_hash,
    r.at,
    r.actor_id,
    r.actor,
    r.action,
    r.object_type,
    r.object_id,
    r.org_unit_id,
    r.result,
    r.ip,
    r.before_json,
    r.after_json,
  ]);

/**
 * Version 1 (records written before the chain was keyed): SM3 (GB/T 32905) over the previous
 * hash and the record's fields. Anyone can recompute it, so it only detects an edit when the
 * chain after it is not recomputed as well. Node's OpenSSL provides SM3.
 */
export function recordHash(r: ChainedFields): string {
  return createHash('sm3').update(canonical(r), 'utf8').digest('hex');
}

/**
 * Version 2: HMAC-SM3 under the record key derived from ZQ_AUDIT_KEY over the same fields,
 * tagged with the version. Without the key, a changed record's hash cannot be recomputed.
 */
export function keyedRecordHash(r: ChainedFields, recordKey: Buffer): string {
  return createHmac('sm3', recordKey)
    .update(`zq-audit-v2\u0000${canonical(r)}`, 'utf8')
    .digest('hex');
}

/** The hash a stored record must carry for its version; undefined for an unknown version. */
export function expectedHash(row: ChainedFields & { chain_version: number }, recordKey: Buffer) {
  if (row.chain_version === 1) return recordHash(row);
  if (row.chain_version === 2) return keyedRecordHash(row, recordKey);
  return undefined;
}

/** The HMAC-SM3 signature of a head of the chain. */
export function checkpointSignature(
  c: Omit<AuditCheckpoint, 'id' | 'signature'>,
  checkpointKey: Buffer,
): string {
  return createHmac('sm3', checkpointKey)
    .update(
      JSON.stringify(['zq-audit-head-v1', c.at, Number(c.last_id), c.head_hash, Number(c.record_count)]),
    )
    .digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The form of a string the database stores, and therefore the form that is hashed: lone
 * surrogates become U+FFFD (both drivers encode UTF-8 that way) and NUL, which PostgreSQL's
 * text refuses, becomes U+FFFD too. A record's hash always covers exactly what is stored.
 */
export function storedForm(s: string): string {
  const w = s.toWellFormed();
  return w.includes('\u0000') ? w.replaceAll('\u0000', '\uFFFD') : w;
}
