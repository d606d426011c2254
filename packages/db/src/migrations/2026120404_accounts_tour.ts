import { type Kysely, sql } from 'kysely';

/**
 * Accounts made on screen (issue #21, item 16; #14 leftovers).
 *
 * - `app_user.proposed_role`: the business role the system administrator proposes when making
 *   an account (role `pending`, 三员分立), which the security administrator grants. Accounts
 *   made in bulk from the roster kept it only with their activation code
 *   (`account_activation.proposed_role`, member or branch secretary); an account made one at a
 *   time with an initial password (a department's staff: 考核办, 人才办 …) has no code, and may
 *   be proposed for any business role. Filled from the latest activation code of the accounts
 *   still pending.
 *
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table app_user add column proposed_role text`.execute(db);
  await sql`update app_user set proposed_role = (
      select a.proposed_role from account_activation a where a.user_id = app_user.id order by a.id desc limit 1)
    where role = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table app_user drop column proposed_role`.execute(db);
}
