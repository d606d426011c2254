import { DomainError, nowIso } from '@zhanqian/core';
import type { Database, EvidenceFile, Kysely } from '@zhanqian/db';

type Db = Kysely<Database>;

/** Records an uploaded evidence file's metadata (the bytes are already in the file store). */
export async function recordEvidence(db: Db, row: Omit<EvidenceFile, 'created_at'>): Promise<EvidenceFile> {
  return db
    .insertInto('evidence_file')
    .values({ ...row, created_at: nowIso() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An evidence file's metadata, or NOT_FOUND. */
export async function getEvidence(db: Db, id: string): Promise<EvidenceFile> {
  const row = await db.selectFrom('evidence_file').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'scoring.evidenceNotFound', { id });
  return row;
}
