import { createHmac } from 'node:crypto';

/**
 * The audit chain's key (`ZQ_AUDIT_KEY`, 64 hex characters = 256 bits), kept outside the
 * database: someone who can write to the database but does not hold it can neither recompute
 * a record's HMAC-SM3 after changing it nor sign a new head of the chain. Handled as
 * `ZQ_DATA_KEY` is (packages/core/src/crypto.ts): unset → refused when NODE_ENV=production,
 * otherwise a published development key with a loud warning on stderr.
 */

/** Used only when ZQ_AUDIT_KEY is unset outside production: a development key anyone can read. */
const DEV_KEY_HEX = '7a712d6465762d61756469742d6b65792d6e6f742d666f722d70726f64756374';

/** The keys derived from ZQ_AUDIT_KEY, one per use, so that no HMAC input can stand for another. */
export interface AuditKeys {
  /** Keys the hash of each version 2 record. */
  record: Buffer;
  /** Signs the chain's head (audit_checkpoint). */
  checkpoint: Buffer;
  /** Signs a backup's manifest. */
  manifest: Buffer;
}

let cached: { hex: string; keys: AuditKeys } | undefined;
let warned = false;

/** Derives the per-use keys from a 32-byte master key (e.g. a wrong key, in tests). */
export function deriveAuditKeys(master: Buffer): AuditKeys {
  const derive = (label: string) => createHmac('sm3', master).update(label).digest();
  return {
    record: derive('zq-audit-record-v2'),
    checkpoint: derive('zq-audit-checkpoint-v1'),
    manifest: derive('zq-backup-manifest-v1'),
  };
}

/**
 * The audit keys from `ZQ_AUDIT_KEY`. Unset: refused when NODE_ENV=production, otherwise the
 * public development key with a warning on stderr (once per process).
 */
export function auditKeys(env: Record<string, string | undefined> = process.env): AuditKeys {
  const configured = env.ZQ_AUDIT_KEY?.trim();
  if (!configured && env.NODE_ENV === 'production') throw new Error('ZQ_AUDIT_KEY is required in production');
  const hex = configured || DEV_KEY_HEX;
  if (cached?.hex === hex) return cached.keys;
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new Error('ZQ_AUDIT_KEY must be 64 hexadecimal characters (HMAC-SM3, 256 bits)');
  if (!configured) {
    if (!warned) {
      warned = true;
      process.stderr.write(
        '\n!!! ZQ_AUDIT_KEY is not set: the audit chain is keyed with the PUBLIC DEVELOPMENT KEY, so anyone who can write to the database can forge it. Set ZQ_AUDIT_KEY (64 hex characters) before holding real data. !!!\n\n',
      );
    }
  }
  cached = { hex, keys: deriveAuditKeys(Buffer.from(hex, 'hex')) };
  return cached.keys;
}
