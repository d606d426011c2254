import { setAppraisalFlagsSource } from '@zhanqian/api-router';
import { verifyAuditChain } from '@zhanqian/audit';
import { fixedAppraisalFlags, scoringAppraisalFlags, withCheckDigit } from '@zhanqian/cadres';
import { shanghaiDate } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { afterEach, expect, it } from 'vitest';
import { buildFixture, callerAs, type Fixture } from './fixture.ts';

const ID1 = withCheckDigit('21080219900501123');
const THIS_YEAR = Number(shanghaiDate().slice(0, 4));

async function cadreCounts(db: Kysely<Database>) {
  const out: Record<string, number> = {};
  for (const t of [
    'cadre',
    'cadre_post',
    'cadre_nomination',
    'cadre_campaign',
    'cadre_candidate',
    'cadre_rotation',
    'cadre_evaluation',
    'audit_log',
  ] as const) {
    const r = await db.selectFrom(t).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

const newCadre = (f: Fixture, over: Record<string, unknown> = {}) => ({
  name: '张伟',
  gender: 'M' as const,
  birthDate: '1990-05-01',
  idCard: ID1,
  orgUnitId: f.streets[0]!.street.id,
  postTitle: '科员',
  postSince: '2019-07-01',
  rank: 'staff' as const,
  rankSince: '2019-07-01',
  education: '大学本科',
  ...over,
});

afterEach(() => setAppraisalFlagsSource(scoringAppraisalFlags));

describeEachDialect('cadres API', (t) => {
  it('refuses other departments, other roles and anonymous callers, and audits the refusal', async () => {
    const f = await buildFixture(t.db);
    for (const who of [
      'rencai',
      'kaohe',
      'street1',
      'unit_reporter',
      'branch_secretary',
      'member',
      'sys_admin',
      'audit_admin',
    ]) {
      const c = await callerAs(t.db, who);
      await expect(c.cadres.files.list({}), who).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.cadres.campaigns.board(), who).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const rencai = await callerAs(t.db, 'rencai');
    const before = await cadreCounts(t.db);
    await expect(rencai.cadres.files.create(newCadre(f))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const after = await cadreCounts(t.db);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
    const denied = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('result', '=', 'denied')
      .where('action', '=', 'cadres.files.create')
      .execute();
    expect(denied).toHaveLength(1);
    await expect((await callerAs(t.db, null)).cadres.files.list({})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    // The district admin reads and manages cadres but may not reveal ID numbers.
    const admin = await callerAs(t.db, 'district_admin');
    expect((await admin.cadres.files.list({})).total).toBe(0);
  }, 30_000);

  it('stores the ID number encrypted, shows it masked, and audits every reveal', async () => {
    const f = await buildFixture(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    const created = await ganbu.cadres.files.create(newCadre(f));
    expect(created.idCardMasked).toBe(`210***********${ID1.slice(-4)}`);
    expect(JSON.stringify(created)).not.toContain(ID1);
    const row = await t.db
      .selectFrom('cadre')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.id_card_enc).toMatch(/^sm4gcm1:/);
    const list = await ganbu.cadres.files.list({ q: '张' });
    expect(list.total).toBe(1);
    expect(JSON.stringify(list)).not.toContain(ID1);
    const file = await ganbu.cadres.files.get({ id: created.id });
    expect(file.posts).toHaveLength(1);
    expect(JSON.stringify(file)).not.toContain(ID1);

    expect(await ganbu.cadres.files.revealIdCard({ id: created.id })).toEqual({
      id: created.id,
      idCard: ID1,
    });
    const updated = await ganbu.cadres.files.update({ id: created.id, education: '硕士研究生' });
    expect(updated).not.toHaveProperty('id_card_enc');
    expect(updated.education).toBe('硕士研究生');
    const admin = await callerAs(t.db, 'district_admin');
    await expect(admin.cadres.files.revealIdCard({ id: created.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const audit = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.result])).toEqual([
      ['cadres.files.create', 'ok'],
      ['cadres.files.revealIdCard', 'ok'],
      ['cadres.files.update', 'ok'],
      ['cadres.files.revealIdCard', 'denied'],
    ]);
    expect(audit.map((a) => `${a.before_json}${a.after_json}`).join()).not.toContain(ID1);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  }, 30_000);

  it('refuses bad input with a localized message and changes nothing', async () => {
    const f = await buildFixture(t.db);
    const before = await cadreCounts(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    await expect(
      ganbu.cadres.files.create(newCadre(f, { idCard: '210802199005011230' })),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '身份证号码格式或校验位有误',
    });
    await expect(ganbu.cadres.files.create(newCadre(f, { birthDate: '1990/05/01' }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const en = await callerAs(t.db, 'ganbu', 'en');
    await expect(
      en.cadres.evaluations.setWeights({
        year: 2026,
        weights: { morality: 3000, ability: 2000, passion: 2000, performance: 2000, image: 2000 },
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Weights must be non-negative and sum to 100.00% (now 110.00%)',
    });
    expect(await cadreCounts(t.db)).toEqual(before);
  }, 30_000);

  it('combines five-quality scores of several raters with the year’s weights', async () => {
    const f = await buildFixture(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    const c = await ganbu.cadres.files.create(newCadre(f));
    await ganbu.cadres.evaluations.setWeights({
      year: 2026,
      weights: { morality: 3000, ability: 2500, passion: 1500, performance: 2000, image: 1000 },
    });
    const s = { morality: 9000, ability: 8000, passion: 8000, performance: 7000, image: 9000 };
    await ganbu.cadres.evaluations.record({ cadreId: c.id, year: 2026, rater: '评价人1', scores: s });
    await ganbu.cadres.evaluations.record({
      cadreId: c.id,
      year: 2026,
      rater: '评价人2',
      scores: { ...s, morality: 8001 },
    });
    await expect(
      ganbu.cadres.evaluations.record({ cadreId: c.id, year: 2026, rater: '评价人2', scores: s }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const table = await ganbu.cadres.evaluations.table({ year: 2026 });
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]).toMatchObject({ cadreId: c.id, raters: 2, total: 8050 });
    const file = await ganbu.cadres.files.get({ id: c.id });
    expect(file.evaluations[0]!.summary.total).toBe(8050);
  }, 30_000);

  it('records nominations from the four sources with eligibility reasons and the recommender on record', async () => {
    const f = await buildFixture(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    const street = f.streets[0]!.street.id;
    const young = await ganbu.cadres.files.create(
      newCadre(f, { name: '年轻', memberId: f.streets[0]!.members[0]!.id }),
    );
    const old = await ganbu.cadres.files.create(
      newCadre(f, { name: '年长', birthDate: '1970-01-01', idCard: null }),
    );
    const fresh = await ganbu.cadres.files.create(
      newCadre(f, { name: '新任', rankSince: `${THIS_YEAR - 1}-01-01`, idCard: null }),
    );
    const post = await ganbu.cadres.nominations.createPost({
      orgUnitId: street,
      title: '副主任',
      rank: 'deputy_section',
      maxAge: 40,
      minYearsLower: 3,
      massThresholdPct: 60,
    });

    const org = await ganbu.cadres.nominations.create({
      vacancyId: post.id,
      cadreId: young.id,
      source: 'organization',
      reason: '组织推荐',
    });
    expect(org.eligibility).toEqual({ eligible: true, reasons: [], promotionPriority: false });
    expect(org.nomination.recommender_user_id).toBe(f.users.ganbu);
    const mass = await ganbu.cadres.nominations.create({
      vacancyId: post.id,
      cadreId: young.id,
      source: 'mass',
      reason: '民主推荐',
      votesFor: 59,
      votesCast: 100,
    });
    expect(mass.eligibility.reasons.map((r) => r.code)).toEqual(['massVotesBelowThreshold']);
    await expect(
      ganbu.cadres.nominations.create({
        vacancyId: post.id,
        cadreId: young.id,
        source: 'mass',
        reason: 'x',
        votesFor: 120,
        votesCast: 100,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      ganbu.cadres.nominations.create({
        vacancyId: post.id,
        cadreId: old.id,
        source: 'leader',
        reason: '个人推荐',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('谁推荐谁负责') });
    const leader = await ganbu.cadres.nominations.create({
      vacancyId: post.id,
      cadreId: old.id,
      source: 'leader',
      reason: '个人推荐',
      recommenderName: '李明',
      recommenderTitle: '街道党工委书记',
    });
    expect(leader.nomination).toMatchObject({
      recommender_name: '李明',
      recommender_title: '街道党工委书记',
      eligible: 0,
    });
    expect(leader.eligibility.reasons.map((r) => r.code)).toEqual(['tooOld']);
    const third = await ganbu.cadres.nominations.create({
      vacancyId: post.id,
      cadreId: fresh.id,
      source: 'organization',
      reason: '组织推荐',
    });
    expect(third.eligibility.reasons).toEqual([{ code: 'yearsInLowerRank', params: { have: 1, need: 3 } }]);
    await expect(
      ganbu.cadres.nominations.create({
        vacancyId: post.id,
        cadreId: young.id,
        source: 'organization',
        reason: '再次',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    // Self-recommendation from the member app, only for the member's own file.
    const member = await callerAs(t.db, 'member');
    const open = await member.cadres.self.openPosts();
    expect(open.rows.map((r) => r.id)).toEqual([post.id]);
    const self = await member.cadres.self.nominate({ vacancyId: post.id, reason: '本人自荐' });
    expect(self.nomination).toMatchObject({
      source: 'self',
      cadre_id: young.id,
      recommender_user_id: f.users.member,
    });
    const mine = await member.cadres.self.mine();
    expect(mine.rows.map((r) => r.source).sort()).toEqual(['mass', 'organization', 'self']);
    await expect(member.cadres.nominations.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const all = await ganbu.cadres.nominations.list({ vacancyId: post.id });
    expect(all.bySource).toEqual({ mass: 1, organization: 2, leader: 1, self: 1 });
    expect((await ganbu.cadres.nominations.list({ source: 'leader' })).rows).toHaveLength(1);
  }, 30_000);

  it('a member without a cadre file cannot self-nominate, and sees nobody else’s nominations', async () => {
    const f = await buildFixture(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    const other = await ganbu.cadres.files.create(newCadre(f, { memberId: f.streets[0]!.members[1]!.id }));
    const post = await ganbu.cadres.nominations.createPost({
      orgUnitId: f.streets[0]!.street.id,
      title: '副主任',
      rank: 'deputy_section',
    });
    await ganbu.cadres.nominations.create({
      vacancyId: post.id,
      cadreId: other.id,
      source: 'organization',
      reason: '组织推荐',
    });
    const k = await ganbu.cadres.campaigns.create({
      vacancyId: post.id,
      kind: 'competitive',
      title: '竞争上岗',
    });
    const member = await callerAs(t.db, 'member');
    const before = await cadreCounts(t.db);
    await expect(member.cadres.self.nominate({ vacancyId: post.id, reason: '自荐' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: '您尚无干部档案，不能自荐',
    });
    expect(await cadreCounts(t.db)).toEqual(before);
    expect(await member.cadres.self.mine()).toEqual({ total: 0, rows: [] });
    await expect(member.cadres.self.campaign({ id: k.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(member.cadres.campaigns.get({ id: k.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  }, 30_000);

  it('puts the appraisal’s key-adjustment and promotion-priority lists on the file and in eligibility', async () => {
    const f = await buildFixture(t.db);
    const s1 = f.streets[0]!.street.id;
    const s2 = f.streets[1]!.street.id;
    setAppraisalFlagsSource(() =>
      fixedAppraisalFlags({
        keyAdjustment: { [THIS_YEAR - 1]: [s1] },
        promotionPriority: { [THIS_YEAR - 1]: [s2] },
      }),
    );
    const ganbu = await callerAs(t.db, 'ganbu');
    const a = await ganbu.cadres.files.create(newCadre(f, { name: '甲', idCard: null }));
    const b = await ganbu.cadres.files.create(newCadre(f, { name: '乙', orgUnitId: s2, idCard: null }));
    const fa = await ganbu.cadres.files.get({ id: a.id });
    expect(fa.appraisal).toEqual({ year: THIS_YEAR - 1, keyAdjustment: true, promotionPriority: false });
    const fb = await ganbu.cadres.files.get({ id: b.id });
    expect(fb.appraisal).toEqual({ year: THIS_YEAR - 1, keyAdjustment: false, promotionPriority: true });
    const post = await ganbu.cadres.nominations.createPost({
      orgUnitId: f.district.id,
      title: '副科长',
      rank: 'deputy_section',
    });
    const ea = await ganbu.cadres.nominations.eligibility({ cadreId: a.id, vacancyId: post.id });
    expect(ea).toMatchObject({ eligible: false, reasons: [{ code: 'keyAdjustment', params: {} }] });
    const eb = await ganbu.cadres.nominations.eligibility({ cadreId: b.id, vacancyId: post.id });
    expect(eb).toMatchObject({ eligible: true, promotionPriority: true });
  }, 30_000);

  it('reads the lists from published scoring results (and ignores unpublished ones)', async () => {
    const f = await buildFixture(t.db);
    const s1 = f.streets[0]!.street.id;
    const s2 = f.streets[1]!.street.id;
    const year = THIS_YEAR - 1;
    const scheme = await t.db
      .insertInto('scoring_scheme')
      .values({
        year,
        name: 'x',
        status: 'closed',
        bonus_cap: 0,
        tiebreak_json: '[]',
        awards_json: '{"poolFen":0,"rules":[]}',
        priority_top_n: 1,
        objection_until: null,
        current_version_id: null,
        created_at: 'x',
        updated_at: 'x',
      } as any)
      .returning('id')
      .executeTakeFirstOrThrow();
    const v = await t.db
      .insertInto('scoring_result_version')
      .values({ year, created_at: 'x', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [unit, rank, key] of [
      [s2, 1, 0],
      [s1, 2, 1],
    ] as const) {
      const subj = await t.db
        .insertInto('scoring_subject')
        .values({ year, org_unit_id: unit, category: 'street' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('scoring_result')
        .values({
          version_id: v.id,
          subject_id: subj.id,
          org_unit_id: unit,
          category: 'street',
          base_total: 90000 - rank,
          bonus: 0,
          total: 90000 - rank,
          deduction_lost: 0,
          vetoed: 0,
          rank,
          bottom_two: key,
          key_adjustment: key,
        })
        .execute();
    }
    await t.db
      .updateTable('scoring_scheme')
      .set({ current_version_id: v.id })
      .where('id', '=', scheme.id)
      .execute();
    const ganbu = await callerAs(t.db, 'ganbu');
    const a = await ganbu.cadres.files.create(newCadre(f, { idCard: null }));
    expect((await ganbu.cadres.files.get({ id: a.id })).appraisal).toEqual({
      year: null,
      keyAdjustment: false,
      promotionPriority: false,
    });
    await t.db
      .updateTable('scoring_scheme')
      .set({ status: 'published' })
      .where('id', '=', scheme.id)
      .execute();
    expect((await ganbu.cadres.files.get({ id: a.id })).appraisal).toEqual({
      year,
      keyAdjustment: true,
      promotionPriority: false,
    });
    const list = await ganbu.cadres.files.list({});
    expect(list.appraisalYear).toBe(year);
  }, 30_000);

  it('runs a campaign through every stage, refusing illegal and premature transitions, and appoints in one transaction', async () => {
    const f = await buildFixture(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    const street = f.streets[0]!.street.id;
    const c1 = await ganbu.cadres.files.create(
      newCadre(f, { name: '甲', idCard: null, memberId: f.streets[0]!.members[0]!.id }),
    );
    const c2 = await ganbu.cadres.files.create(newCadre(f, { name: '乙', idCard: null }));
    const post = await ganbu.cadres.nominations.createPost({
      orgUnitId: street,
      title: '党建办副主任',
      rank: 'deputy_section',
      openedOn: '2026-08-01',
    });
    await ganbu.cadres.nominations.create({
      vacancyId: post.id,
      cadreId: c2.id,
      source: 'organization',
      reason: '组织推荐',
    });
    const k = await ganbu.cadres.campaigns.create({
      vacancyId: post.id,
      kind: 'public_selection',
      title: '公开选拔副科级干部',
      on: '2026-08-03',
    });
    const go = (to: any, on: string) => ganbu.cadres.campaigns.transition({ id: k.id, to, on });
    const refused = async (to: any, on: string, code: string, key?: RegExp) => {
      const before = await cadreCounts(t.db);
      const e = await go(to, on).catch((x) => x);
      expect(e.code, `${to} on ${on}`).toBe(code);
      if (key) expect(e.message).toMatch(key);
      expect(await cadreCounts(t.db)).toEqual(before);
    };
    await refused('exam', '2026-08-04', 'CONFLICT', /不能从“发布公告”环节转到“笔试”/);
    await refused('registration', '2999-01-01', 'BAD_REQUEST');
    await refused('registration', '2026-08-02', 'PRECONDITION_FAILED'); // before the announcement
    await go('registration', '2026-08-05');
    await refused('qualification', '2026-08-06', 'PRECONDITION_FAILED', /尚无人报名/);
    // The member self-nominates while registration is open: registered at once.
    const member = await callerAs(t.db, 'member');
    const self = await member.cadres.self.nominate({ vacancyId: post.id, reason: '自荐' });
    expect(self.candidateId).not.toBeNull();
    const reg2 = await ganbu.cadres.campaigns.register({ campaignId: k.id, cadreId: c2.id });
    await expect(
      ganbu.cadres.campaigns.review({ candidateId: reg2.id, qualified: true }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await go('qualification', '2026-08-20');
    await ganbu.cadres.campaigns.review({ candidateId: self.candidateId!, qualified: true });
    await refused('exam', '2026-08-21', 'PRECONDITION_FAILED', /1 名报名人员未完成资格审查/);
    await ganbu.cadres.campaigns.review({ candidateId: reg2.id, qualified: true });
    await go('exam', '2026-08-25');
    await ganbu.cadres.campaigns.score({ candidateId: self.candidateId!, stage: 'exam', score: 8000 });
    await expect(
      ganbu.cadres.campaigns.score({ candidateId: reg2.id, stage: 'interview', score: 8000 }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await refused('interview', '2026-08-30', 'PRECONDITION_FAILED', /缺少笔试成绩/);
    await ganbu.cadres.campaigns.score({ candidateId: reg2.id, stage: 'exam', score: 9000 });
    await go('interview', '2026-09-01');
    await ganbu.cadres.campaigns.score({ candidateId: self.candidateId!, stage: 'interview', score: 9000 });
    await refused('inspection', '2026-09-05', 'PRECONDITION_FAILED');
    await ganbu.cadres.campaigns.score({ candidateId: reg2.id, stage: 'interview', score: 8000 });
    await go('inspection', '2026-09-10');
    await ganbu.cadres.campaigns.score({ candidateId: self.candidateId!, stage: 'inspection', score: 8600 });
    await refused('decision', '2026-09-15', 'PRECONDITION_FAILED');
    await ganbu.cadres.campaigns.score({ candidateId: reg2.id, stage: 'inspection', score: 8500 });
    await go('decision', '2026-09-20');
    const detail = await ganbu.cadres.campaigns.get({ id: k.id });
    expect(detail.candidates.map((c) => [c.name, c.total, c.rank, c.tied])).toEqual([
      ['甲', 8520, 1, false],
      ['乙', 8500, 2, false],
    ]);
    await refused('publicity', '2026-09-28', 'PRECONDITION_FAILED', /拟任人选/);
    await ganbu.cadres.campaigns.decide({ candidateId: self.candidateId!, decided: true });
    const pub = await go('publicity', '2026-09-29');
    expect(pub.campaign.publicity_end).toBe('2026-10-10'); // 5 working days across 国庆节
    const board = await ganbu.cadres.campaigns.board();
    expect(board.byStage).toEqual({ publicity: 1 });
    // Objections during publicity only; an open one blocks appointment.
    await expect(
      ganbu.cadres.campaigns.fileObjection({
        candidateId: self.candidateId!,
        content: '反映',
        on: '2026-10-11',
      }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(
      ganbu.cadres.campaigns.fileObjection({ candidateId: reg2.id, content: '反映', on: '2026-10-09' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: '只能对公示中的拟任人选提出异议' });
    const o = await ganbu.cadres.campaigns.fileObjection({
      candidateId: self.candidateId!,
      content: '反映',
      on: '2026-10-09',
    });
    await refused('appointed', '2026-10-12', 'PRECONDITION_FAILED', /1 件异议未处理/);
    await ganbu.cadres.campaigns.resolveObjection({
      objectionId: o.id,
      upheld: false,
      resolution: '经核查不属实',
    });
    await refused('appointed', '2026-10-10', 'PRECONDITION_FAILED', /公示期未满/);
    const follow = await member.cadres.self.campaign({ id: k.id });
    expect(follow).toMatchObject({ stage: 'publicity', publicityEnd: '2026-10-10', mine: { decided: 1 } });
    expect(JSON.stringify(follow)).not.toContain('乙');
    const done = await go('appointed', '2026-10-12');
    expect(done.appointedCadreIds).toEqual([c1.id]);
    await refused('cancelled', '2026-10-13', 'CONFLICT');
    const file = await ganbu.cadres.files.get({ id: c1.id });
    expect(file.cadre).toMatchObject({
      rank: 'deputy_section',
      postTitle: '党建办副主任',
      postSince: '2026-10-12',
    });
    expect(file.posts.map((p) => [p.title, p.end_date])).toEqual([
      ['党建办副主任', null],
      ['科员', '2026-10-12'],
    ]);
    const actions = (
      await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'cadres.campaigns.transition')
        .execute()
    ).length;
    expect(actions).toBe(8);
  }, 30_000);

  it('cancels a campaign before appointment, and refuses another department on writes', async () => {
    const f = await buildFixture(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    const post = await ganbu.cadres.nominations.createPost({
      orgUnitId: f.streets[1]!.street.id,
      title: '副主任',
      rank: 'deputy_section',
    });
    const k = await ganbu.cadres.campaigns.create({
      vacancyId: post.id,
      kind: 'direct_election',
      title: '公推直选',
    });
    const rencai = await callerAs(t.db, 'rencai');
    await expect(rencai.cadres.campaigns.transition({ id: k.id, to: 'registration' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const r = await ganbu.cadres.campaigns.transition({ id: k.id, to: 'cancelled' });
    expect(r.campaign.stage).toBe('cancelled');
    await expect(ganbu.cadres.campaigns.transition({ id: k.id, to: 'registration' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const posts = await ganbu.cadres.nominations.posts({});
    expect(posts.rows[0]).toMatchObject({ status: 'closed', campaign_stage: 'cancelled' });
  }, 30_000);

  it('records rotation and exchange, keeps the due list and counts person-times per year', async () => {
    const f = await buildFixture(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    const s1 = f.streets[0]!.street.id;
    const s2 = f.streets[1]!.street.id;
    const long = await ganbu.cadres.files.create(
      newCadre(f, { name: '久任', postSince: '2010-03-01', idCard: null }),
    );
    const key = await ganbu.cadres.files.create(
      newCadre(f, { name: '要岗', postSince: `${THIS_YEAR - 6}-01-01`, postIsKey: true, idCard: null }),
    );
    await ganbu.cadres.files.create(
      newCadre(f, { name: '新岗', postSince: `${THIS_YEAR - 1}-01-01`, idCard: null }),
    );
    const due = await ganbu.cadres.rotation.due({});
    expect(due.rows.map((r) => [r.name, r.limitYears, r.overdue])).toEqual([
      ['久任', 10, true],
      ['要岗', 5, true],
    ]);
    expect((await ganbu.cadres.rotation.due({ limitYears: 1 })).total).toBe(3);
    await expect(
      ganbu.cadres.rotation.record({ cadreId: long.id, kind: 'exchange', toUnitId: s1, toTitle: '科员' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await ganbu.cadres.rotation.record({
      cadreId: long.id,
      kind: 'exchange',
      onDate: '2025-06-01',
      toUnitId: s2,
      toTitle: '科员',
    });
    await ganbu.cadres.rotation.record({
      cadreId: key.id,
      kind: 'rotation',
      onDate: '2026-03-01',
      toUnitId: s1,
      toTitle: '综合办科员',
    });
    expect((await ganbu.cadres.rotation.personTimes()).series).toEqual([
      { year: 2025, rotation: 0, exchange: 1, total: 1 },
      { year: 2026, rotation: 1, exchange: 0, total: 1 },
    ]);
    expect((await ganbu.cadres.rotation.due({})).total).toBe(0);
    expect((await ganbu.cadres.rotation.list({ year: 2025 })).rows[0]).toMatchObject({
      name: '久任',
      to_unit_name: '街道2',
    });
    const file = await ganbu.cadres.files.get({ id: long.id });
    expect(file.posts.map((p) => [p.org_unit_id, p.source])).toEqual([
      [s2, 'exchange'],
      [s1, 'initial'],
    ]);
    await expect((await callerAs(t.db, 'rencai')).cadres.rotation.personTimes()).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  }, 30_000);
});

describeEachDialect('cadres API: objections upheld', (t) => {
  it('an upheld objection withdraws the appointee; the campaign re-decides and publicizes again', async () => {
    const f = await buildFixture(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    const street = f.streets[1]!.street.id;
    const a = await ganbu.cadres.files.create(newCadre(f, { name: '甲', orgUnitId: street, idCard: null }));
    const b = await ganbu.cadres.files.create(newCadre(f, { name: '乙', orgUnitId: street, idCard: null }));
    const post = await ganbu.cadres.nominations.createPost({
      orgUnitId: street,
      title: '副主任',
      rank: 'deputy_section',
    });
    for (const c of [a, b])
      await ganbu.cadres.nominations.create({
        vacancyId: post.id,
        cadreId: c.id,
        source: 'organization',
        reason: '组织推荐',
      });
    const k = await ganbu.cadres.campaigns.create({
      vacancyId: post.id,
      kind: 'competitive',
      title: '竞争上岗',
      on: '2026-02-02',
    });
    const go = (to: any, on: string) => ganbu.cadres.campaigns.transition({ id: k.id, to, on });
    await go('registration', '2026-02-03');
    const ca = await ganbu.cadres.campaigns.register({ campaignId: k.id, cadreId: a.id });
    const cb = await ganbu.cadres.campaigns.register({ campaignId: k.id, cadreId: b.id });
    await go('qualification', '2026-02-04');
    for (const c of [ca, cb]) await ganbu.cadres.campaigns.review({ candidateId: c.id, qualified: true });
    await go('exam', '2026-02-05');
    for (const stage of ['exam', 'interview', 'inspection'] as const) {
      for (const c of [ca, cb]) await ganbu.cadres.campaigns.score({ candidateId: c.id, stage, score: 8000 });
      await go(
        stage === 'exam' ? 'interview' : stage === 'interview' ? 'inspection' : 'decision',
        '2026-02-06',
      );
    }
    const detail = await ganbu.cadres.campaigns.get({ id: k.id });
    expect(detail.candidates.map((c) => [c.rank, c.tied])).toEqual([
      [1, true],
      [1, true],
    ]);
    await ganbu.cadres.campaigns.decide({ candidateId: ca.id, decided: true });
    // Publicity from Thu 12 Feb 2026: 12, 13, Sat 14 (调休上班), then 春节 15–23, 24, 25 Feb.
    const pub = await go('publicity', '2026-02-12');
    expect(pub.campaign.publicity_end).toBe('2026-02-25');
    await expect(go('decision', '2026-02-13')).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const o = await ganbu.cadres.campaigns.fileObjection({
      candidateId: ca.id,
      content: '反映问题',
      on: '2026-02-13',
    });
    await ganbu.cadres.campaigns.resolveObjection({
      objectionId: o.id,
      upheld: true,
      resolution: '经核查属实，取消拟任',
    });
    await expect(
      ganbu.cadres.campaigns.resolveObjection({ objectionId: o.id, upheld: false, resolution: '再次' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(go('appointed', '2026-02-26')).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await go('decision', '2026-02-26');
    await ganbu.cadres.campaigns.decide({ candidateId: cb.id, decided: true });
    const again = await go('publicity', '2026-02-27');
    expect(again.campaign.publicity_end).toBe('2026-03-04'); // Fri 27, Sat 28 (调休上班), Mon 2, Tue 3, Wed 4 Mar
    await expect(go('appointed', '2026-03-04')).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const done = await go('appointed', '2026-03-05');
    expect(done.appointedCadreIds).toEqual([b.id]);
    expect((await ganbu.cadres.files.get({ id: a.id })).cadre.rank).toBe('staff');
  }, 30_000);
});
