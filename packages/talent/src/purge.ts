/**
 * Removing the demo data set (`zq seed --reset`): the one place that deletes fund entries.
 * The ledger's append-only triggers are dropped and re-created around the deletes in a
 * single transaction, so the guard is never absent for other sessions (PostgreSQL locks the
 * table for the DDL; SQLite has one writer). Needs DDL rights; never called by the API.
 */
import type { Database, Kysely } from '@zhanqian/db';
import { dialectOf, sql } from '@zhanqian/db';
import { inTransaction } from './ledger.ts';

const TABLES_CHILD_FIRST = [
  'talent_award_score',
  'talent_nomination',
  'talent_award_expert',
  'talent_award_quota',
  'talent_award_cycle',
  'talent_attachment',
  'talent_subsidy_application',
  'talent_fund_entry',
  'talent_fund',
  'talent_person',
  'talent_catalogue',
  'talent_tier',
] as const;

const REFUSAL = 'talent_fund_entry is append-only: corrections are new entries';

/**
 * Deletes every talent row (registry, fund and ledger, subsidies, selections) and restores
 * the ledger's guards. Call it before deleting org units or users on a reset.
 *
 * @example await purgeTalentData(db)
 */
export async function purgeTalentData(db: Kysely<Database>): Promise<void> {
  await inTransaction(db, async (trx) => {
    const pg = dialectOf(trx) === 'postgres';
    if (pg) {
      await sql`drop trigger if exists talent_fund_entry_no_change on talent_fund_entry`.execute(trx);
    } else {
      await sql`drop trigger if exists talent_fund_entry_no_update`.execute(trx);
      await sql`drop trigger if exists talent_fund_entry_no_delete`.execute(trx);
    }
    // reversals point at the entries they reverse: children first
    await sql`delete from talent_fund_entry where reverses_entry_id is not null`.execute(trx);
    for (const table of TABLES_CHILD_FIRST) await trx.deleteFrom(table).execute();
    if (pg) {
      await sql`create trigger talent_fund_entry_no_change before update or delete on talent_fund_entry
        for each row execute function talent_fund_entry_append_only()`.execute(trx);
    } else {
      await sql
        .raw(
          `create trigger talent_fund_entry_no_update before update on talent_fund_entry
           begin select raise(abort, '${REFUSAL}'); end`,
        )
        .execute(trx);
      await sql
        .raw(
          `create trigger talent_fund_entry_no_delete before delete on talent_fund_entry
           begin select raise(abort, '${REFUSAL}'); end`,
        )
        .execute(trx);
    }
  });
}
