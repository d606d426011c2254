/**
 * The special talent fund (人才专项资金) as an append-only ledger. Every movement locks the
 * fund row first (PostgreSQL: SELECT … FOR UPDATE; SQLite: a write to the row, which takes
 * the database's single write lock as BEGIN IMMEDIATE would), then checks the balances
 * and appends one entry. Two approvals racing for the last yuan therefore serialize and
 * the second sees the first's entry.
 */
import { DomainError, shanghaiDate } from '@zhanqian/core';
import type {
  Database,
  Kysely,
  TalentFundEntryKind,
  TalentFundEntryTable,
  TalentFundTable,
} from '@zhanqian/db';
import { dialectOf, sql } from '@zhanqian/db';
import type { Selectable } from 'kysely';
import { assertMovementFits, type Balances, entryEffect, foldBalances } from './rules.ts';

type Db = Kysely<Database>;
export type FundEntry = Selectable<TalentFundEntryTable>;
export type Fund = Selectable<TalentFundTable>;

/** The code of the district's special talent fund. */
export const DEFAULT_FUND_CODE = 'RC-FUND';

/** Who approved a movement: recorded on every entry. */
export interface Approver {
  userId: number | null;
  name: string;
}

/** Runs `fn` in the caller's transaction, or in a new one when given a plain connection. */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export async function getFund(db: Db, code = DEFAULT_FUND_CODE): Promise<Fund> {
  const fund = await db.selectFrom('talent_fund').selectAll().where('code', '=', code).executeTakeFirst();
  if (!fund) throw new DomainError('NOT_FOUND', 'talent.fundNotFound', { code });
  return fund;
}

/** Creates a fund (no entries yet). */
export async function createFund(
  db: Db,
  input: { code?: string; name: string; orgUnitId: number },
): Promise<Fund> {
  return db
    .insertInto('talent_fund')
    .values({
      code: input.code ?? DEFAULT_FUND_CODE,
      name: input.name,
      org_unit_id: input.orgUnitId,
      created_at: new Date().toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Takes the fund's lock for the rest of the transaction. Call it first in the transaction
 * (before any read) so that SQLite takes its write lock before a snapshot is opened.
 */
export async function lockFund(trx: Db, fundId: number): Promise<void> {
  if (!trx.isTransaction) throw new Error('lockFund needs a transaction');
  if (dialectOf(trx) === 'postgres') {
    const row = await sql`select id from talent_fund where id = ${fundId} for update`.execute(trx);
    if (row.rows.length === 0) throw new DomainError('NOT_FOUND', 'talent.fundNotFound', { code: fundId });
  } else {
    const r = await trx
      .updateTable('talent_fund')
      .set((eb) => ({ lock_seq: eb('lock_seq', '+', 1) }))
      .where('id', '=', fundId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0)
      throw new DomainError('NOT_FOUND', 'talent.fundNotFound', { code: fundId });
  }
}

/** The fund's balances as sums over its ledger (optionally up to and including a date). */
export async function fundBalances(db: Db, fundId: number, upTo?: string): Promise<Balances> {
  let q = db
    .selectFrom('talent_fund_entry')
    .select([
      sql<number>`coalesce(sum(d_available_fen), 0)`.as('a'),
      sql<number>`coalesce(sum(d_committed_fen), 0)`.as('c'),
      sql<number>`coalesce(sum(d_disbursed_fen), 0)`.as('d'),
    ])
    .where('fund_id', '=', fundId);
  if (upTo) q = q.where('entry_date', '<=', upTo);
  const row = await q.executeTakeFirstOrThrow();
  const availableFen = Number(row.a);
  const committedFen = Number(row.c);
  const disbursedFen = Number(row.d);
  return { availableFen, committedFen, disbursedFen, budgetFen: availableFen + committedFen + disbursedFen };
}

export interface NewEntry {
  fundId: number;
  kind: Exclude<TalentFundEntryKind, 'reversal'>;
  amountFen: number;
  refType?: 'subsidy' | 'award' | null;
  refId?: number | null;
  entryDate?: string;
  reason: string;
  approver: Approver;
}

function checkReason(reason: string): string {
  const r = reason.trim();
  if (!r) throw new DomainError('BAD_INPUT', 'talent.reasonRequired');
  return r;
}

/**
 * Appends a budget, commitment or disbursement entry after locking the fund and checking
 * that no balance goes below zero. Runs in the caller's transaction (or its own).
 *
 * @example await appendEntry(trx, { fundId, kind: 'budget', amountFen: 1_000_000_000, reason: '年度预算', approver: { userId: 1, name: '张三' } })
 */
export async function appendEntry(db: Db, input: NewEntry): Promise<FundEntry> {
  const reason = checkReason(input.reason);
  const effect = entryEffect(input.kind, input.amountFen);
  return inTransaction(db, async (trx) => {
    await lockFund(trx, input.fundId);
    assertMovementFits(await fundBalances(trx, input.fundId), effect);
    return trx
      .insertInto('talent_fund_entry')
      .values({
        fund_id: input.fundId,
        kind: input.kind,
        amount_fen: input.amountFen,
        d_available_fen: effect.dAvailable,
        d_committed_fen: effect.dCommitted,
        d_disbursed_fen: effect.dDisbursed,
        reverses_entry_id: null,
        ref_type: input.refType ?? null,
        ref_id: input.refId ?? null,
        entry_date: input.entryDate ?? shanghaiDate(),
        reason,
        approved_by: input.approver.userId,
        approved_by_name: input.approver.name,
        created_at: new Date().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function getEntry(db: Db, id: number): Promise<FundEntry> {
  const e = await db.selectFrom('talent_fund_entry').selectAll().where('id', '=', id).executeTakeFirst();
  if (!e) throw new DomainError('NOT_FOUND', 'talent.entryNotFound', { id });
  return e;
}

/**
 * Appends a reversal of an entry (the correction of a mistake is a new entry, never an
 * edit). Each entry is reversed at most once (a unique column backs this); a reversal is
 * never reversed. `allowLinked` is for the subsidy and award flows, which reverse their own
 * entries; direct reversals of linked entries are refused.
 */
export async function reverseEntry(
  db: Db,
  input: { entryId: number; reason: string; approver: Approver; entryDate?: string; allowLinked?: boolean },
): Promise<FundEntry> {
  const reason = checkReason(input.reason);
  return inTransaction(db, async (trx) => {
    // The fund id is needed to lock; an entry never changes, so reading it first is safe on PG.
    // On SQLite the lock is taken before the read through a fund-agnostic path.
    const fundId = await fundIdOfEntry(trx, input.entryId);
    await lockFund(trx, fundId);
    const target = await getEntry(trx, input.entryId);
    if (target.kind === 'reversal') throw new DomainError('BAD_INPUT', 'talent.cannotReverseReversal');
    if (target.ref_type && !input.allowLinked)
      throw new DomainError('CONFLICT', 'talent.entryLinked', { id: target.id });
    const already = await trx
      .selectFrom('talent_fund_entry')
      .select('id')
      .where('reverses_entry_id', '=', target.id)
      .executeTakeFirst();
    if (already) throw new DomainError('CONFLICT', 'talent.entryAlreadyReversed', { id: target.id });
    const effect = entryEffect('reversal', target.amount_fen, target.kind);
    assertMovementFits(await fundBalances(trx, fundId), effect);
    try {
      return await trx
        .insertInto('talent_fund_entry')
        .values({
          fund_id: fundId,
          kind: 'reversal',
          amount_fen: target.amount_fen,
          d_available_fen: effect.dAvailable,
          d_committed_fen: effect.dCommitted,
          d_disbursed_fen: effect.dDisbursed,
          reverses_entry_id: target.id,
          ref_type: target.ref_type,
          ref_id: target.ref_id,
          entry_date: input.entryDate ?? shanghaiDate(),
          reason,
          approved_by: input.approver.userId,
          approved_by_name: input.approver.name,
          created_at: new Date().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (e) {
      if (isUniqueViolation(e))
        throw new DomainError('CONFLICT', 'talent.entryAlreadyReversed', { id: target.id });
      throw e;
    }
  });
}

async function fundIdOfEntry(trx: Db, entryId: number): Promise<number> {
  if (dialectOf(trx) === 'sqlite') {
    // Take the write lock before opening a read snapshot (BEGIN IMMEDIATE semantics).
    await sql`update talent_fund set lock_seq = lock_seq + 1 where id = (select fund_id from talent_fund_entry where id = ${entryId})`.execute(
      trx,
    );
  }
  const row = await trx
    .selectFrom('talent_fund_entry')
    .select('fund_id')
    .where('id', '=', entryId)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'talent.entryNotFound', { id: entryId });
  return row.fund_id;
}

export interface EntryQuery {
  fundId: number;
  kind?: TalentFundEntryKind | undefined;
  from?: string | undefined;
  to?: string | undefined;
  refType?: 'subsidy' | 'award' | undefined;
  refId?: number | undefined;
  page: number;
  pageSize: number;
}

/** Ledger lines, newest first, with the total count and the sums of the filtered lines. */
export async function listEntries(
  db: Db,
  q: EntryQuery,
): Promise<{ total: number; sums: Balances; rows: (FundEntry & { reversed: boolean })[] }> {
  let base = db.selectFrom('talent_fund_entry as e').where('e.fund_id', '=', q.fundId);
  if (q.kind) base = base.where('e.kind', '=', q.kind);
  if (q.from) base = base.where('e.entry_date', '>=', q.from);
  if (q.to) base = base.where('e.entry_date', '<=', q.to);
  if (q.refType) base = base.where('e.ref_type', '=', q.refType);
  if (q.refId !== undefined) base = base.where('e.ref_id', '=', q.refId);
  const agg = await base
    .select([
      sql<number>`count(*)`.as('n'),
      sql<number>`coalesce(sum(e.d_available_fen), 0)`.as('a'),
      sql<number>`coalesce(sum(e.d_committed_fen), 0)`.as('c'),
      sql<number>`coalesce(sum(e.d_disbursed_fen), 0)`.as('d'),
    ])
    .executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('e')
    .select((eb) =>
      eb
        .exists(
          eb.selectFrom('talent_fund_entry as r').select('r.id').whereRef('r.reverses_entry_id', '=', 'e.id'),
        )
        .as('reversed'),
    )
    .orderBy('e.entry_date', 'desc')
    .orderBy('e.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const sums = foldBalances([
    {
      kind: 'budget',
      d_available_fen: Number(agg.a),
      d_committed_fen: Number(agg.c),
      d_disbursed_fen: Number(agg.d),
    },
  ]);
  return { total: Number(agg.n), sums, rows: rows.map((r) => ({ ...r, reversed: Boolean(r.reversed) })) };
}

/** True for a unique-constraint violation on either engine. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(err?.message ?? '')
  );
}
