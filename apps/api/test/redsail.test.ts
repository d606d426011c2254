import { shanghaiDate } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { createUnit } from '@zhanqian/org';
import { completeCreditCode } from '@zhanqian/redsail';
import { expect, it } from 'vitest';
import { buildFixture, callerAs, type Fixture } from './fixture.ts';

/** The fixture plus the 非公党工委 (nonpublic portal) and its account `feigong`, a station per street. */
async function setup(db: Kysely<Database>) {
  const f = await buildFixture(db);
  const fg = await createUnit(db, {
    parentId: f.district.id,
    kind: 'department',
    name: '非公党工委',
    code: 'D-FGDGW',
    portal: 'nonpublic',
  });
  await db
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
  const fgc = (await callerAs(db, 'feigong')).redsail;
  const [st1, st2] = [
    await fgc.stations.create({
      code: 'ST1',
      name: '站前街道红色片区工作站',
      streetId: f.streets[0]!.street.id,
    }),
    await fgc.stations.create({
      code: 'ST2',
      name: '街道2红色片区工作站',
      streetId: f.streets[1]!.street.id,
    }),
  ];
  return { f, st1, st2 };
}

const code = (n: number) => completeCreditCode(`91210800${String(n).padStart(9, '0')}`);
const enterprise = (f: Fixture, n: number, street: 0 | 1, over: Record<string, unknown> = {}) => ({
  name: `企业${n}`,
  creditCode: code(n),
  kind: 'enterprise' as const,
  size: 'small' as const,
  streetId: f.streets[street]!.street.id,
  registeredOn: '2024-01-01',
  partyStatus: 'none' as const,
  ...over,
});

const count = async (db: Kysely<Database>, table: 'rs_enterprise' | 'audit_log' | 'rs_activity_signin') =>
  Number((await db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

describeEachDialect('redsail.* roles and scope', (t) => {
  it('the 非公党工委 and the district write, audited; other departments, streets and members are refused and change nothing', async () => {
    const { f, st1 } = await setup(t.db);
    const fg = (await callerAs(t.db, 'feigong')).redsail;
    const a = await fg.enterprises.create(enterprise(f, 1, 0, { partyStatus: 'own', stationId: st1.id }));
    await (await callerAs(t.db, 'district_admin')).redsail.enterprises.create(enterprise(f, 2, 1));
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'object_id'])
      .where('action', '=', 'redsail.enterprises.create')
      .execute();
    expect(audit.map((x) => Number(x.object_id))).toContain(a.id);
    const before = await count(t.db, 'rs_enterprise');
    for (const who of [
      'kaohe',
      'rencai',
      'ganbu',
      'street1',
      'unit_reporter',
      'branch_secretary',
      'member',
      'sys_admin',
      'audit_admin',
    ])
      await expect(
        (await callerAs(t.db, who)).redsail.enterprises.create(enterprise(f, 10, 0)),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await count(t.db, 'rs_enterprise')).toBe(before);
    // reads: departments without a Red Sail portal, and members, do not read the registry
    for (const who of ['kaohe', 'rencai', 'member', 'sys_admin'])
      await expect((await callerAs(t.db, who)).redsail.enterprises.list({})).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
  });

  it('a street reads its own area only: lists, coverage, one enterprise of another street refused', async () => {
    const { f, st1 } = await setup(t.db);
    const fg = (await callerAs(t.db, 'feigong')).redsail;
    await fg.enterprises.create(enterprise(f, 1, 0, { partyStatus: 'own', stationId: st1.id }));
    await fg.enterprises.create(enterprise(f, 2, 0));
    const other = await fg.enterprises.create(enterprise(f, 3, 1, { instructorName: '王指导员' }));
    const street = (await callerAs(t.db, 'street1')).redsail;
    expect((await street.enterprises.list({})).rows.map((r) => r.name)).toEqual(['企业1', '企业2']);
    const cov = await street.coverage.summary({});
    expect(cov.district).toMatchObject({
      total: 2,
      orgCovered: 1,
      workCovered: 1,
      orgPct: '50.0',
      workPct: '50.0',
    });
    expect((await fg.coverage.summary({})).district).toMatchObject({
      total: 3,
      orgCovered: 1,
      workCovered: 2,
      orgPct: '33.3',
      workPct: '66.7',
    });
    expect((await street.stations.list()).map((s) => s.code)).toEqual(['ST1']);
    await expect(street.enterprises.get({ id: other.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await street.coverage.uncovered({})).rows.map((r) => r.name)).toEqual(['企业2']);
    // the district sees everything
    expect((await (await callerAs(t.db, 'district_admin')).redsail.enterprises.list({})).total).toBe(3);
  });

  it('bad input is refused in the caller’s language and changes nothing', async () => {
    const { f } = await setup(t.db);
    const bad = `${code(4).slice(0, 17)}${code(4)[17] === '0' ? '1' : '0'}`;
    await expect(
      (await callerAs(t.db, 'feigong')).redsail.enterprises.create(enterprise(f, 4, 0, { creditCode: bad })),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: `统一社会信用代码“${bad}”无效：校验码不符`,
    });
    await expect(
      (await callerAs(t.db, 'feigong', 'en')).redsail.enterprises.create(
        enterprise(f, 4, 0, { registeredOn: '2024-02-30' }),
      ),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Dates are YYYY-MM-DD'),
    });
    expect(await count(t.db, 'rs_enterprise')).toBe(0);
  });

  it('a member sees the stations’ activities and signs in once; staff cannot sign in for them', async () => {
    const { f, st1 } = await setup(t.db);
    const fg = (await callerAs(t.db, 'feigong')).redsail;
    const act = await fg.activities.plan({ stationId: st1.id, title: '主题党日', plannedOn: shanghaiDate() });
    const m = (await callerAs(t.db, 'member')).redsail;
    expect((await m.member.activities()).map((a) => [a.id, a.canSignIn])).toEqual([[act.id, true]]);
    await m.member.signIn({ activityId: act.id });
    await expect(m.member.signIn({ activityId: act.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '您已签到过本次活动',
    });
    expect(await count(t.db, 'rs_activity_signin')).toBe(1);
    await expect(fg.member.signIn({ activityId: act.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // a street may not plan at its own station (read only)
    await expect(
      (await callerAs(t.db, 'street1')).redsail.activities.plan({
        stationId: st1.id,
        title: 'x',
        plannedOn: shanghaiDate(),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await fg.activities.get({ id: act.id })).signins.map((s) => s.name)).toEqual([
      f.streets[0]!.members[0]!.name,
    ]);
  });

  it('only named judges score; the organizers read counts, not scores, until the competition closes', async () => {
    const { f } = await setup(t.db);
    const fg = (await callerAs(t.db, 'feigong')).redsail;
    const e = await fg.enterprises.create(enterprise(f, 1, 0, { partyStatus: 'own' }));
    const candidates = await fg.competition.judgeCandidates();
    expect(candidates.map((c) => c.displayName).sort()).toEqual(
      ['district_admin', 'street1', '非公党工委干部'].sort(),
    );
    const judge = f.users.district_admin!;
    const c = await fg.competition.announce({
      year: 2025,
      title: '2025 年度党建创新项目评比',
      deadline: '2025-10-31',
      judgeUserIds: [judge],
      awardPlan: [{ award: '一等奖', throughRank: 1 }],
    });
    const entry = await fg.competition.enter({
      competitionId: c.id,
      enterpriseId: e.id,
      title: '非公党建沙龙',
    });
    await fg.competition.startScoring({ id: c.id });
    await expect(fg.competition.score({ entryId: entry.id, points: 9000 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: '您不是本次评比的评委',
    });
    await expect(
      (await callerAs(t.db, 'kaohe')).redsail.competition.score({ entryId: entry.id, points: 9000 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await (await callerAs(t.db, 'district_admin')).redsail.competition.score({
      entryId: entry.id,
      points: 9000,
    });
    const board = await fg.competition.board({ id: c.id });
    expect([board.entries[0]!.submitted, board.entries[0]!.scores]).toEqual([1, []]);
    expect((await fg.competition.close({ id: c.id })).map((r) => [r.rank, r.award])).toEqual([[1, '一等奖']]);
    expect((await fg.competition.cases()).map((x) => x.title)).toEqual(['非公党建沙龙']);
  });

  it('the registry imports from xlsx all or nothing, audited', async () => {
    const { f } = await setup(t.db);
    const fg = (await callerAs(t.db, 'feigong')).redsail;
    await fg.enterprises.create(enterprise(f, 1, 0));
    const file = await fg.enterprises.exportXlsx({});
    expect(file.filename).toMatch(/^两新组织名册-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(await fg.enterprises.dryRun({ base64: file.base64 })).toEqual({
      ok: true,
      counts: { new: 0, changed: 0, unchanged: 1 },
    });
    const r = await fg.enterprises.import({ base64: file.base64 });
    expect(r).toEqual({ ok: true, counts: { new: 0, changed: 0, unchanged: 1 } });
    expect(
      await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'redsail.enterprises.import')
        .execute(),
    ).toHaveLength(1);
    await expect(
      (await callerAs(t.db, 'street1')).redsail.enterprises.import({ base64: file.base64 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
