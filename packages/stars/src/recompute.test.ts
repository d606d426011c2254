import { createDb, type Database, type Kysely, type StarLevel, sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  ALL_CRITERIA_MASK,
  type CertifyPolicy,
  certifyTree,
  emptyRatings,
  type Ratings,
  reasonCode,
  type StarTree,
  starsOf,
} from './certify.ts';
import { setConfig } from './criteria.ts';
import {
  currentSnapshot,
  partitionName,
  recomputeStarsFull,
  recomputeStarsIncremental,
} from './recompute.ts';

const YEAR = 2026;
const NINE = ALL_CRITERIA_MASK & ~(1 << 9);
/** Mostly ten stars, some nine, some anything: so that shares land near, at and under 80%. */
const mask = fc.oneof(
  { weight: 6, arbitrary: fc.constant(ALL_CRITERIA_MASK) },
  { weight: 2, arbitrary: fc.constant(NINE) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: ALL_CRITERIA_MASK }) },
  { weight: 1, arbitrary: fc.constant(-1) }, // unrated
);

/** A random district: committees → branches → members → zones (maybe empty) → households. */
const treeArb = fc
  .array(fc.array(fc.array(fc.array(mask, { maxLength: 6 }), { maxLength: 4 }), { maxLength: 3 }), {
    minLength: 1,
    maxLength: 3,
  })
  .chain((shape) => {
    const committees = shape.length;
    const branches = shape.flat().length;
    const members = shape.flat(2).length;
    return fc.record({
      shape: fc.constant(shape),
      committeeMasks: fc.array(mask, { minLength: committees, maxLength: committees }),
      branchMasks: fc.array(mask, { minLength: branches, maxLength: branches }),
      memberMasks: fc.array(mask, { minLength: members, maxLength: members }),
      policy: fc.constantFrom<CertifyPolicy>(
        { num: 4, den: 5, emptyPasses: false },
        { num: 4, den: 5, emptyPasses: true },
        { num: 2, den: 3, emptyPasses: false },
      ),
    });
  });

type Gen = typeof treeArb extends fc.Arbitrary<infer T> ? T : never;

async function clear(db: Kysely<Database>) {
  for (const t of ['star_result', 'star_current', 'star_snapshot', 'star_rating', 'star_config'] as const)
    await db.deleteFrom(t).execute();
  await db.deleteFrom('household').execute();
  await db.deleteFrom('zone').execute();
  await db.deleteFrom('member').execute();
  for (const kind of ['branch', 'committee', 'street', 'district'] as const)
    await db.deleteFrom('org_unit').where('kind', '=', kind).execute();
}

/** Loads a generated tree; returns the same tree and ratings for the pure function. */
/** Writes one rating as a raw mask (the tests' masks may name no configured criteria). */
function rate(db: Kysely<Database>, level: StarLevel, id: number, met: number) {
  return db
    .insertInto('star_rating')
    .values({ year: YEAR, level, entity_id: id, met_mask: met, stars: starsOf(met), rated_at: 'y' })
    .onConflict((oc) =>
      oc.columns(['year', 'level', 'entity_id']).doUpdateSet({ met_mask: met, stars: starsOf(met) }),
    )
    .execute();
}

async function load(db: Kysely<Database>, g: Gen): Promise<{ tree: StarTree; ratings: Ratings }> {
  const tree: StarTree = { committees: [], branches: [], members: [], households: [] };
  const ratings = emptyRatings();
  const units: {
    id: number;
    parent_id: number | null;
    kind: any;
    name: string;
    code: string;
    created_at: string;
  }[] = [
    { id: 1, parent_id: null, kind: 'district', name: 'd', code: 'D', created_at: 'x' },
    { id: 2, parent_id: 1, kind: 'street', name: 's', code: 'S', created_at: 'x' },
  ];
  const members: any[] = [];
  const zones: any[] = [];
  const households: any[] = [];
  const rate: {
    year: number;
    level: StarLevel;
    entity_id: number;
    met_mask: number;
    stars: number;
    rated_at: string;
  }[] = [];
  const addRating = (level: StarLevel, id: number, m: number) => {
    if (m < 0) return;
    ratings[level].set(id, m);
    rate.push({ year: YEAR, level, entity_id: id, met_mask: m, stars: starsOf(m), rated_at: 'x' });
  };
  let unitId = 3;
  let memberId = 1;
  let householdId = 1;
  let bi = 0;
  let mi = 0;
  g.shape.forEach((branchShapes, ci) => {
    const c = unitId++;
    units.push({ id: c, parent_id: 2, kind: 'committee', name: 'c', code: `C${c}`, created_at: 'x' });
    tree.committees.push(c);
    addRating('committee', c, g.committeeMasks[ci]!);
    for (const memberShapes of branchShapes) {
      const b = unitId++;
      units.push({ id: b, parent_id: c, kind: 'branch', name: 'b', code: `B${b}`, created_at: 'x' });
      tree.branches.push({ id: b, committeeId: c });
      addRating('branch', b, g.branchMasks[bi++]!);
      for (const householdMasks of memberShapes) {
        const m = memberId++;
        members.push({ id: m, branch_id: b, name: 'm', gender: 'M', created_at: 'x' });
        zones.push({ id: m, member_id: m, name: 'z' });
        tree.members.push({ id: m, branchId: b });
        addRating('member', m, g.memberMasks[mi++]!);
        for (const hm of householdMasks) {
          const h = householdId++;
          households.push({ id: h, zone_id: m, head_name: 'h', address: 'a' });
          tree.households.push({ id: h, memberId: m });
          addRating('household', h, hm);
        }
      }
    }
  });
  await db.insertInto('org_unit').values(units).execute();
  if (members.length) await db.insertInto('member').values(members).execute();
  if (zones.length) await db.insertInto('zone').values(zones).execute();
  if (households.length) await db.insertInto('household').values(households).execute();
  if (rate.length) await db.insertInto('star_rating').values(rate).execute();
  await setConfig(db, {
    year: YEAR,
    policy: g.policy,
    bonusFen: { household: 0, member: 0, branch: 0, committee: 0 },
    budgetFen: 0,
  });
  return { tree, ratings };
}

/** The current snapshot as comparable rows, and the same rows from the pure function. */
async function snapshotRows(db: Kysely<Database>) {
  const cur = await currentSnapshot(db, YEAR);
  const rows = await db
    .selectFrom('star_result')
    .select([
      'level',
      'entity_id',
      'parent_id',
      'own_stars',
      'children_total',
      'children_ten',
      'ten_star',
      'reason',
    ])
    .where('snapshot_id', '=', cur!.snapshotId)
    .execute();
  return rows
    .map((r) => ({ ...r, children_total: Number(r.children_total), children_ten: Number(r.children_ten) }))
    .sort((a, b) => a.level.localeCompare(b.level) || a.entity_id - b.entity_id);
}

function expectedRows(tree: StarTree, ratings: Ratings, policy: CertifyPolicy) {
  const c = certifyTree(tree, ratings, policy);
  const parent = {
    member: new Map(tree.members.map((m) => [m.id, m.branchId])),
    branch: new Map(tree.branches.map((b) => [b.id, b.committeeId])),
    committee: new Map(tree.committees.map((id) => [id, 2])),
  };
  const out = [];
  for (const level of ['member', 'branch', 'committee'] as const)
    for (const [id, r] of c[level])
      out.push({
        level,
        entity_id: id,
        parent_id: parent[level].get(id)!,
        own_stars: r.ownStars,
        children_total: r.childrenTotal,
        children_ten: r.childrenTen,
        ten_star: r.tenStar ? 1 : 0,
        reason: reasonCode(r),
      });
  return out.sort((a, b) => a.level.localeCompare(b.level) || a.entity_id - b.entity_id);
}

describeEachDialect('set-based recomputation', (t) => {
  it('full recomputation in SQL equals the pure cascade on random trees', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async (g) => {
        await clear(t.db);
        const { tree, ratings } = await load(t.db, g);
        const r = await recomputeStarsFull(t.db, YEAR);
        expect(r.rows.member).toBe(tree.members.length);
        expect(await snapshotRows(t.db)).toEqual(expectedRows(tree, ratings, g.policy));
      }),
      { numRuns: 25 },
    );
  });

  it('members off the roll (transferred out, deceased) and dissolved branches are not counted: SQL equals the cascade without them', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, fc.array(fc.nat(), { maxLength: 4 }), fc.nat(), async (g, picks, edit) => {
        await clear(t.db);
        const { tree, ratings } = await load(t.db, g);
        if (tree.members.length === 0) return;
        const gone = [...new Set(picks.map((p) => tree.members[p % tree.members.length]!.id))];
        // The first one died, the others transferred out.
        if (gone.length) {
          await t.db.updateTable('member').set({ status: 'deceased' }).where('id', '=', gone[0]!).execute();
          await t.db
            .updateTable('member')
            .set({ status: 'transferred_out' })
            .where('id', 'in', gone.slice(1).concat(-1))
            .execute();
        }
        // A dissolved branch is empty (its members moved first) and leaves its committee's share.
        const empty = tree.branches.filter(
          (b) => !tree.members.some((m) => m.branchId === b.id && !gone.includes(m.id)),
        );
        const dissolved = empty.slice(0, 1).map((b) => b.id);
        if (dissolved.length)
          await t.db
            .updateTable('org_unit')
            .set({ dissolved_on: '2026-06-30' })
            .where('id', 'in', dissolved)
            .execute();
        const kept: StarTree = {
          ...tree,
          branches: tree.branches.filter((b) => !dissolved.includes(b.id)),
          members: tree.members.filter((m) => !gone.includes(m.id)),
          households: tree.households.filter((h) => !gone.includes(h.memberId)),
        };
        await recomputeStarsFull(t.db, YEAR);
        expect(await snapshotRows(t.db)).toEqual(expectedRows(kept, ratings, g.policy));
        // The incremental path agrees: one kept household re-rated gives what a full run gives.
        if (kept.households.length) {
          const h = kept.households[edit % kept.households.length]!;
          ratings.household.set(h.id, NINE);
          await rate(t.db, 'household', h.id, NINE);
          await recomputeStarsIncremental(t.db, YEAR, { level: 'household', entityId: h.id });
          expect(await snapshotRows(t.db)).toEqual(expectedRows(kept, ratings, g.policy));
        }
      }),
      { numRuns: 20, seed: 20261203 },
    );
  });

  it('incremental recomputation after random rating changes equals full recomputation', async () => {
    await fc.assert(
      fc.asyncProperty(
        treeArb,
        fc.array(
          fc.tuple(fc.constantFrom<StarLevel>('household', 'member', 'branch', 'committee'), fc.nat(), mask),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (g, edits) => {
          await clear(t.db);
          const { tree, ratings } = await load(t.db, g);
          await recomputeStarsFull(t.db, YEAR);
          const pools: Record<StarLevel, number[]> = {
            household: tree.households.map((h) => h.id),
            member: tree.members.map((m) => m.id),
            branch: tree.branches.map((b) => b.id),
            committee: tree.committees,
          };
          for (const [level, pick, m] of edits) {
            const pool = pools[level];
            if (pool.length === 0) continue;
            const id = pool[pick % pool.length]!;
            const met = Math.max(m, 0);
            ratings[level].set(id, met);
            await rate(t.db, level, id, met);
            const inc = await recomputeStarsIncremental(t.db, YEAR, { level, entityId: id });
            expect(inc.mode).toBe('incremental');
            // Only the chain above: at most one row per level.
            expect(inc.rows.member + inc.rows.branch + inc.rows.committee).toBeLessThanOrEqual(3);
          }
          const incremental = await snapshotRows(t.db);
          expect(incremental).toEqual(expectedRows(tree, ratings, g.policy));
          await recomputeStarsFull(t.db, YEAR);
          expect(await snapshotRows(t.db)).toEqual(incremental);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('one incremental recomputation over a batch of changes (bulk import) equals full recomputation', async () => {
    await fc.assert(
      fc.asyncProperty(
        treeArb,
        fc.array(
          fc.tuple(fc.constantFrom<StarLevel>('household', 'member', 'branch', 'committee'), fc.nat(), mask),
          { minLength: 1, maxLength: 12 },
        ),
        async (g, edits) => {
          await clear(t.db);
          const { tree, ratings } = await load(t.db, g);
          await recomputeStarsFull(t.db, YEAR);
          const pools: Record<StarLevel, number[]> = {
            household: tree.households.map((h) => h.id),
            member: tree.members.map((m) => m.id),
            branch: tree.branches.map((b) => b.id),
            committee: tree.committees,
          };
          const changes = [];
          for (const [level, pick, m] of edits) {
            const pool = pools[level];
            if (pool.length === 0) continue;
            const id = pool[pick % pool.length]!;
            const met = Math.max(m, 0);
            ratings[level].set(id, met);
            await rate(t.db, level, id, met);
            changes.push({ level, entityId: id });
          }
          if (changes.length) {
            const inc = await recomputeStarsIncremental(t.db, YEAR, changes);
            expect(inc.mode).toBe('incremental');
          }
          expect(await snapshotRows(t.db)).toEqual(expectedRows(tree, ratings, g.policy));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('exactly 80% of a zone certifies its member; 79.99% does not (SQL, integers)', async () => {
    // 10,000 households: 8,000 ten-star, then one fewer.
    const g: Gen = {
      shape: [[[[]]]],
      committeeMasks: [ALL_CRITERIA_MASK],
      branchMasks: [ALL_CRITERIA_MASK],
      memberMasks: [ALL_CRITERIA_MASK],
      policy: { num: 4, den: 5, emptyPasses: false },
    };
    await load(t.db, g);
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      id: i + 1,
      zone_id: 1,
      head_name: 'h',
      address: 'a',
    }));
    for (let i = 0; i < rows.length; i += 2000)
      await t.db
        .insertInto('household')
        .values(rows.slice(i, i + 2000))
        .execute();
    const rate = rows.slice(0, 8000).map((h) => ({
      year: YEAR,
      level: 'household' as const,
      entity_id: h.id,
      met_mask: ALL_CRITERIA_MASK,
      stars: 10,
      rated_at: 'x',
    }));
    for (let i = 0; i < rate.length; i += 2000)
      await t.db
        .insertInto('star_rating')
        .values(rate.slice(i, i + 2000))
        .execute();
    await recomputeStarsFull(t.db, YEAR);
    let member = (await snapshotRows(t.db)).find((r) => r.level === 'member')!;
    expect(member).toMatchObject({ children_total: 10_000, children_ten: 8000, ten_star: 1, reason: null });
    await t.db
      .updateTable('star_rating')
      .set({ met_mask: NINE, stars: 9 })
      .where('level', '=', 'household')
      .where('entity_id', '=', 1)
      .execute();
    await recomputeStarsIncremental(t.db, YEAR, { level: 'household', entityId: 1 });
    member = (await snapshotRows(t.db)).find((r) => r.level === 'member')!;
    expect(member).toMatchObject({ children_ten: 7999, ten_star: 0, reason: 'share' });
  });

  it('a reader during recomputation sees the previous complete snapshot', async () => {
    const g: Gen = {
      shape: [[[[ALL_CRITERIA_MASK]]]],
      committeeMasks: [ALL_CRITERIA_MASK],
      branchMasks: [ALL_CRITERIA_MASK],
      memberMasks: [ALL_CRITERIA_MASK],
      policy: { num: 4, den: 5, emptyPasses: false },
    };
    await load(t.db, g);
    const first = await recomputeStarsFull(t.db, YEAR);
    const second = await recomputeStarsFull(t.db, YEAR);
    expect(second.snapshotId).not.toBe(first.snapshotId);
    expect((await currentSnapshot(t.db, YEAR))?.snapshotId).toBe(second.snapshotId);
    // The old snapshot is gone entirely; the new one is complete.
    const left = await t.db.selectFrom('star_result').select('snapshot_id').distinct().execute();
    expect(left.map((r) => r.snapshot_id)).toEqual([second.snapshotId]);
    // A failed recomputation leaves the current snapshot in place.
    await t.db
      .transaction()
      .execute(async (trx) => {
        await recomputeStarsFull(trx, YEAR);
        // still inside: roll back
        throw new Error('abort');
      })
      .catch(() => {});
    expect((await currentSnapshot(t.db, YEAR))?.snapshotId).toBe(second.snapshotId);
    expect((await snapshotRows(t.db)).length).toBe(3);
  });

  it('PostgreSQL: each snapshot is a partition; a reader holding star_result delays only the drop of the old one', async () => {
    if (t.dialect !== 'postgres') return;
    const g: Gen = {
      shape: [[[[ALL_CRITERIA_MASK]]]],
      committeeMasks: [ALL_CRITERIA_MASK],
      branchMasks: [ALL_CRITERIA_MASK],
      memberMasks: [ALL_CRITERIA_MASK],
      policy: { num: 4, den: 5, emptyPasses: false },
    };
    await load(t.db, g);
    const partitions = async () =>
      (
        await sql<{
          name: string;
        }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
          where i.inhparent = 'star_result'::regclass order by 1`.execute(t.db)
      ).rows.map((r) => r.name);
    const first = await recomputeStarsFull(t.db, YEAR);
    expect(await partitions()).toEqual([partitionName(first.snapshotId)]);
    // A reader in another session keeps star_result open across the next recomputation.
    const other = createDb({ dialect: 'postgres', url: t.url, poolSize: 1 });
    try {
      const reader = other.transaction().execute(async (trx) => {
        await trx.selectFrom('star_result').select('entity_id').limit(1).execute();
        await new Promise((r) => setTimeout(r, 1500));
      });
      await new Promise((r) => setTimeout(r, 200));
      const started = performance.now();
      const second = await recomputeStarsFull(t.db, YEAR);
      // It waited for the lock at most its timeout, not for the reader's 1.5 s.
      expect(performance.now() - started).toBeLessThan(1200);
      expect((await currentSnapshot(t.db, YEAR))?.snapshotId).toBe(second.snapshotId);
      expect(await partitions()).toEqual(
        [partitionName(first.snapshotId), partitionName(second.snapshotId)].sort(),
      );
      await reader;
      // The next run removes what the reader kept alive.
      const third = await recomputeStarsFull(t.db, YEAR);
      expect(await partitions()).toEqual([partitionName(third.snapshotId)]);
      expect((await snapshotRows(t.db)).length).toBe(3);
    } finally {
      await other.destroy();
    }
  });

  it('PostgreSQL: concurrent single-change recomputations of one branch lose no update', async () => {
    if (t.dialect !== 'postgres') return;
    const A = ALL_CRITERIA_MASK;
    // One committee, two branches of four members, each zone three households at ten stars:
    // every change below flips one household, and each branch's share hangs on all of them.
    const zone = [A, A, A];
    const g: Gen = {
      shape: [[Array.from({ length: 4 }, () => zone), Array.from({ length: 4 }, () => zone)]],
      committeeMasks: [A],
      branchMasks: [A, A],
      memberMasks: Array.from({ length: 8 }, () => A),
      policy: { num: 4, den: 5, emptyPasses: false },
    };
    const { tree, ratings } = await load(t.db, g);
    await recomputeStarsFull(t.db, YEAR);
    const pool = createDb({ dialect: 'postgres', url: t.url, poolSize: 4 });
    try {
      const changes = tree.households.map((h, i) => ({ id: h.id, met: i % 3 === 0 ? NINE : A }));
      await Promise.all(
        changes.map(({ id, met }) =>
          pool.transaction().execute(async (trx) => {
            await rate(trx, 'household', id, met);
            await recomputeStarsIncremental(trx, YEAR, { level: 'household', entityId: id });
          }),
        ),
      );
      for (const { id, met } of changes) ratings.household.set(id, met);
      expect(await snapshotRows(t.db)).toEqual(expectedRows(tree, ratings, g.policy));
    } finally {
      await pool.destroy();
    }
  });

  it('PostgreSQL: one rating change is recomputed by the single statement (the revision moves by one)', async () => {
    if (t.dialect !== 'postgres') return;
    const A = ALL_CRITERIA_MASK;
    const g: Gen = {
      shape: [[[[A, A, A]]]],
      committeeMasks: [A],
      branchMasks: [A],
      memberMasks: [A],
      policy: { num: 4, den: 5, emptyPasses: false },
    };
    const { tree, ratings } = await load(t.db, g);
    const full = await recomputeStarsFull(t.db, YEAR);
    const household = tree.households[0]!.id;
    await rate(t.db, 'household', household, NINE);
    ratings.household.set(household, NINE);
    const inc = await recomputeStarsIncremental(t.db, YEAR, { level: 'household', entityId: household });
    // The general path would have taken the year's lock twice (the statement's, then its own).
    expect(inc).toMatchObject({
      mode: 'incremental',
      snapshotId: full.snapshotId,
      revision: full.revision + 1,
    });
    expect(inc.rows).toEqual({ member: 1, branch: 1, committee: 1 });
    expect(await snapshotRows(t.db)).toEqual(expectedRows(tree, ratings, g.policy));
  });
});
