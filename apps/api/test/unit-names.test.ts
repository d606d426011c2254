import { describeEachDialect } from '@zhanqian/db/testing';
import { sampleScheme, submitReport } from '@zhanqian/scoring';
import { expect, it } from 'vitest';
import { buildFixture, callerAs } from './fixture.ts';

/**
 * Issue #21 item 11: community and branch names repeat across streets (two 东升社区党委), so
 * every list that spans streets names such a unit with its street — '东升社区党委（街道1）' —
 * and a list confined to one street leaves its own street out.
 */

const YEAR = 2026;
const ALL = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

async function twoDongsheng(db: Parameters<typeof buildFixture>[0]) {
  const f = await buildFixture(db);
  for (const s of f.streets) {
    await db.updateTable('org_unit').set({ name: '东升社区党委' }).where('id', '=', s.committee.id).execute();
    await db.updateTable('org_unit').set({ name: '第1楼栋党支部' }).where('id', '=', s.branch.id).execute();
  }
  return f;
}

describeEachDialect('unit names across streets', (t) => {
  it('scoring: rankings, year over year, the review queue and the subjects name a community with its street', async () => {
    const f = await twoDongsheng(t.db);
    const kaohe = await callerAs(t.db, 'kaohe');
    await kaohe.scoring.scheme.save({ def: sampleScheme(YEAR) });
    await kaohe.scoring.scheme.setStatus({ year: YEAR, to: 'open' });
    const subjects = await kaohe.scoring.subjects.add({
      year: YEAR,
      subjects: f.streets.flatMap((s) => [
        { orgUnitId: s.street.id, category: 'street' },
        { orgUnitId: s.committee.id, category: 'committee' },
      ]),
    });
    const { ids } = await kaohe.scoring.scheme.get({ year: YEAR });
    // each community reports (as its own reporter would), one report awaits review
    for (const s of subjects.filter((x) => x.category === 'committee'))
      await submitReport(t.db, {
        subjectId: s.id,
        indicatorId: ids.A1W1I1!,
        value: 650,
        userId: f.users.kaohe!,
      });
    await kaohe.scoring.results.recompute({ year: YEAR });
    const rep = await callerAs(t.db, 'unit_reporter');

    const both = ['东升社区党委（街道1）', '东升社区党委（街道2）'];
    const rankings = await kaohe.scoring.results.rankings({ year: YEAR });
    const names = (rows: { unitName: string; category: string }[], category: string) =>
      rows
        .filter((r) => r.category === category)
        .map((r) => r.unitName)
        .sort();
    expect(names(rankings.rows, 'committee')).toEqual(both);
    // streets are named as they are
    expect(names(rankings.rows, 'street')).toEqual(['街道1', '街道2']);
    const yoy = await kaohe.scoring.results.yearOverYear({ years: [YEAR] });
    expect(names(yoy.series, 'committee')).toEqual(both);
    const queue = await kaohe.scoring.review.queue({ year: YEAR });
    expect(queue.rows.map((r) => r.unit_name).sort()).toEqual(both);
    const subjectList = await kaohe.scoring.subjects.list({ year: YEAR, category: 'committee' });
    expect(subjectList.rows.map((r) => r.unit_name).sort()).toEqual(both);

    // the street's own reporter: one street, so no street said
    const mine = await rep.scoring.subjects.list({ year: YEAR });
    expect(mine.rows.map((r) => r.unit_name).sort()).toEqual(['东升社区党委', '街道1']);
    // the names in the database are untouched
    const stored = await t.db.selectFrom('org_unit').select('name').where('kind', '=', 'committee').execute();
    expect(stored.map((r) => r.name)).toEqual(['东升社区党委', '东升社区党委']);
  });

  it('stars: the tree, the community statistics and the pay list name units with their street', async () => {
    const f = await twoDongsheng(t.db);
    for (const s of f.streets)
      for (const m of s.members) {
        const z = await t.db
          .insertInto('zone')
          .values({ member_id: m.id, name: '1号责任区' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await t.db
          .insertInto('household')
          .values({ zone_id: z.id, head_name: `户主${m.id}`, address: '1号' })
          .execute();
      }
    const admin = await callerAs(t.db, 'district_admin');
    await admin.stars.initYear({ year: YEAR });
    const households = await t.db.selectFrom('household').select('id').orderBy('id').execute();
    for (const h of households)
      await admin.stars.rate({ year: YEAR, level: 'household', id: h.id, met: ALL });

    const committees = await admin.stars.entities({ year: YEAR, level: 'committee', page: 1, pageSize: 20 });
    expect(committees.rows.map((r) => r.name)).toEqual(['东升社区党委（街道1）', '东升社区党委（街道2）']);
    const branches = await admin.stars.entities({ year: YEAR, level: 'branch', page: 1, pageSize: 20 });
    expect(branches.rows.map((r) => r.name)).toEqual(['第1楼栋党支部（街道1）', '第1楼栋党支部（街道2）']);
    const stats = await admin.stars.stats({ year: YEAR });
    expect(stats.communities.map((c) => c.name)).toEqual(['东升社区党委（街道1）', '东升社区党委（街道2）']);
    const pay = await admin.stars.payList({ year: YEAR, level: 'household', page: 1, pageSize: 20 });
    expect(pay.rows.map((r) => r.place)).toEqual([
      '街道1 / 东升社区党委 / 第1楼栋党支部 / 党员1-1',
      '街道1 / 东升社区党委 / 第1楼栋党支部 / 党员1-2',
      '街道2 / 东升社区党委 / 第1楼栋党支部 / 党员2-1',
      '街道2 / 东升社区党委 / 第1楼栋党支部 / 党员2-2',
    ]);

    // within one street (its office, or the district opening that street): its units need no street
    const street1 = await callerAs(t.db, 'street1');
    const own = await street1.stars.entities({ year: YEAR, level: 'committee', page: 1, pageSize: 20 });
    expect(own.rows.map((r) => r.name)).toEqual(['东升社区党委']);
    const opened = await admin.stars.entities({
      year: YEAR,
      level: 'branch',
      unitId: f.streets[1]!.street.id,
      page: 1,
      pageSize: 20,
    });
    expect(opened.rows.map((r) => r.name)).toEqual(['第1楼栋党支部']);
    expect((await street1.stars.stats({ year: YEAR })).communities.map((c) => c.name)).toEqual([
      '东升社区党委',
    ]);
    // and the street still sees nothing of the other street
    await expect(
      street1.stars.entities({
        year: YEAR,
        level: 'branch',
        unitId: f.streets[1]!.street.id,
        page: 1,
        pageSize: 20,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('cadres: the files and the rotation list name a community with its street', async () => {
    const f = await twoDongsheng(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    for (const [i, s] of f.streets.entries())
      await ganbu.cadres.files.create({
        name: `社区书记${i + 1}`,
        gender: 'M',
        birthDate: '1980-01-01',
        idCard: null,
        orgUnitId: s.committee.id,
        postTitle: '社区党委书记',
        postIsKey: false,
        postSince: '2010-01-01',
        rank: 'staff',
        rankSince: '2010-01-01',
        education: '大学本科',
        partyJoinedAt: '2002-07-01',
      });
    const files = await ganbu.cadres.files.list({ page: 1, pageSize: 20 });
    expect(files.rows.map((r) => r.unitName).sort()).toEqual([
      '东升社区党委（街道1）',
      '东升社区党委（街道2）',
    ]);
    const inStreet = await ganbu.cadres.files.list({
      orgUnitId: f.streets[0]!.street.id,
      page: 1,
      pageSize: 20,
    });
    expect(inStreet.rows.map((r) => r.unitName)).toEqual(['东升社区党委']);
  });
});
