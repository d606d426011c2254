import { verifyAuditChain } from '@zhanqian/audit';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect, tableCounts } from '@zhanqian/db/testing';
import { closureOf, createUnit, memberBranchAt } from '@zhanqian/org';
import { expect, it } from 'vitest';
import { buildFixture, callerAs } from './fixture.ts';

type Db = Kysely<Database>;

const audits = (db: Db, action: string) =>
  db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

/** The closure table equals the one recomputed from parent_id. */
async function expectClosureRight(db: Db) {
  const units = await db.selectFrom('org_unit').select(['id', 'parent_id']).execute();
  const key = (r: { ancestor_id: number; descendant_id: number; depth: number }) =>
    `${r.ancestor_id}>${r.descendant_id}@${r.depth}`;
  const stored = (await db.selectFrom('org_closure').selectAll().execute()).map(key).sort();
  expect(stored).toEqual(
    closureOf(new Map(units.map((u) => [u.id, u.parent_id])))
      .map(key)
      .sort(),
  );
}

/**
 * Every business table's row count plus the history tables: a refusal changes none (the
 * audit log is left out: a denied permission is itself recorded).
 */
async function counts(db: Db) {
  const { audit_log: _audited, ...base } = await tableCounts(db);
  for (const t of ['org_unit_history', 'member_branch_history', 'member_event'] as const) {
    base[t] = (await db.selectFrom(t).select('id').execute()).length;
  }
  const units = await db
    .selectFrom('org_unit')
    .select(['id', 'name', 'parent_id', 'dissolved_on'])
    .orderBy('id')
    .execute();
  const members = await db
    .selectFrom('member')
    .select(['id', 'branch_id', 'status', 'category'])
    .orderBy('id')
    .execute();
  return { base, units, members };
}

describeEachDialect('org maintenance', (t) => {
  it('renames with an effective date; the old name stays readable for the years before', async () => {
    const f = await buildFixture(t.db);
    const admin = await callerAs(t.db, 'district_admin');
    const branch = f.streets[0]!.branch;
    await t.db
      .insertInto('star_rating')
      .values({
        year: 2024,
        level: 'branch',
        entity_id: branch.id,
        met_mask: 1023,
        stars: 10,
        rated_by: null,
        rated_at: 'x',
      })
      .execute();
    const after = await admin.org.renameUnit({
      id: branch.id,
      name: '幸福里党支部',
      effectiveOn: '2025-03-01',
    });
    expect(after.name).toBe('幸福里党支部');
    const h = await admin.org.unitHistory({ id: branch.id });
    expect(h.periods.map((p) => [p.name, p.from, p.to])).toEqual([
      ['支部1', null, '2025-03-01'],
      ['幸福里党支部', '2025-03-01', null],
    ]);
    expect(h.ratings).toMatchObject([{ year: 2024, stars: 10, nameThen: '支部1' }]);
    const [audit] = await audits(t.db, 'org.renameUnit');
    expect(JSON.parse(audit!.before_json!).name).toBe('支部1');
    expect(JSON.parse(audit!.after_json!)).toMatchObject({ name: '幸福里党支部', effectiveOn: '2025-03-01' });

    // Back-dating before that change, or a date to come, is refused and changes nothing.
    const before = await counts(t.db);
    await expect(
      admin.org.renameUnit({ id: branch.id, name: '又一个名字', effectiveOn: '2025-01-01' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '生效日期 2025-01-01 不能早于上一次变更的生效日期 2025-03-01',
    });
    await expect(
      admin.org.renameUnit({ id: branch.id, name: '又一个名字', effectiveOn: '2199-01-01' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      admin.org.renameUnit({ id: branch.id, name: '又一个名字', effectiveOn: '2025-02-30' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await counts(t.db)).toEqual(before);
  });

  it('moves a committee with its branches to another street; the closure stays right', async () => {
    const f = await buildFixture(t.db);
    const admin = await callerAs(t.db, 'district_admin');
    const [s1, s2] = f.streets as [(typeof f.streets)[0], (typeof f.streets)[0]];
    const moved = await admin.org.moveUnit({
      id: s1.committee.id,
      parentId: s2.street.id,
      effectiveOn: '2026-01-01',
    });
    expect(moved.parent_id).toBe(s2.street.id);
    await expectClosureRight(t.db);
    const tree = await admin.org.tree({ rootId: s2.street.id, depth: 3 });
    expect(tree.map((u) => u.id)).toEqual(expect.arrayContaining([s1.committee.id, s1.branch.id]));
    const [audit] = await audits(t.db, 'org.moveUnit');
    expect(JSON.parse(audit!.before_json!).parent_id).toBe(s1.street.id);
    expect(JSON.parse(audit!.after_json!).parent_id).toBe(s2.street.id);
    const h = await admin.org.unitHistory({ id: s1.committee.id });
    expect(h.periods[0]).toMatchObject({ parentId: s1.street.id, parentName: '街道1', to: '2026-01-01' });
    // The street lost its subtree from its scope: its admin no longer sees the branch.
    const street1 = await callerAs(t.db, 'street1');
    await expect(street1.org.unit({ id: s1.branch.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a move out of scope, without permission, of a wrong kind, into its own subtree', async () => {
    const f = await buildFixture(t.db);
    const [s1, s2] = f.streets as [(typeof f.streets)[0], (typeof f.streets)[0]];
    const before = await counts(t.db);
    const street1 = await callerAs(t.db, 'street1');
    // The new parent lies outside the caller's street.
    await expect(street1.org.moveUnit({ id: s1.committee.id, parentId: s2.street.id })).rejects.toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    // The unit lies outside it.
    await expect(street1.org.moveUnit({ id: s2.branch.id, parentId: s1.committee.id })).rejects.toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    const secretary = await callerAs(t.db, 'branch_secretary');
    await expect(
      secretary.org.moveUnit({ id: s1.branch.id, parentId: s1.committee.id }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('org.write'),
    });
    const admin = await callerAs(t.db, 'district_admin');
    await expect(admin.org.moveUnit({ id: s1.branch.id, parentId: s2.street.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '“党支部”不能设在“街道”之下',
    });
    await expect(admin.org.moveUnit({ id: s1.street.id, parentId: s1.committee.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '不能把“街道1”移到它自己或它的下级组织之下',
    });
    await expect(admin.org.moveUnit({ id: s1.street.id, parentId: s1.street.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(admin.org.moveUnit({ id: f.district.id, parentId: s1.street.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const en = await callerAs(t.db, 'district_admin', 'en');
    await expect(en.org.moveUnit({ id: s1.street.id, parentId: s1.branch.id })).rejects.toMatchObject({
      message: '“街道1” cannot be moved under itself or one of its own sub-units',
    });
    expect(await counts(t.db)).toEqual(before);
    await expectClosureRight(t.db);
    const denied = await t.db.selectFrom('audit_log').select(['action', 'result']).execute();
    expect(denied).toContainEqual({ action: 'org.moveUnit', result: 'denied' });
  });

  it('merges a branch into another: members move with history, the first is dissolved yet readable', async () => {
    const f = await buildFixture(t.db);
    const s1 = f.streets[0]!;
    const b2 = await createUnit(t.db, {
      parentId: s1.committee.id,
      kind: 'branch',
      name: '老街支部',
      code: 'S1C1B2',
    });
    const m = await t.db
      .insertInto('member')
      .values({
        branch_id: b2.id,
        name: '老街党员',
        gender: 'F',
        birth_date: null,
        joined_at: null,
        id_card_enc: null,
        phone_enc: null,
        created_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('star_rating')
      .values({
        year: 2025,
        level: 'member',
        entity_id: m.id,
        met_mask: 7,
        stars: 3,
        rated_by: null,
        rated_at: 'x',
      })
      .execute();
    const street1 = await callerAs(t.db, 'street1');
    const r = await street1.org.mergeUnits({
      fromId: b2.id,
      intoId: s1.branch.id,
      effectiveOn: '2026-02-01',
    });
    expect(r.movedMembers).toEqual([m.id]);
    expect(r.after.dissolved_on).toBe('2026-02-01');
    expect(r.after.merged_into_id).toBe(s1.branch.id);
    expect(await memberBranchAt(t.db, m.id, '2025-12-31')).toBe(b2.id);
    expect(await memberBranchAt(t.db, m.id, '2026-02-01')).toBe(s1.branch.id);

    // Gone from the tree and the counts, still readable with its members and past.
    const tree = await street1.org.tree({ depth: 3 });
    expect(tree.map((u) => u.id)).not.toContain(b2.id);
    expect((await street1.org.tree({ depth: 3, includeDissolved: true })).map((u) => u.id)).toContain(b2.id);
    const h = await street1.org.unitHistory({ id: b2.id });
    expect(h.unit.name).toBe('老街支部');
    expect(h.mergedInto).toEqual({ id: s1.branch.id, name: '支部1' });
    expect(h.members).toMatchObject([{ memberId: m.id, name: '老街党员', to: '2026-02-01' }]);
    const mh = await street1.org.memberHistory({ memberId: m.id });
    expect(mh.ratings).toMatchObject([{ year: 2025, stars: 3, branchId: b2.id, branchName: '老街支部' }]);
    expect(mh.events).toMatchObject([
      { kind: 'merge', on_date: '2026-02-01', fromName: '老街支部', toName: '支部1' },
    ]);

    const [audit] = await audits(t.db, 'org.mergeUnits');
    expect(JSON.parse(audit!.after_json!)).toMatchObject({ intoId: s1.branch.id, movedMembers: [m.id] });
    // A dissolved unit changes no more.
    await expect(street1.org.renameUnit({ id: b2.id, name: '复活' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '组织“老街支部”已于 2026-02-01 撤销，不能再变更',
    });
    await expectClosureRight(t.db);
  });

  it('merging committees moves their branches; a merge across kinds or scopes is refused', async () => {
    const f = await buildFixture(t.db);
    const [s1, s2] = f.streets as [(typeof f.streets)[0], (typeof f.streets)[0]];
    const c2 = await createUnit(t.db, {
      parentId: s1.street.id,
      kind: 'committee',
      name: '新社区',
      code: 'S1C2',
    });
    const admin = await callerAs(t.db, 'district_admin');
    const before = await counts(t.db);
    await expect(admin.org.mergeUnits({ fromId: s1.branch.id, intoId: c2.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '只能合并同一类型的组织：“支部1”是党支部，“新社区”是社区党委',
    });
    await expect(admin.org.mergeUnits({ fromId: c2.id, intoId: c2.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const street1 = await callerAs(t.db, 'street1');
    await expect(
      street1.org.mergeUnits({ fromId: s1.committee.id, intoId: s2.committee.id }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const secretary = await callerAs(t.db, 'branch_secretary');
    await expect(secretary.org.mergeUnits({ fromId: s1.committee.id, intoId: c2.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await counts(t.db)).toEqual(before);

    const r = await street1.org.mergeUnits({
      fromId: s1.committee.id,
      intoId: c2.id,
      effectiveOn: '2026-03-01',
    });
    expect(r.movedUnits).toEqual([s1.branch.id]);
    expect(r.accountsToReview).toBe(0);
    expect(
      (
        await t.db
          .selectFrom('org_unit')
          .select('parent_id')
          .where('id', '=', s1.branch.id)
          .executeTakeFirst()
      )?.parent_id,
    ).toBe(c2.id);
    await expectClosureRight(t.db);
  });

  it('dissolves an empty unit only; its past stays readable', async () => {
    const f = await buildFixture(t.db);
    const s1 = f.streets[0]!;
    const admin = await callerAs(t.db, 'district_admin');
    const before = await counts(t.db);
    await expect(admin.org.dissolveUnit({ id: s1.branch.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '“支部1”下还有 0 个下级组织、2 名党员，请先移走或转接，或改用合并',
    });
    await expect(admin.org.dissolveUnit({ id: s1.committee.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const street1 = await callerAs(t.db, 'street1');
    await expect(street1.org.dissolveUnit({ id: f.streets[1]!.branch.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await counts(t.db)).toEqual(before);

    const empty = await createUnit(t.db, {
      parentId: s1.committee.id,
      kind: 'branch',
      name: '空支部',
      code: 'S1C1B3',
    });
    await t.db
      .insertInto('star_rating')
      .values({
        year: 2025,
        level: 'branch',
        entity_id: empty.id,
        met_mask: 3,
        stars: 2,
        rated_by: null,
        rated_at: 'x',
      })
      .execute();
    const gone = await street1.org.dissolveUnit({ id: empty.id, effectiveOn: '2026-04-01' });
    expect(gone.dissolved_on).toBe('2026-04-01');
    const [audit] = await audits(t.db, 'org.dissolveUnit');
    expect(JSON.parse(audit!.before_json!).dissolved_on).toBeNull();
    expect(JSON.parse(audit!.after_json!).dissolved_on).toBe('2026-04-01');
    const h = await street1.org.unitHistory({ id: empty.id });
    expect(h.ratings).toMatchObject([{ year: 2025, stars: 2, nameThen: '空支部' }]);
    expect((await street1.org.overview()).units.branch).toBe(1);
    // No new unit under a dissolved one, no member transferred to it.
    await expect(
      admin.org.transferMember({ memberId: s1.members[0]!.id, toBranchId: empty.id }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describeEachDialect('member lifecycle', (t) => {
  it('transfers between branches; a year’s rating stays with that year’s branch; the account follows', async () => {
    const f = await buildFixture(t.db);
    const [s1, s2] = f.streets as [(typeof f.streets)[0], (typeof f.streets)[0]];
    const member = s1.members[0]!;
    await t.db
      .insertInto('star_rating')
      .values([
        {
          year: 2025,
          level: 'member',
          entity_id: member.id,
          met_mask: 1023,
          stars: 10,
          rated_by: null,
          rated_at: 'x',
        },
        {
          year: 2026,
          level: 'member',
          entity_id: member.id,
          met_mask: 1,
          stars: 1,
          rated_by: null,
          rated_at: 'x',
        },
      ])
      .execute();
    const admin = await callerAs(t.db, 'district_admin');
    const after = await admin.org.transferMember({
      memberId: member.id,
      toBranchId: s2.branch.id,
      effectiveOn: '2026-05-01',
      note: '工作调动',
    });
    expect(after.branch_id).toBe(s2.branch.id);
    const h = await admin.org.memberHistory({ memberId: member.id });
    expect(h.periods.map((p) => [p.branchName, p.from, p.to])).toEqual([
      ['支部1', null, '2026-05-01'],
      ['支部2', '2026-05-01', null],
    ]);
    expect(h.ratings.map((r) => [r.year, r.branchName])).toEqual([
      [2025, '支部1'],
      [2026, '支部2'],
    ]);
    expect(h.events).toMatchObject([{ kind: 'transfer', detail: '工作调动', actor: 'district_admin' }]);
    const account = await t.db
      .selectFrom('app_user')
      .select('org_unit_id')
      .where('username', '=', 'member')
      .executeTakeFirstOrThrow();
    expect(account.org_unit_id).toBe(s2.branch.id);
    const [audit] = await audits(t.db, 'org.member.transfer');
    expect(JSON.parse(audit!.before_json!).branch_id).toBe(s1.branch.id);
    expect(JSON.parse(audit!.after_json!)).toMatchObject({
      branch_id: s2.branch.id,
      effectiveOn: '2026-05-01',
      accountsMoved: [f.users.member],
    });
    expect(audit!.after_json).not.toContain('id_card');
    // A second transfer may not be back-dated before the first.
    await expect(
      admin.org.transferMember({ memberId: member.id, toBranchId: s1.branch.id, effectiveOn: '2026-04-01' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses a transfer out of scope, without permission, to a non-branch or the same branch', async () => {
    const f = await buildFixture(t.db);
    const [s1, s2] = f.streets as [(typeof f.streets)[0], (typeof f.streets)[0]];
    const before = await counts(t.db);
    const street1 = await callerAs(t.db, 'street1');
    await expect(
      street1.org.transferMember({ memberId: s1.members[0]!.id, toBranchId: s2.branch.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      street1.org.transferMember({ memberId: s2.members[0]!.id, toBranchId: s1.branch.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const secretary = await callerAs(t.db, 'branch_secretary');
    await expect(secretary.org.recordDeath({ memberId: s1.members[0]!.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('member.write'),
    });
    await expect(
      street1.org.transferMember({ memberId: s1.members[0]!.id, toBranchId: s1.committee.id }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: '“社区1”不是党支部，党员只能转接到党支部' });
    await expect(
      street1.org.transferMember({ memberId: s1.members[0]!.id, toBranchId: s1.branch.id }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(street1.org.transferOut({ memberId: s1.members[0]!.id, to: '  ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await counts(t.db)).toEqual(before);
  });

  it('transfer out and death: kept readable, no longer counted, account disabled, each audited', async () => {
    const f = await buildFixture(t.db);
    const s1 = f.streets[0]!;
    const street1 = await callerAs(t.db, 'street1');
    const out = await street1.org.transferOut({
      memberId: s1.members[0]!.id,
      to: '和平区委组织部',
      effectiveOn: '2026-06-01',
    });
    expect(out).toMatchObject({
      status: 'transferred_out',
      left_on: '2026-06-01',
      left_to: '和平区委组织部',
      accountsDisabled: 1,
    });
    const died = await street1.org.recordDeath({ memberId: s1.members[1]!.id, effectiveOn: '2026-07-01' });
    expect(died).toMatchObject({ status: 'deceased', left_on: '2026-07-01', accountsDisabled: 0 });
    expect((await street1.org.members({})).total).toBe(0);
    const left = await street1.org.members({ status: 'left' });
    expect(left.rows.map((r) => r.status).sort()).toEqual(['deceased', 'transferred_out']);
    expect((await street1.org.overview()).members).toBe(0);
    const account = await t.db
      .selectFrom('app_user')
      .select('disabled')
      .where('username', '=', 'member')
      .executeTakeFirstOrThrow();
    expect(account.disabled).toBe(1);
    const h = await street1.org.memberHistory({ memberId: s1.members[0]!.id });
    expect(h.member).toMatchObject({ status: 'transferred_out', leftTo: '和平区委组织部' });
    expect(h.events).toMatchObject([{ kind: 'transfer_out', on_date: '2026-06-01', fromName: '支部1' }]);
    expect((await audits(t.db, 'org.member.transferOut')).length).toBe(1);
    expect((await audits(t.db, 'org.member.death')).length).toBe(1);
    // Nothing more happens to someone no longer on the roll.
    await expect(street1.org.recordDeath({ memberId: s1.members[0]!.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '党员“党员1-1”已转出，不能再办理此项',
    });
  });

  it('预备→正式 with the date; a full member is not confirmed twice', async () => {
    const f = await buildFixture(t.db);
    const m = f.streets[0]!.members[0]!;
    await t.db
      .updateTable('member')
      .set({ category: 'probationary', joined_at: '2025-07-01' })
      .where('id', '=', m.id)
      .execute();
    const admin = await callerAs(t.db, 'district_admin');
    await expect(
      admin.org.confirmMember({ memberId: m.id, effectiveOn: '2025-06-30' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '日期 2025-06-30 不能早于入党日期 2025-07-01',
    });
    const after = await admin.org.confirmMember({ memberId: m.id, effectiveOn: '2026-07-01' });
    expect(after).toMatchObject({ category: 'full', confirmed_at: '2026-07-01' });
    const [audit] = await audits(t.db, 'org.member.confirm');
    expect(JSON.parse(audit!.before_json!).category).toBe('probationary');
    expect(JSON.parse(audit!.after_json!).category).toBe('full');
    await expect(admin.org.confirmMember({ memberId: m.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '党员“党员1-1”不是预备党员',
    });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
