// Accounts and evidence files for the talent package's DB tests (not exported from the package).
import { randomUUID } from 'node:crypto';
import type { Database, Kysely } from '@zhanqian/db';

/** Inserts talent-office accounts (dept_admin at `orgUnitId`) and returns their ids by name. */
export async function addAccounts(
  db: Kysely<Database>,
  orgUnitId: number,
  names: readonly string[],
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const username of names) {
    const u = await db
      .insertInto('app_user')
      .values({
        username,
        display_name: username,
        password_hash: 'x',
        role: 'dept_admin',
        org_unit_id: orgUnitId,
        member_id: null,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    out[username] = u.id;
  }
  return out;
}

/** An evidence-store row as `/files` records an upload (the bytes themselves are not needed here). */
export async function addEvidence(
  db: Kysely<Database>,
  input: { orgUnitId: number; uploadedBy: number; name?: string; mime?: string },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('evidence_file')
    .values({
      id,
      org_unit_id: input.orgUnitId,
      uploaded_by: input.uploadedBy,
      name: input.name ?? '学位证书.pdf',
      mime: input.mime ?? 'application/pdf',
      size: 1234,
      sha256: '0'.repeat(64),
      storage_key: `test/${id}.pdf`,
      created_at: new Date().toISOString(),
    })
    .execute();
  return id;
}
