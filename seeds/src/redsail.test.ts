import { describeEachDialect } from '@zhanqian/db/testing';
import {
  coverage,
  coverageSql,
  demoCountsByLevel,
  leadersOverview,
  pastCases,
  statesAsOf,
  tradingAreas,
} from '@zhanqian/redsail';
import { expect, it } from 'vitest';
import { REDSAIL_SEED, seedRedsail } from './redsail.ts';

describeEachDialect('Red Sail seed', (t) => {
  /** A unit and its closure rows (the seeds package keeps no dependency on @zhanqian/org). */
  async function createUnit(
    db: typeof t.db,
    u: {
      parentId: number | null;
      kind: 'district' | 'street' | 'department';
      name: string;
      code: string;
      portal?: 'district' | 'nonpublic';
    },
  ) {
    const row = await db
      .insertInto('org_unit')
      .values({
        parent_id: u.parentId,
        kind: u.kind,
        name: u.name,
        code: u.code,
        portal: u.portal ?? null,
        created_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = [{ ancestor_id: row.id, descendant_id: row.id, depth: 0 }];
    if (u.parentId !== null) rows.push({ ancestor_id: u.parentId, descendant_id: row.id, depth: 1 });
    await db.insertInto('org_closure').values(rows).execute();
    return row;
  }

  async function district() {
    const root = await createUnit(t.db, {
      parentId: null,
      kind: 'district',
      name: '站前区',
      code: 'ZQ',
      portal: 'district',
    });
    for (const n of [1, 2, 3])
      await createUnit(t.db, { parentId: root.id, kind: 'street', name: `街道${n}`, code: `S${n}` });
    const fg = await createUnit(t.db, {
      parentId: root.id,
      kind: 'department',
      name: '非公党工委',
      code: 'D-FGDGW',
      portal: 'nonpublic',
    });
    await t.db
      .insertInto('app_user')
      .values({
        username: 'feigong',
        display_name: '非公党工委干部',
        password_hash: 'x',
        role: 'dept_admin',
        org_unit_id: fg.id,
        member_id: null,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .execute();
    return { rootId: root.id };
  }

  it('reproduces the seed’s figures at scale 1', async () => {
    const area = await district();
    {
      const res = await seedRedsail(t.db, { scale: 1, year: 2026 });
      expect(res!.stations).toBe(8);
      expect(res!.shops).toBe(525);
      expect(await demoCountsByLevel(t.db, area)).toEqual({ district: 3, municipal: 10, provincial: 2 });
      expect((await tradingAreas(t.db, area)).map((a) => [a.name, a.shops, a.inReach])).toEqual([
        ['财富一条街', 200, 200],
        ['盼盼路商铺', 175, 175],
        ['东升商圈', 150, 150],
      ]);
      const leaders = await leadersOverview(t.db, area, 2026);
      expect(leaders.leaders).toHaveLength(REDSAIL_SEED.leaders);
      expect(leaders.leaders.some((l) => l.below)).toBe(true);
      expect((await pastCases(t.db, area)).find((c) => c.year === 2025 && c.rank === 1)?.title).toBe(
        '非公党建沙龙',
      );
      // coverage grew over the last years, and the SQL agrees with the reference on the seeded history
      const ents = await t.db.selectFrom('rs_enterprise').select(['id', 'street_id as streetId']).execute();
      const hist = (await t.db.selectFrom('rs_enterprise_status').selectAll().execute()).map((h) => ({
        enterpriseId: h.enterprise_id,
        onDate: h.on_date,
        partyStatus: h.party_status,
        instructorName: h.instructor_name,
        stationId: h.station_id,
      }));
      const y24 = await coverageSql(t.db, area, '2024-12-31');
      expect(y24).toEqual(coverage(statesAsOf(ents, hist, '2024-12-31')));
      const now = (await coverageSql(t.db, area)).district;
      expect(now.total).toBe(885);
      expect(now.orgCovered * y24.district.total).toBeGreaterThan(y24.district.orgCovered * now.total);
    }
  }, 120_000);

  it('multiplies at scale 2', async () => {
    const area = await district();
    const res = await seedRedsail(t.db, { scale: 2, year: 2026 });
    expect([res.stations, res.shops, res.enterprises]).toEqual([16, 1050, 1770]);
    expect(await demoCountsByLevel(t.db, area)).toEqual({ district: 6, municipal: 20, provincial: 4 });
  }, 120_000);
});
