import { describeEachDialect } from '@zhanqian/db/testing';
import { createUnit } from '@zhanqian/org';
import { describe, expect, it } from 'vitest';
import { createEnterprise } from './registry.ts';
import {
  activitiesForMember,
  cancelActivity,
  linkMember,
  membersByStation,
  planActivity,
  reportActivity,
  signIn,
  signInVerdict,
  stationReach,
  tradingAreas,
} from './stations.ts';
import { code, district } from './testing.ts';

describe('sign-in (pure)', () => {
  it('on the activity’s day, not when cancelled', () => {
    expect(signInVerdict({ status: 'planned', planned_on: '2026-06-01' }, '2026-06-01')).toBe('ok');
    expect(signInVerdict({ status: 'held', planned_on: '2026-06-01' }, '2026-06-01')).toBe('ok');
    expect(signInVerdict({ status: 'planned', planned_on: '2026-06-01' }, '2026-06-02')).toBe('notToday');
    expect(signInVerdict({ status: 'cancelled', planned_on: '2026-06-01' }, '2026-06-01')).toBe('cancelled');
  });
});

describeEachDialect('stations, the commercial street and activities', (t) => {
  async function setup() {
    const d = await district(t.db);
    const committee = await createUnit(t.db, {
      parentId: d.s1.id,
      kind: 'committee',
      name: '社区',
      code: 'S1C1',
    });
    const branch = await createUnit(t.db, {
      parentId: committee.id,
      kind: 'branch',
      name: '支部',
      code: 'S1C1B1',
    });
    const member = async (name: string) =>
      (
        await t.db
          .insertInto('member')
          .values({
            branch_id: branch.id,
            name,
            gender: 'M',
            birth_date: null,
            joined_at: null,
            id_card_enc: null,
            phone_enc: null,
            created_at: 'x',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const shop = (
      n: number,
      tradingArea: '财富一条街' | '东升商圈',
      stationId: number | null,
      partyStatus: 'own' | 'none',
    ) =>
      createEnterprise(
        t.db,
        {
          name: `商铺${n}`,
          creditCode: code(n),
          kind: 'shop',
          industry: '零售',
          size: 'micro',
          address: '',
          streetId: d.s1.id,
          tradingArea,
          registeredOn: '2024-01-01',
          partyStatus,
          jointBranchId: null,
          instructorName: null,
          stationId,
          memberCount: 2,
        },
        null,
      );
    const a = await shop(1, '财富一条街', d.st1.id, 'own');
    await shop(2, '财富一条街', null, 'none');
    await shop(3, '东升商圈', d.st1.id, 'none');
    return { d, a, m1: await member('党员甲'), m2: await member('党员乙') };
  }

  it('counts each station’s reach and the shops per trading area', async () => {
    const s = await setup();
    const reach = await stationReach(t.db, { rootId: s.d.root.id });
    expect(reach.map((r) => [r.code, r.total, r.shops, r.orgCovered, r.membersRelated])).toEqual([
      ['ST1', 2, 2, 1, 4],
      ['ST2', 0, 0, 0, 0],
    ]);
    expect(await tradingAreas(t.db, { rootId: s.d.root.id })).toEqual([
      { name: '财富一条街', shops: 2, inReach: 1, orgCovered: 1 },
      { name: '盼盼路商铺', shops: 0, inReach: 0, orgCovered: 0 },
      { name: '东升商圈', shops: 1, inReach: 1, orgCovered: 0 },
    ]);
    // a street sees its own stations only
    expect((await stationReach(t.db, { rootId: s.d.s2.id })).map((r) => r.code)).toEqual(['ST2']);
  });

  it('a member signs in once, on the day; members count where related and where active', async () => {
    const s = await setup();
    const act = await planActivity(t.db, {
      stationId: s.d.st2.id,
      title: '主题党日',
      plannedOn: '2026-06-01',
      place: '工作站',
      plan: '',
    });
    await expect(signIn(t.db, act.id, s.m1, '2026-05-31')).rejects.toMatchObject({
      messageKey: 'redsail.signInNotToday',
    });
    await signIn(t.db, act.id, s.m1, '2026-06-01');
    await expect(signIn(t.db, act.id, s.m1, '2026-06-01')).rejects.toMatchObject({
      kind: 'CONFLICT',
      messageKey: 'redsail.alreadySignedIn',
    });
    await signIn(t.db, act.id, s.m2, '2026-06-01');
    // m1's relationship is in a shop reached by ST1; active in ST2
    await linkMember(t.db, s.m1, s.a.id);
    expect(await membersByStation(t.db, { rootId: s.d.root.id }, 2026)).toEqual([
      { id: s.d.st1.id, name: '工作站1', related: 1, active: 0 },
      { id: s.d.st2.id, name: '工作站2', related: 0, active: 2 },
    ]);
    const mine = await activitiesForMember(t.db, s.m1, '2026-06-01');
    expect(mine.map((a) => [a.id, a.signedIn, a.canSignIn])).toEqual([[act.id, true, false]]);
    await reportActivity(t.db, act.id, { report: '20 名党员参加', photoFileIds: [] });
    await expect(cancelActivity(t.db, act.id)).rejects.toMatchObject({
      messageKey: 'redsail.activityNotHeld',
    });
    const other = await planActivity(t.db, {
      stationId: s.d.st2.id,
      title: '志愿服务',
      plannedOn: '2026-06-02',
      place: '',
      plan: '',
    });
    await cancelActivity(t.db, other.id);
    await expect(signIn(t.db, other.id, s.m1, '2026-06-02')).rejects.toMatchObject({
      messageKey: 'redsail.activityCancelled',
    });
  });
});
