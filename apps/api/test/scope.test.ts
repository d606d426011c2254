import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { buildFixture, callerAs } from './fixture.ts';

describeEachDialect('department scope', (t) => {
  it('a street sees only its own subtree', async () => {
    const f = await buildFixture(t.db);
    const street1 = await callerAs(t.db, 'street1');
    const tree = await street1.org.tree({ depth: 5 });
    const ids = tree.map((u) => u.id);
    expect(ids).toContain(f.streets[0]!.branch.id);
    expect(ids).not.toContain(f.streets[1]!.street.id);
    expect(ids).not.toContain(f.district.id);

    const own = await street1.org.members({});
    expect(own.total).toBe(2);
    expect(own.rows.every((r) => r.branchId === f.streets[0]!.branch.id)).toBe(true);

    const other = f.streets[1]!;
    await expect(street1.org.tree({ rootId: other.street.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(street1.org.unit({ id: other.branch.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(street1.org.members({ branchId: other.branch.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(street1.org.member({ id: other.members[0]!.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      street1.org.createUnit({ parentId: other.committee.id, kind: 'branch', name: '越权支部', code: 'X1' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(street1.org.renameUnit({ id: other.street.id, name: '改名' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('a branch secretary is confined to the branch; breadcrumbs stop at the scope root', async () => {
    const f = await buildFixture(t.db);
    const sec = await callerAs(t.db, 'branch_secretary');
    const mine = await sec.org.unit({ id: f.streets[0]!.branch.id });
    expect(mine.path.map((u) => u.id)).toEqual([f.streets[0]!.branch.id]);
    await expect(sec.org.unit({ id: f.streets[0]!.committee.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('district departments act district-wide only within their portal', async () => {
    const f = await buildFixture(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    expect((await ganbu.org.members({})).total).toBe(4);
    const rencai = await callerAs(t.db, 'rencai');
    await expect(rencai.org.members({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      rencai.org.createUnit({ parentId: f.district.id, kind: 'street', name: '新街道', code: 'S9' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('business users read only their own audit records; the auditor reads all', async () => {
    const f = await buildFixture(t.db);
    const admin = await callerAs(t.db, 'district_admin');
    await admin.org.renameUnit({ id: f.streets[0]!.street.id, name: '站前街道' });
    const street1 = await callerAs(t.db, 'street1');
    await street1.org.renameUnit({ id: f.streets[0]!.branch.id, name: '一号楼栋党支部' });
    const own = await street1.audit.list({});
    expect(own.rows.map((r) => r.actor_id)).toEqual([f.users.street1]);
    const all = await (await callerAs(t.db, 'audit_admin')).audit.list({});
    expect(all.total).toBe(2);
  });
});
