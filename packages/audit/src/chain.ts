import { createHash } from 'node:crypto';
import type { AuditLogRow } from '@zhanqian/db';

/** The hash of the (empty) chain before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a record's hash covers, in a fixed order (everything but id and hash). */
export type ChainedFields = Omit<AuditLogRow, 'id' | 'hash'>;

/**
 * SM3 (GB/T 32905) over the previous hash and the record's fields: changing, inserting or
 * deleting any record breaks every hash after it. Node's OpenSSL provides SM3.
 */
export function recordHash(r: ChainedFields): string {
  const canonical = JSON.stringify([
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
  return createHash('sm3').update(canonical, 'utf8').digest('hex');
}
