import { nowIso } from '@zhanqian/core';
import type { Database, Kysely, StarLevel } from '@zhanqian/db';
import { dialectOf, sql } from '@zhanqian/db';
import type { RawBuilder } from 'kysely';
import type { CertifyPolicy } from './certify.ts';
import { getConfig } from './criteria.ts';
import { recomputeChainPg } from './recompute-chain-pg.ts';
import { certifyColumns, upsertClause } from './recompute-sql.ts';

type Db = Kysely<Database>;

/** One rating that changed: the entity whose chain (and only that chain) is recomputed. */
export interface RatingChange {
  level: StarLevel;
  entityId: number;
}

export interface RecomputeResult {
  year: number;
  snapshotId: number;
  revision: number;
  mode: 'full' | 'incremental';
  /** Result rows written per level. */
  rows: { member: number; branch: number; committee: number };
}

/**
 * The last snapshot (with its policy) this process saw per year, per database (keyed by the
 * Kysely instance's adapter, which its transactions share): what recomputeChainPg expects.
 * A stale entry costs one round trip, never a wrong result (the statement checks it).
 */
const lastSeen = new WeakMap<object, Map<number, { snapshotId: number; policy: CertifyPolicy }>>();
function seenOf(db: Db) {
  const key = db.getExecutor().adapter;
  const years = lastSeen.get(key) ?? new Map<number, { snapshotId: number; policy: CertifyPolicy }>();
  lastSeen.set(key, years);
  return years;
}

/** Above this many entities an "incremental" change set is cheaper as a full recomputation. */
export const INCREMENTAL_LIMIT = 2000;

/** Runs `fn` in the caller's transaction, or in its own (then `owned` is true). */
const inTx = <T>(db: Db, fn: (trx: Db, owned: boolean) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db, false) : db.transaction().execute((trx) => fn(trx, true));

/**
 * Takes the year's row lock (PostgreSQL) / the write lock (SQLite) and bumps the revision,
 * so that recomputations of one year are serialized and never interleave.
 */
async function lockYear(
  trx: Db,
  year: number,
): Promise<{ snapshotId: number | null; revision: number; policy: CertifyPolicy | null }> {
  const now = nowIso();
  // The current snapshot's policy comes back with the lock: one round trip fewer per rating.
  const of = (col: string) =>
    sql<number | null>`(select s.${sql.ref(col)} from star_snapshot s where s.id = star_current.snapshot_id)`;
  const row = await trx
    .insertInto('star_current')
    .values({ year, snapshot_id: null, revision: 1, computed_at: now })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({ revision: sql`star_current.revision + 1`, computed_at: now }),
    )
    .returning([
      'snapshot_id',
      'revision',
      of('threshold_num').as('num'),
      of('threshold_den').as('den'),
      of('empty_passes').as('empty'),
    ])
    .executeTakeFirstOrThrow();
  const policy =
    row.num === null || row.den === null
      ? null
      : { num: Number(row.num), den: Number(row.den), emptyPasses: Number(row.empty) === 1 };
  return { snapshotId: row.snapshot_id, revision: row.revision, policy };
}

/**
 * A number in a statement: inlined for a full recomputation (PostgreSQL takes no parameters
 * in CREATE TABLE … AS, and each full statement runs once), bound for an incremental one, whose
 * statements repeat with new ids: the same text is then compiled once (SQLite's statement
 * cache in @zhanqian/db) and parsed without literals.
 */
const num = (x: number, bound: boolean) =>
  bound ? sql`cast(${Math.trunc(x)} as integer)` : sql.lit(Math.trunc(x));

/** The ids an incremental recomputation is confined to, bound. */
const ids = (xs: readonly number[]) =>
  sql.join(
    xs.map((x) => num(x, true)),
    sql`, `,
  );

/** The household aggregate per zone: the one scan over every household's stars. */
function householdAggregate(year: number, memberIds?: readonly number[]) {
  const filter = memberIds
    ? sql`where h.zone_id in (select id from zone where member_id in (${ids(memberIds)}))`
    : sql``;
  return sql`select h.zone_id, count(*) as n, sum(case when hr.stars = 10 then 1 else 0 end) as t
    from household h
    left join star_rating hr on hr.year = ${num(year, memberIds !== undefined)} and hr.level = 'household' and hr.entity_id = h.id
    ${filter}
    group by h.zone_id`;
}

/** From this many households a full recomputation on PostgreSQL aggregates them in parallel. */
export const PARALLEL_MIN_HOUSEHOLDS = 500_000;

/** The planner's own count of households (PostgreSQL statistics; -1 before the first ANALYZE). */
async function estimatedHouseholds(trx: Db): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select reltuples as n from pg_class where oid = 'household'::regclass`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}

/** Where a level's rows go: star_result itself, or (PostgreSQL, full) the new snapshot's partition. */
type Target = RawBuilder<unknown>;
const STAR_RESULT: Target = sql`star_result`;

async function writeMembers(
  trx: Db,
  into: Target,
  snap: number,
  year: number,
  p: CertifyPolicy,
  only?: readonly number[],
) {
  const bound = only !== undefined;
  // Only members on the roll count: one transferred out or deceased (member.status) is kept
  // for history but is no longer a child of its branch.
  const filter = only
    ? sql`where m.status = 'active' and m.id in (${ids(only)})`
    : sql`where m.status = 'active'`;
  // PostgreSQL plans no parallel workers for INSERT … SELECT, but does for CREATE TABLE AS. In
  // a big district the households are aggregated first into a transaction-scoped table, where
  // the planner may use them; in a small one the workers' start-up costs more than they save
  // (scale 1 here: 1.44× the bare scan without, 1.70× with; scale 10: 1.49× and 1.44×).
  let zones = sql`(${householdAggregate(year, only)})`;
  if (!only && dialectOf(trx) === 'postgres' && (await estimatedHouseholds(trx)) >= PARALLEL_MIN_HOUSEHOLDS) {
    // Named after the snapshot: unique within the transaction, so nothing to drop first.
    zones = sql.id(`star_zone_agg_${snap}`);
    await sql`create temp table ${zones} on commit drop as ${householdAggregate(year)}`.execute(trx);
  }
  const r = await sql`insert into ${into}
      (snapshot_id, level, entity_id, parent_id, own_stars, own_mask, children_total, children_ten, ten_star, reason)
    select ${num(snap, bound)}, 'member', x.id, x.parent_id, x.own, x.mask, x.n, x.t, ${certifyColumns(p)}
    from (
      select m.id, m.branch_id as parent_id, coalesce(r.stars, 0) as own, coalesce(r.met_mask, 0) as mask,
             coalesce(a.n, 0) as n, coalesce(a.t, 0) as t
      from member m
      left join star_rating r on r.year = ${num(year, bound)} and r.level = 'member' and r.entity_id = m.id
      left join zone z on z.member_id = m.id
      left join ${zones} a on a.zone_id = z.id
      ${filter}
    ) x ${upsertClause(bound)}`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

async function writeUnits(
  trx: Db,
  into: Target,
  level: 'branch' | 'committee',
  snap: number,
  year: number,
  p: CertifyPolicy,
  only?: readonly number[],
) {
  const childLevel = level === 'branch' ? 'member' : 'branch';
  const bound = only !== undefined;
  const outer = only ? sql`and u.id in (${ids(only)})` : sql``;
  // The children's results: a full recomputation reads the level it has just written in one
  // range of the result key; an incremental one finds the few parents' children through the
  // org tables (member.branch_id, org_unit.parent_id are indexed) and each child's result by key.
  const children = !only
    ? sql`select c.parent_id, count(*) as n, sum(c.ten_star) as t from ${into} c
        where c.snapshot_id = ${num(snap, false)} and c.level = ${sql.lit(childLevel)}
        group by c.parent_id`
    : // One lookup by key per child (a correlated subquery, so that stale statistics on
      // star_result cannot turn it into a scan of the whole level); children without a result
      // row count as absent, as in the full path.
      sql`select k.parent_id, count(k.ten) as n, sum(k.ten) as t from (
          select ${level === 'branch' ? sql`m.branch_id` : sql`m.parent_id`} as parent_id,
            (select c.ten_star from star_result c where c.snapshot_id = ${num(snap, true)}
              and c.level = ${sql.lit(childLevel)} and c.entity_id = m.id) as ten
          from ${level === 'branch' ? sql`member m where m.status = 'active' and m.branch_id` : sql`org_unit m where m.kind = 'branch' and m.dissolved_on is null and m.parent_id`} in (${ids(only)})
        ) k group by k.parent_id`;
  const r = await sql`insert into ${into}
      (snapshot_id, level, entity_id, parent_id, own_stars, own_mask, children_total, children_ten, ten_star, reason)
    select ${num(snap, bound)}, ${sql.lit(level)}, x.id, x.parent_id, x.own, x.mask, x.n, x.t, ${certifyColumns(p)}
    from (
      select u.id, u.parent_id, coalesce(r.stars, 0) as own, coalesce(r.met_mask, 0) as mask,
             coalesce(a.n, 0) as n, coalesce(a.t, 0) as t
      from org_unit u
      left join star_rating r on r.year = ${num(year, bound)} and r.level = ${sql.lit(level)} and r.entity_id = u.id
      left join (${children}) a on a.parent_id = u.id
      where u.kind = ${sql.lit(level)} and u.parent_id is not null and u.dissolved_on is null ${outer}
    ) x ${upsertClause(bound)}`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** The PostgreSQL partition of star_result that holds one snapshot. */
export const partitionName = (snapshotId: number) => `star_result_s${Math.trunc(snapshotId)}`;

/**
 * Drops the partitions of snapshots no year points at any more (PostgreSQL), in one round
 * trip. Dropping a partition locks all of star_result until commit, so each drop waits at most
 * 100 ms for readers to finish: a partition that cannot be dropped now stays until the next run.
 */
export async function dropStalePartitions(trx: Db): Promise<void> {
  await sql`do $$
    declare
      part text;
      saved text := current_setting('lock_timeout');
    begin
      for part in
        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'star_result'::regclass and c.relname ~ '^star_result_s[0-9]+$'
          and substr(c.relname, 14)::integer not in
            (select snapshot_id from star_current where snapshot_id is not null)
      loop
        begin
          perform set_config('lock_timeout', '100ms', true);
          execute format('drop table %I', part);
        exception when lock_not_available then
          null; -- a reader holds star_result: leave this one for the next run
        end;
      end loop;
      perform set_config('lock_timeout', saved, true);
    end $$`.execute(trx);
}

/**
 * Recomputes a whole year, set-based: one grouped aggregate per level (members over the
 * households of their zones, branches over members, committees over branches) written into a
 * new snapshot, then switched to in the same transaction; the previous snapshot is dropped.
 * Readers go through star_current and never see a half-computed year.
 *
 * @example await recomputeStarsFull(db, 2026) // { mode: 'full', snapshotId: 3, rows: { member: 9800, … } }
 */
export function recomputeStarsFull(db: Db, year: number): Promise<RecomputeResult> {
  return inTx(db, async (trx, owned) => {
    const { snapshotId: old, revision } = await lockYear(trx, year);
    const pg = dialectOf(trx) === 'postgres';
    if (pg)
      // Scoped to this transaction, in one round trip:
      // - jit: PostgreSQL would JIT-compile each level's statement (≈ 0.1 s apiece) for a plan
      //   that runs once; interpreted execution is as fast here.
      // - enable_nestloop: the new snapshot's rows were written in this transaction, so the
      //   planner has no statistics for them and guesses one member per branch; it would pick a
      //   nested loop over branches × their aggregate (3,751² comparisons at scale 10, 0.55 s).
      //   Every statement here is a bulk join, for which hash joins are right.
      // - work_mem: the levels' sorts (key order, parents) stay in memory instead of spilling;
      //   the household aggregate itself runs as fast with the default (measured).
      // - synchronous_commit, only in a transaction of our own: it writes derived data alone,
      //   so after a crash right after commit the worst case is the previous snapshot and
      //   another recomputation. Inside a caller's transaction (audit records) theirs applies.
      await sql`select set_config('jit', 'off', true), set_config('enable_nestloop', 'off', true),
        set_config('work_mem', '64MB', true) ${owned ? sql`, set_config('synchronous_commit', 'off', true)` : sql``}`.execute(
        trx,
      );
    const { policy } = await getConfig(trx, year);
    const snap = await trx
      .insertInto('star_snapshot')
      .values({
        year,
        threshold_num: policy.num,
        threshold_den: policy.den,
        empty_passes: policy.emptyPasses ? 1 : 0,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // On PostgreSQL each snapshot is its own partition of star_result: the levels are written
    // into a fresh table with no index to maintain, its key is built once by sorting, and it is
    // attached when complete (a CHECK matching the partition bound spares the attach a scan).
    // The replaced snapshot's partition is dropped, not its rows deleted one by one.
    const part = sql.id(partitionName(snap.id));
    const into = pg ? part : STAR_RESULT;
    if (pg)
      await sql`create table ${part} (like star_result,
        constraint ${sql.id(`${partitionName(snap.id)}_snapshot`)} check (snapshot_id = ${sql.lit(snap.id)}))`.execute(
        trx,
      );
    const rows = {
      member: await writeMembers(trx, into, snap.id, year, policy),
      branch: await writeUnits(trx, into, 'branch', snap.id, year, policy),
      committee: await writeUnits(trx, into, 'committee', snap.id, year, policy),
    };
    if (pg) {
      await sql`alter table ${part} add constraint ${sql.id(`${partitionName(snap.id)}_key`)}
        primary key (snapshot_id, level, entity_id)`.execute(trx);
      await sql`alter table star_result attach partition ${part} for values in (${sql.lit(snap.id)})`.execute(
        trx,
      );
    }
    await trx
      .updateTable('star_current')
      .set({ snapshot_id: snap.id, computed_at: nowIso() })
      .where('year', '=', year)
      .execute();
    if (old !== null) {
      if (!pg) await trx.deleteFrom('star_result').where('snapshot_id', '=', old).execute();
      await trx.deleteFrom('star_snapshot').where('id', '=', old).execute();
    }
    if (pg) await dropStalePartitions(trx);
    seenOf(trx).set(year, { snapshotId: snap.id, policy });
    return { year, snapshotId: snap.id, revision, mode: 'full' as const, rows };
  });
}

/** The members, branches and committees above a set of changed ratings. */
export async function chainsOf(
  db: Db,
  changes: readonly RatingChange[],
): Promise<{ member: number[]; branch: number[]; committee: number[] }> {
  const single = changes.length === 1 ? changes[0]! : null;
  if (single && single.level !== 'committee') {
    // One change: its whole chain in one indexed lookup.
    const id = single.entityId;
    const row =
      single.level === 'branch'
        ? await db
            .selectFrom('org_unit')
            .select(['id as b', 'parent_id as c'])
            .where('id', '=', id)
            .where('kind', '=', 'branch')
            .executeTakeFirst()
        : await (single.level === 'household'
            ? db
                .selectFrom('household as h')
                .innerJoin('zone as z', 'z.id', 'h.zone_id')
                .innerJoin('member as m', 'm.id', 'z.member_id')
                .where('h.id', '=', id)
            : db.selectFrom('member as m').where('m.id', '=', id)
          )
            .innerJoin('org_unit as u', 'u.id', 'm.branch_id')
            .select(['m.id as m', 'u.id as b', 'u.parent_id as c'])
            .executeTakeFirst();
    if (!row) return { member: [], branch: [], committee: [] };
    return {
      member: 'm' in row ? [Number(row.m)] : [],
      branch: [row.b],
      committee: row.c === null ? [] : [row.c],
    };
  }
  const by = (level: StarLevel) => [
    ...new Set(changes.filter((c) => c.level === level).map((c) => c.entityId)),
  ];
  const members = new Set(by('member'));
  const households = by('household');
  for (let i = 0; i < households.length; i += 1000) {
    const rows = await db
      .selectFrom('household as h')
      .innerJoin('zone as z', 'z.id', 'h.zone_id')
      .select('z.member_id')
      .where('h.id', 'in', households.slice(i, i + 1000))
      .execute();
    for (const r of rows) members.add(r.member_id);
  }
  const branches = new Set(by('branch'));
  const memberList = [...members];
  for (let i = 0; i < memberList.length; i += 1000) {
    const rows = await db
      .selectFrom('member')
      .select('branch_id')
      .where('id', 'in', memberList.slice(i, i + 1000))
      .execute();
    for (const r of rows) branches.add(r.branch_id);
  }
  const committees = new Set(by('committee'));
  const branchList = [...branches];
  for (let i = 0; i < branchList.length; i += 1000) {
    const rows = await db
      .selectFrom('org_unit')
      .select('parent_id')
      .where('id', 'in', branchList.slice(i, i + 1000))
      .where('kind', '=', 'branch')
      .execute();
    for (const r of rows) if (r.parent_id !== null) committees.add(r.parent_id);
  }
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return { member: sorted(members), branch: sorted(branches), committee: sorted(committees) };
}

/**
 * Recomputes only the chain above changed ratings (a household's member → branch → committee)
 * in the current snapshot, with the policy that snapshot was computed with, in one transaction:
 * the result equals a full recomputation. Falls back to a full one when the year has no
 * snapshot yet or the change set is large.
 *
 * @example await recomputeStarsIncremental(db, 2026, { level: 'household', entityId: 42 }) // { mode: 'incremental', rows: { member: 1, branch: 1, committee: 1 } }
 */
export function recomputeStarsIncremental(
  db: Db,
  year: number,
  change: RatingChange | readonly RatingChange[],
): Promise<RecomputeResult> {
  const changes: readonly RatingChange[] = Array.isArray(change) ? change : [change as RatingChange];
  return inTx(db, async (trx) => {
    // One change below a committee, on PostgreSQL: the whole chain in one statement.
    const single = changes.length === 1 && changes[0]!.level !== 'committee' ? changes[0]! : null;
    const expected = seenOf(trx).get(year);
    if (single && expected && dialectOf(trx) === 'postgres') {
      const done = await recomputeChainPg(trx, year, single, expected);
      if (done) return { year, ...done, mode: 'incremental' as const };
    }
    const { snapshotId, revision, policy } = await lockYear(trx, year);
    if (snapshotId !== null && policy !== null) seenOf(trx).set(year, { snapshotId, policy });
    if (snapshotId === null || policy === null || changes.length > INCREMENTAL_LIMIT)
      return recomputeStarsFull(trx, year);
    const chain = await chainsOf(trx, changes);
    if (chain.member.length + chain.branch.length + chain.committee.length > INCREMENTAL_LIMIT)
      return recomputeStarsFull(trx, year);
    const rows = { member: 0, branch: 0, committee: 0 };
    for (const level of ['member', 'branch', 'committee'] as const) {
      const only = chain[level];
      if (only.length === 0) continue;
      rows[level] =
        level === 'member'
          ? await writeMembers(trx, STAR_RESULT, snapshotId, year, policy, only)
          : await writeUnits(trx, STAR_RESULT, level, snapshotId, year, policy, only);
    }
    return { year, snapshotId, revision, mode: 'incremental' as const, rows };
  });
}

/** The snapshot readers should use for a year, or null before the first recomputation. */
export async function currentSnapshot(
  db: Db,
  year: number,
): Promise<{ snapshotId: number; revision: number; computedAt: string } | null> {
  const row = await db.selectFrom('star_current').selectAll().where('year', '=', year).executeTakeFirst();
  if (!row || row.snapshot_id === null) return null;
  return { snapshotId: row.snapshot_id, revision: row.revision, computedAt: row.computed_at };
}
