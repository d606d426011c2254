import { describeEachDialect } from '@zhanqian/db/testing';
import { describe, expect, it } from 'vitest';
import { createEnterprise } from './registry.ts';
import { code, district } from './testing.ts';
import {
  addContactPoint,
  belowMinimum,
  createLeader,
  defaultRule,
  inReminderWindow,
  leadersOverview,
  recordVisit,
  sendVisitReminders,
  setVisitRule,
  visitCounts,
} from './visits.ts';

describe('visit minimum (pure)', () => {
  it('lists leaders below the minimum, fewest visits first, with what they miss', () => {
    expect(
      belowMinimum(
        [
          { leaderId: 1, visits: 3 },
          { leaderId: 2, visits: 4 },
          { leaderId: 3, visits: 0 },
          { leaderId: 4, visits: 5 },
        ],
        4,
      ),
    ).toEqual([
      { leaderId: 3, visits: 0, missing: 4 },
      { leaderId: 1, visits: 3, missing: 1 },
    ]);
    expect(belowMinimum([{ leaderId: 1, visits: 0 }], 0)).toEqual([]);
  });

  it('reminds from the window start to Dec 31 of the rule year only', () => {
    const r = defaultRule(2026);
    expect(inReminderWindow('2026-11-30', r)).toBe(false);
    expect(inReminderWindow('2026-12-01', r)).toBe(true);
    expect(inReminderWindow('2026-12-31', r)).toBe(true);
    expect(inReminderWindow('2027-01-01', r)).toBe(false);
  });
});

describeEachDialect('contact points, visits and year-end reminders', (t) => {
  async function setup() {
    const d = await district(t.db);
    const e = await createEnterprise(
      t.db,
      {
        name: '甲公司',
        creditCode: code(1),
        kind: 'enterprise',
        industry: '',
        size: 'small',
        address: '',
        streetId: d.s1.id,
        tradingArea: null,
        registeredOn: '2024-01-01',
        partyStatus: 'own',
        jointBranchId: null,
        instructorName: null,
        stationId: null,
        memberCount: 0,
      },
      null,
    );
    const user = await t.db
      .insertInto('app_user')
      .values({
        username: 'lingdao',
        display_name: '区领导',
        password_hash: 'x',
        role: 'dept_admin',
        org_unit_id: d.root.id,
        member_id: null,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const a = await createLeader(t.db, { name: '张副区长', title: '副区长', userId: user.id });
    const b = await createLeader(t.db, { name: '李部长', title: '组织部长', userId: null });
    const cpA = await addContactPoint(t.db, { leaderId: a.id, enterpriseId: e.id, since: '2024-01-01' });
    const cpB = await addContactPoint(t.db, { leaderId: b.id, enterpriseId: e.id, since: '2024-01-01' });
    return { d, e, a, b, cpA, cpB, userId: user.id };
  }
  const visit = (contactPointId: number, visitDate: string) => ({
    contactPointId,
    visitDate,
    content: '走访企业党支部',
    problemsRaised: '',
    problemsSolved: '',
    followUpOwner: '',
  });

  it('counts a year’s visits per leader; a future visit and a second contact point on the same enterprise are refused', async () => {
    const s = await setup();
    for (const day of ['2026-02-01', '2026-05-01', '2026-08-01', '2026-10-01'])
      await recordVisit(t.db, visit(s.cpA.id, day), null, '2026-12-01');
    await recordVisit(t.db, visit(s.cpB.id, '2025-12-30'), null, '2026-12-01');
    await expect(recordVisit(t.db, visit(s.cpA.id, '2026-12-02'), null, '2026-12-01')).rejects.toMatchObject({
      messageKey: 'redsail.visitInFuture',
    });
    await expect(
      addContactPoint(t.db, { leaderId: s.a.id, enterpriseId: s.e.id, since: '2024-01-01' }),
    ).rejects.toMatchObject({ kind: 'CONFLICT' });
    expect(await visitCounts(t.db, 2026)).toEqual([
      { leaderId: s.a.id, visits: 4 },
      { leaderId: s.b.id, visits: 0 },
    ]);
    const o = await leadersOverview(t.db, { rootId: s.d.root.id }, 2026);
    expect(o.leaders.map((l) => [l.name, l.visits, l.below])).toEqual([
      ['张副区长', 4, false],
      ['李部长', 0, true],
    ]);
  });

  it('reminds each leader below the minimum once per year, however often the job runs or retries', async () => {
    const s = await setup();
    await recordVisit(t.db, visit(s.cpA.id, '2026-03-01'), null, '2026-12-01');
    expect(await sendVisitReminders(t.db, '2026-11-30')).toEqual({ inWindow: false, below: 0, sent: 0 });
    // two runs at once (a retry overlapping the first) and the next day's run
    const [r1, r2] = await Promise.all([
      sendVisitReminders(t.db, '2026-12-01'),
      sendVisitReminders(t.db, '2026-12-01'),
    ]);
    expect(r1.sent + r2.sent).toBe(2);
    expect((await sendVisitReminders(t.db, '2026-12-02')).sent).toBe(0);
    const notices = await t.db
      .selectFrom('notice')
      .selectAll()
      .where('kind', '=', 'redsail_visit_reminder')
      .execute();
    // leader A has an account (one notice); leader B has none: the reminder is recorded, nobody to notify
    expect(notices.map((n) => n.recipient_user_id)).toEqual([s.userId]);
    expect(notices[0]!.title).toContain('还差 3 次');
    expect(
      await t.db
        .selectFrom('rs_visit_reminder')
        .select(['leader_id', 'visits'])
        .orderBy('leader_id')
        .execute(),
    ).toEqual([
      { leader_id: s.a.id, visits: 1 },
      { leader_id: s.b.id, visits: 0 },
    ]);
  });

  it('follows the configured minimum and window', async () => {
    const s = await setup();
    await recordVisit(t.db, visit(s.cpA.id, '2026-03-01'), null, '2026-12-01');
    await setVisitRule(t.db, { year: 2026, minVisits: 1, remindFrom: '2026-11-15' });
    const r = await sendVisitReminders(t.db, '2026-11-20');
    expect(r).toEqual({ inWindow: true, below: 1, sent: 1 });
    expect(
      (await t.db.selectFrom('rs_visit_reminder').select('leader_id').execute()).map((x) => x.leader_id),
    ).toEqual([s.b.id]);
  });
});
