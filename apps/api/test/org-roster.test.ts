import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { buildFixture, callerAs } from './fixture.ts';

/**
 * Issue #21 item 13: the member roll (党员名册) follows the unit picked in the tree — the
 * members of its subtree, never beyond the caller's scope — and names each branch with its
 * street when the roll spans streets.
 */
describeEachDialect('org.members: the roll of the unit picked', (t) => {
  it('a street, a community or a branch picked gives the members of its subtree', async () => {
    const f = await buildFixture(t.db);
    const [s1, s2] = f.streets as [(typeof f.streets)[0], (typeof f.streets)[0]];
    const admin = await callerAs(t.db, 'district_admin');
    const names = async (input: Parameters<typeof admin.org.members>[0]) =>
      (await admin.org.members(input)).rows.map((r) => r.name);

    expect(await names({})).toEqual(['党员1-1', '党员1-2', '党员2-1', '党员2-2']);
    expect(await names({ unitId: f.district.id })).toEqual(['党员1-1', '党员1-2', '党员2-1', '党员2-2']);
    expect(await names({ unitId: s1.street.id })).toEqual(['党员1-1', '党员1-2']);
    expect(await names({ unitId: s2.committee.id })).toEqual(['党员2-1', '党员2-2']);
    expect(await names({ unitId: s2.branch.id })).toEqual(['党员2-1', '党员2-2']);
    const picked = await admin.org.members({ unitId: s2.street.id, q: '2-2' });
    expect(picked).toMatchObject({ total: 1, rows: [{ name: '党员2-2' }] });
    // a department has no members of its own
    expect(await admin.org.members({ unitId: f.departments.khb.id })).toMatchObject({ total: 0, rows: [] });
    // the total follows the unit, for paging
    expect((await admin.org.members({ unitId: s1.street.id, pageSize: 1 })).total).toBe(2);
  });

  it('the branch reads with its street across streets, and without it within one', async () => {
    const f = await buildFixture(t.db);
    for (const s of f.streets)
      await t.db
        .updateTable('org_unit')
        .set({ name: '第1楼栋党支部' })
        .where('id', '=', s.branch.id)
        .execute();
    const admin = await callerAs(t.db, 'district_admin');
    expect((await admin.org.members({})).rows.map((r) => r.branchName)).toEqual([
      '第1楼栋党支部（街道1）',
      '第1楼栋党支部（街道1）',
      '第1楼栋党支部（街道2）',
      '第1楼栋党支部（街道2）',
    ]);
    const one = await admin.org.members({ unitId: f.streets[1]!.committee.id });
    expect(one.rows.map((r) => r.branchName)).toEqual(['第1楼栋党支部', '第1楼栋党支部']);
    const street1 = await callerAs(t.db, 'street1');
    expect((await street1.org.members({})).rows.map((r) => r.branchName)).toEqual([
      '第1楼栋党支部',
      '第1楼栋党支部',
    ]);
  });

  it('a unit outside the caller’s scope, or unknown, is refused', async () => {
    const f = await buildFixture(t.db);
    const street1 = await callerAs(t.db, 'street1');
    expect((await street1.org.members({ unitId: f.streets[0]!.committee.id })).total).toBe(2);
    for (const unitId of [f.streets[1]!.street.id, f.streets[1]!.branch.id, f.district.id, 999_999])
      await expect(street1.org.members({ unitId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // the branch secretary's scope is the branch: the community above is outside it
    const secretary = await callerAs(t.db, 'branch_secretary');
    expect((await secretary.org.members({ unitId: f.streets[0]!.branch.id })).total).toBe(2);
    await expect(secretary.org.members({ unitId: f.streets[0]!.committee.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // a role without member.read is refused whatever the unit
    const rencai = await callerAs(t.db, 'rencai');
    await expect(rencai.org.members({ unitId: f.streets[0]!.street.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const member = await callerAs(t.db, 'member');
    await expect(member.org.members({ unitId: f.streets[0]!.branch.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // bad input is refused at the edge
    await expect(street1.org.members({ unitId: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
