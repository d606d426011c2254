import { sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { describe, expect, it } from 'vitest';
import { planDistrict } from './district.ts';
import { loadDistrict } from './load.ts';
import { rng, splitExactly } from './random.ts';

describe('district plan', () => {
  it('reproduces the seed report at scale 1', () => {
    const plan = planDistrict(1);
    let households = 0;
    for (const _ of plan.households()) households++;
    expect(households).toBe(120_000);
    expect(plan.members.length).toBe(9_800);
    const grassroots = plan.units.filter((u) => u.kind === 'committee' || u.kind === 'branch').length;
    expect(grassroots).toBeGreaterThan(400);
    expect(grassroots).toBeLessThan(500);
    expect(plan.zones.length).toBe(plan.members.length);
  });
  it('is deterministic', () => {
    const a = planDistrict(1);
    const b = planDistrict(1);
    expect(a.members.slice(0, 50)).toEqual(
      b.members.slice(0, 50).map((m) => ({ ...m, created_at: a.members[0]!.created_at })),
    );
    expect([...b.households()].slice(0, 20)).toEqual([...a.households()].slice(0, 20));
  });
  it('splits totals exactly', () => {
    const parts = splitExactly(rng(1), 1000, 37);
    expect(parts.reduce((x, y) => x + y, 0)).toBe(1000);
    expect(Math.min(...parts)).toBeGreaterThan(0);
  });
});

describeEachDialect('district load', (t) => {
  it('loads scale 1 with a consistent closure table', async () => {
    const plan = planDistrict(1);
    await loadDistrict(t.db, plan);
    const count = async (table: 'household' | 'member' | 'org_unit') =>
      Number(
        (await t.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
      );
    expect(await count('household')).toBe(120_000);
    expect(await count('member')).toBe(9_800);
    // every branch is reachable from the district root through the closure table
    const reach = await t.db
      .selectFrom('org_closure')
      .select(sql<number>`count(*)`.as('n'))
      .where('ancestor_id', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(reach.n)).toBe(await count('org_unit'));
    // sequences continue after the explicit ids
    const next = await t.db
      .insertInto('org_unit')
      .values({ parent_id: 1, kind: 'street', name: '新街道', code: 'NEW', portal: null, created_at: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(next.id).toBe(plan.units.length + 1);
  }, 120_000);
});
