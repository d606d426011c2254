// Test set-up of the notify package's DB tests (not exported from the package).
import { nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { createUnit } from '@zhanqian/org';
import type { PendingNotice } from '../deliver.ts';

/** A district with its organization department and a branch; two staff accounts and three members. */
export async function setupInboxes(db: Kysely<Database>) {
  const district = await createUnit(db, {
    parentId: null,
    kind: 'district',
    name: '站前区',
    code: 'ZQ',
    portal: 'district',
  });
  const dept = await createUnit(db, {
    parentId: district.id,
    kind: 'department',
    name: '区委组织部',
    code: 'D-ZZB',
    portal: 'district',
  });
  const branch = await createUnit(db, {
    parentId: district.id,
    kind: 'street',
    name: '站前街道',
    code: 'S1',
    portal: null,
  });
  const user = async (
    username: string,
    orgUnitId: number,
    role: 'member' | 'dept_admin' | 'district_admin',
  ) =>
    (
      await db
        .insertInto('app_user')
        .values({
          username,
          display_name: username,
          password_hash: 'x',
          role,
          org_unit_id: orgUnitId,
          member_id: null,
          locked_until: null,
          totp_secret: null,
          password_changed_at: nowIso(),
          created_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  return {
    district,
    dept,
    branch,
    admin: await user('admin', dept.id, 'district_admin'),
    staff: await user('staff', dept.id, 'dept_admin'),
    alice: await user('alice', branch.id, 'member'),
    bob: await user('bob', branch.id, 'member'),
    carol: await user('carol', branch.id, 'member'),
  };
}

/** The undelivered notify rows of the outbox, as the job hands them to `deliverNotices`. */
export async function pendingOutbox(db: Kysely<Database>): Promise<PendingNotice[]> {
  const rows = await db
    .selectFrom('job_outbox')
    .select(['id', 'payload_json'])
    .where('job_name', '=', 'notify.deliver')
    .where('consumed_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), payload: JSON.parse(r.payload_json) }));
}
