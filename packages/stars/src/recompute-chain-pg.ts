import { nowIso } from '@zhanqian/core';
import { type Database, type Kysely, PREPARED, type StarLevel, sql } from '@zhanqian/db';
import type { RawBuilder } from 'kysely';
import type { CertifyPolicy } from './certify.ts';
import { certifyExpr } from './recompute-sql.ts';

type Db = Kysely<Database>;

/** One changed rating (the shape of recompute.ts's RatingChange). */
interface Change {
  level: StarLevel;
  entityId: number;
}

const int = (x: number) => sql`cast(${Math.trunc(x)} as integer)`;

/** The chain above one change: (member_id, branch_id, committee_id), member null for a branch. */
function chainOf(change: Change): RawBuilder<unknown> {
  const id = int(change.entityId);
  switch (change.level) {
    case 'household':
      return sql`select m.id as member_id, u.id as branch_id, u.parent_id as committee_id
        from household h join zone z on z.id = h.zone_id join member m on m.id = z.member_id
        join org_unit u on u.id = m.branch_id where h.id = ${id}`;
    case 'member':
      return sql`select m.id as member_id, u.id as branch_id, u.parent_id as committee_id
        from member m join org_unit u on u.id = m.branch_id where m.id = ${id}`;
    case 'branch':
      return sql`select cast(null as integer) as member_id, u.id as branch_id, u.parent_id as committee_id
        from org_unit u where u.id = ${id} and u.kind = 'branch'`;
    case 'committee':
      throw new RangeError('a committee change has no chain below it: use the general path');
  }
}

/**
 * Writes a level's computed row (the one row of CTE `rows`, if any) over the same row of the
 * snapshot, looked up by its full key: the new partition has no statistics yet, and a join
 * would have the planner scan the whole level in the belief that it holds one row.
 */
const updateFrom = (snap: RawBuilder<unknown>, level: string, rows: string) => sql`update star_result r set
    (parent_id, own_stars, own_mask, children_total, children_ten, ten_star, reason) =
    (select x.parent_id, x.own, x.mask, x.n, x.t, x.ten_star, x.reason from ${sql.id(rows)} x)
  where r.snapshot_id = ${snap} and r.level = ${sql.lit(level)} and r.entity_id = (select id from ${sql.id(rows)})
  returning 1`;

/**
 * One rating change's chain (its member, branch and committee) recomputed on PostgreSQL in a
 * single statement, i.e. one round trip instead of five: the year's lock and revision, the
 * chain, and the three levels' rows rewritten in the current snapshot. It is prepared once per
 * connection (planning it cost more than running it). It needs the snapshot the caller expects
 * (the last one this process saw for the year, with its policy), which it checks.
 * Data-modifying WITH clauses all read the statement's snapshot and cannot see each other's
 * writes, so each parent's aggregate takes its changed child's new value from the clause that
 * computed it, and every other child's from star_result.
 *
 * The statement's snapshot is taken before the year's row lock is granted. Nothing is written,
 * and null comes back, when the year's current snapshot is not the expected one, or another
 * recomputation of the year committed in between (the revision is then not the one this
 * statement saw plus one). Null also comes back when a row of the chain was missing from the
 * snapshot (an entity added since). The caller, now holding the lock, then takes the general
 * path, whose statements each see everything committed and which upserts.
 *
 * @example await recomputeChainPg(trx, 2026, { level: 'household', entityId: 42 }, { snapshotId: 7, policy }) // { snapshotId: 7, revision: 12, rows: { member: 1, branch: 1, committee: 1 } }
 */
export async function recomputeChainPg(
  trx: Db,
  year: number,
  change: Change,
  expected: { snapshotId: number; policy: CertifyPolicy },
): Promise<{
  snapshotId: number;
  revision: number;
  rows: { member: number; branch: number; committee: number };
} | null> {
  const y = int(year);
  // Every value a parameter: one text per change level, prepared once per connection.
  const snap = int(expected.snapshotId);
  const p = expected.policy;
  const certify = certifyExpr(int(p.num), int(p.den), int(p.emptyPasses ? 1 : 0));
  // A branch (or committee) of the chain: its own rating and its children's ten-star share,
  // the changed child's value taken from the row computed above it in this statement.
  const unitRow = (level: 'branch' | 'committee') => {
    const [child, childRows, children] =
      level === 'branch'
        ? [
            sql`'member'`,
            sql`mrow`,
            sql`member c_ on c_.branch_id = chain.branch_id and c_.status = 'active'`,
          ]
        : [
            sql`'branch'`,
            sql`brow`,
            sql`org_unit c_ on c_.parent_id = chain.committee_id and c_.kind = 'branch' and c_.dissolved_on is null`,
          ];
    return sql`select x.*, ${certify}
      from ok, (
        select u.id, u.parent_id, coalesce(r.stars, 0) as own, coalesce(r.met_mask, 0) as mask,
               coalesce(k.n, 0) as n, coalesce(k.t, 0) as t
        from chain join org_unit u on u.id = chain.${sql.raw(`${level}_id`)} and u.kind = ${sql.lit(level)}
          and u.parent_id is not null and u.dissolved_on is null
        left join star_rating r on r.year = ${y} and r.level = ${sql.lit(level)} and r.entity_id = u.id
        left join (
          select count(kid.ten) as n, sum(kid.ten) as t from (
            select case when c_.id = changed.id then changed.ten_star else
                     (select c.ten_star from star_result c
                      where c.snapshot_id = ${snap} and c.level = ${child} and c.entity_id = c_.id) end as ten
            from chain join ${children}
            left join ${childRows} changed on changed.id = c_.id) kid
        ) k on true
      ) x`;
  };
  const { rows } = await sql<{
    ok: number;
    revision: number;
    m: number;
    b: number;
    c: number;
    want: number;
  }>`${sql.raw(PREPARED)} with
    seen as (select revision from star_current where year = ${y}),
    cur as (
      insert into star_current as sc (year, snapshot_id, revision, computed_at)
      values (${y}, null, 1, ${nowIso()})
      on conflict (year) do update set revision = sc.revision + 1, computed_at = excluded.computed_at
      returning sc.snapshot_id, sc.revision),
    ok as (
      select 1 from cur
      where cur.snapshot_id = ${snap} and cur.revision = coalesce((select revision from seen), 0) + 1),
    chain as (${chainOf(change)}),
    mrow as (
      select x.*, ${certify}
      from ok, (
        select m.id, m.branch_id as parent_id, coalesce(r.stars, 0) as own, coalesce(r.met_mask, 0) as mask,
               coalesce(a.n, 0) as n, coalesce(a.t, 0) as t
        from chain join member m on m.id = chain.member_id
        left join star_rating r on r.year = ${y} and r.level = 'member' and r.entity_id = m.id
        left join zone z on z.member_id = m.id
        left join lateral (
          select count(*) as n, sum(case when hr.stars = 10 then 1 else 0 end) as t
          from household h
          left join star_rating hr on hr.year = ${y} and hr.level = 'household' and hr.entity_id = h.id
          where h.zone_id = z.id) a on true
      ) x),
    mup as (${updateFrom(snap, 'member', 'mrow')}),
    brow as (${unitRow('branch')}),
    bup as (${updateFrom(snap, 'branch', 'brow')}),
    crow as (${unitRow('committee')}),
    cup as (${updateFrom(snap, 'committee', 'crow')})
    select (select count(*) from ok) as ok, (select revision from cur) as revision,
      (select count(*) from mup) as m, (select count(*) from bup) as b, (select count(*) from cup) as c,
      (select count(*) from mrow) + (select count(*) from brow) + (select count(*) from crow) as want`.execute(
    trx,
  );
  const row = rows[0];
  if (!row || Number(row.ok) !== 1) return null;
  const written = { member: Number(row.m), branch: Number(row.b), committee: Number(row.c) };
  if (written.member + written.branch + written.committee !== Number(row.want)) return null;
  return { snapshotId: expected.snapshotId, revision: Number(row.revision), rows: written };
}
