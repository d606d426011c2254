import { createUser } from '@zhanqian/auth';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './load.ts';
import { seedTalent } from './talent.ts';

describeEachDialect('talent seed with the demo talent office', (t) => {
  it('its three accounts review, approve and pay (four eyes): no application has one account in two steps', async () => {
    const unit = async (
      parentId: number | null,
      kind: 'district' | 'department',
      code: string,
      portal: 'district' | 'talent',
    ) => {
      const u = await t.db
        .insertInto('org_unit')
        .values({ parent_id: parentId, kind, name: code, code, portal, created_at: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const rows = [{ ancestor_id: u.id, descendant_id: u.id, depth: 0 }];
      if (parentId !== null) rows.push({ ancestor_id: parentId, descendant_id: u.id, depth: 1 });
      await t.db.insertInto('org_closure').values(rows).execute();
      return u;
    };
    const district = await unit(null, 'district', 'ZQ', 'district');
    const rcb = await unit(district.id, 'department', 'D-RCB', 'talent');
    const office = DEMO_ACCOUNTS.filter((a) => a.unitCode === 'D-RCB');
    expect(office.map((a) => a.username)).toEqual(['rencai', 'rencai_shenpi', 'rencai_bofu']);
    for (const a of office)
      await createUser(t.db, {
        username: a.username,
        displayName: a.displayName,
        password: DEMO_PASSWORD,
        role: a.role,
        orgUnitId: rcb.id,
        memberId: null,
      });
    const res = await seedTalent(t.db, { scale: 1, year: 2026 });
    expect(res.applications.disbursed).toBeGreaterThan(0);
    const paid = await t.db
      .selectFrom('talent_subsidy_application')
      .select(['applied_by', 'reviewed_by', 'decided_by', 'disbursed_by'])
      .where('status', '=', 'disbursed')
      .execute();
    for (const a of paid) {
      expect(a.applied_by).toBeNull(); // filed before the platform
      const steps = [a.reviewed_by, a.decided_by, a.disbursed_by];
      expect(steps.every((x) => x !== null)).toBe(true);
      expect(new Set(steps).size).toBe(3);
    }
  }, 120_000);
});
