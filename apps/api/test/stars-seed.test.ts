import { describeEachDialect } from '@zhanqian/db/testing';
import { loadDistrict, planDistrict } from '@zhanqian/seeds';
import { certifyTree, currentSnapshot, emptyRatings, reasonCode, type StarTree } from '@zhanqian/stars';
import { expect, it } from 'vitest';
import { seedStars } from '../../../seeds/src/stars.ts';

describeEachDialect('stars seed at scale 1', (t) => {
  it('rates every entity deterministically with a realistic distribution; SQL certification equals the pure cascade', async () => {
    await loadDistrict(t.db, planDistrict(1));
    const { ratings } = await seedStars(t.db, { scale: 1, year: 2026 });
    expect(ratings.household).toBe(120_000);
    expect(ratings.member).toBe(9_800);

    const dist = await t.db
      .selectFrom('star_rating')
      .select(['stars', t.db.fn.countAll<number>().as('n')])
      .where('level', '=', 'household')
      .groupBy('stars')
      .orderBy('stars')
      .execute();
    const by = Object.fromEntries(dist.map((d) => [d.stars, Number(d.n)]));
    // Most households 8–10 stars; none below 5. The exact figures pin determinism (same on both engines).
    expect((by[10] ?? 0) + (by[9] ?? 0) + (by[8] ?? 0)).toBeGreaterThan(0.95 * 120_000);
    expect(Math.min(...dist.map((d) => d.stars))).toBeGreaterThanOrEqual(5);
    expect(by[10]).toBe(104_682);

    // The whole district, certified by the pure reference, equals the snapshot.
    const households = await t.db
      .selectFrom('household as h')
      .innerJoin('zone as z', 'z.id', 'h.zone_id')
      .select(['h.id', 'z.member_id'])
      .execute();
    const members = await t.db.selectFrom('member').select(['id', 'branch_id']).execute();
    const units = await t.db.selectFrom('org_unit').select(['id', 'kind', 'parent_id']).execute();
    const tree: StarTree = {
      committees: units.filter((u) => u.kind === 'committee').map((u) => u.id),
      branches: units
        .filter((u) => u.kind === 'branch')
        .map((u) => ({ id: u.id, committeeId: u.parent_id! })),
      members: members.map((m) => ({ id: m.id, branchId: m.branch_id })),
      households: households.map((h) => ({ id: h.id, memberId: h.member_id })),
    };
    const r = emptyRatings();
    for (const row of await t.db.selectFrom('star_rating').selectAll().where('year', '=', 2026).execute())
      r[row.level].set(row.entity_id, row.met_mask);
    const expected = certifyTree(tree, r);
    const snap = await currentSnapshot(t.db, 2026);
    const rows = await t.db
      .selectFrom('star_result')
      .selectAll()
      .where('snapshot_id', '=', snap!.snapshotId)
      .execute();
    expect(rows).toHaveLength(9_800 + tree.branches.length + tree.committees.length);
    let mismatches = 0;
    for (const row of rows) {
      const c = expected[row.level].get(row.entity_id)!;
      if (
        c.tenStar !== (row.ten_star === 1) ||
        reasonCode(c) !== row.reason ||
        c.childrenTotal !== Number(row.children_total) ||
        c.childrenTen !== Number(row.children_ten)
      )
        mismatches++;
    }
    expect(mismatches).toBe(0);
    const certified = (level: 'member' | 'branch' | 'committee') =>
      [...expected[level].values()].filter((c) => c.tenStar).length;
    // A plausible share certified: most members, many branches, a few committees.
    expect(certified('member') / 9_800).toBeGreaterThan(0.6);
    expect(certified('branch')).toBeGreaterThan(0);
    expect(certified('committee')).toBeGreaterThan(0);
    expect(certified('committee')).toBeLessThan(tree.committees.length / 2);
  }, 120_000);
});
