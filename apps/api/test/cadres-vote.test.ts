import { verifyAuditChain } from '@zhanqian/audit';
import { withCheckDigit } from '@zhanqian/cadres';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { buildFixture, callerAs, type Fixture } from './fixture.ts';

const ID1 = withCheckDigit('21080219900501123');

/** Row counts of every table a self-nomination or a vote could touch (audit_log apart). */
async function counts(db: Kysely<Database>) {
  const out: Record<string, number> = {};
  for (const t of [
    'cadre_nomination',
    'cadre_candidate',
    'cadre_campaign',
    'cadre_vote',
    'cadre_vote_roll',
    'cadre_ballot',
  ] as const) {
    const r = await db.selectFrom(t).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  const voted = await db
    .selectFrom('cadre_vote_roll')
    .select(sql<number>`count(*)`.as('n'))
    .where('voted', '=', 1)
    .executeTakeFirstOrThrow();
  out.voted = Number(voted.n);
  const decided = await db
    .selectFrom('cadre_candidate')
    .select(sql<number>`count(*)`.as('n'))
    .where('decided', '=', 1)
    .executeTakeFirstOrThrow();
  out.decided = Number(decided.n);
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

/**
 * A campaign of `kind` for a post of street 1, with the member's cadre file (甲) and 乙
 * registered and passed, scored through every stage and at the decision stage.
 */
async function campaignAtDecision(db: Kysely<Database>, f: Fixture, kind: 'direct_election' | 'competitive') {
  const ganbu = await callerAs(db, 'ganbu');
  const street = f.streets[0]!.street.id;
  const a = await ganbu.cadres.files.create(
    newCadre(f, { name: '甲', idCard: null, memberId: f.streets[0]!.members[0]!.id }),
  );
  const b = await ganbu.cadres.files.create(newCadre(f, { name: '乙', idCard: null }));
  const post = await ganbu.cadres.nominations.createPost({
    orgUnitId: street,
    title: '社区党委书记',
    rank: 'deputy_section',
    openedOn: '2026-08-01',
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
    kind,
    title: '公推直选',
    on: '2026-08-03',
  });
  const go = (to: any, on: string) => ganbu.cadres.campaigns.transition({ id: k.id, to, on });
  await go('registration', '2026-08-05');
  const ca = await ganbu.cadres.campaigns.register({ campaignId: k.id, cadreId: a.id });
  const cb = await ganbu.cadres.campaigns.register({ campaignId: k.id, cadreId: b.id });
  await go('qualification', '2026-08-10');
  for (const c of [ca, cb]) await ganbu.cadres.campaigns.review({ candidateId: c.id, qualified: true });
  await go('exam', '2026-08-20');
  for (const stage of ['exam', 'interview', 'inspection'] as const) {
    for (const c of [ca, cb]) await ganbu.cadres.campaigns.score({ candidateId: c.id, stage, score: 8000 });
    await go(
      stage === 'exam' ? 'interview' : stage === 'interview' ? 'inspection' : 'decision',
      '2026-09-01',
    );
  }
  return { ganbu, post, k, go, a, b, ca, cb };
}

describeEachDialect('cadres API: self-nomination closes with registration', (t) => {
  it('refuses self-nomination once a campaign is past registration (任前公示 included), in zh-CN and en, and changes nothing', async () => {
    const f = await buildFixture(t.db);
    const ganbu = await callerAs(t.db, 'ganbu');
    await ganbu.cadres.files.create(
      newCadre(f, { name: '甲', idCard: null, memberId: f.streets[0]!.members[0]!.id }),
    );
    const b = await ganbu.cadres.files.create(newCadre(f, { name: '乙', idCard: null }));
    const post = await ganbu.cadres.nominations.createPost({
      orgUnitId: f.streets[0]!.street.id,
      title: '党建办副主任',
      rank: 'deputy_section',
      openedOn: '2026-08-01',
    });
    await ganbu.cadres.nominations.create({
      vacancyId: post.id,
      cadreId: b.id,
      source: 'organization',
      reason: '组织推荐',
    });
    const k = await ganbu.cadres.campaigns.create({
      vacancyId: post.id,
      kind: 'competitive',
      title: '竞争上岗',
      on: '2026-08-03',
    });
    const member = await callerAs(t.db, 'member');
    const memberEn = await callerAs(t.db, 'member', 'en');
    const refusedAt = async (zh: RegExp, en: RegExp) => {
      const before = await counts(t.db);
      await expect(member.cadres.self.nominate({ vacancyId: post.id, reason: '自荐' })).rejects.toMatchObject(
        {
          code: 'PRECONDITION_FAILED',
          message: expect.stringMatching(zh),
        },
      );
      await expect(
        memberEn.cadres.self.nominate({ vacancyId: post.id, reason: '自荐' }),
      ).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
        message: expect.stringMatching(en),
      });
      expect(await counts(t.db)).toEqual(before);
      expect((await member.cadres.self.openPosts()).rows.map((r) => r.id)).not.toContain(post.id);
    };
    // announced: registration has not opened yet
    await refusedAt(/尚未开始报名/, /has not opened yet/);
    const go = (to: any, on: string) => ganbu.cadres.campaigns.transition({ id: k.id, to, on });
    await go('registration', '2026-08-05');
    expect((await member.cadres.self.openPosts()).rows.map((r) => r.id)).toContain(post.id);
    const cb = await ganbu.cadres.campaigns.register({ campaignId: k.id, cadreId: b.id });
    await go('qualification', '2026-08-10');
    await refusedAt(
      /已进入“资格审查”环节，报名已截止/,
      /Registration for this selection has closed \(it is at the qualification stage\)/,
    );
    await ganbu.cadres.campaigns.review({ candidateId: cb.id, qualified: true });
    await go('exam', '2026-08-20');
    for (const stage of ['exam', 'interview', 'inspection'] as const) {
      await ganbu.cadres.campaigns.score({ candidateId: cb.id, stage, score: 8000 });
      await go(
        stage === 'exam' ? 'interview' : stage === 'interview' ? 'inspection' : 'decision',
        '2026-09-01',
      );
    }
    await ganbu.cadres.campaigns.decide({ candidateId: cb.id, decided: true });
    await go('publicity', '2026-09-29');
    // 任前公示: the case of issue #21 item 1
    await refusedAt(/已进入“任前公示”环节，报名已截止，不再接受自荐/, /at the publicity stage/);
    expect(await member.cadres.self.mine()).toEqual({ total: 0, rows: [] });
  }, 60_000);
});

describeEachDialect('cadres API: 公推直选 vote', (t) => {
  it('the cadre section opens the vote; eligible members vote once; the count decides the campaign', async () => {
    const f = await buildFixture(t.db);
    const w = await campaignAtDecision(t.db, f, 'direct_election');
    // two full members of street 1's branch; one of them has an account ('member')
    const second = f.streets[0]!.members[1]!.id;
    await t.db
      .insertInto('app_user')
      .values({
        username: 'member2',
        display_name: '党员1-2',
        password_hash: 'x',
        role: 'member',
        org_unit_id: f.streets[0]!.branch.id,
        member_id: second,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .execute();
    // a member of street 2 (not on the roll)
    await t.db
      .insertInto('app_user')
      .values({
        username: 'member_s2',
        display_name: '党员2-1',
        password_hash: 'x',
        role: 'member',
        org_unit_id: f.streets[1]!.branch.id,
        member_id: f.streets[1]!.members[0]!.id,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .execute();
    const member = await callerAs(t.db, 'member');
    const member2 = await callerAs(t.db, 'member2');
    const outsider = await callerAs(t.db, 'member_s2');

    // only the cadre section opens and closes; the section cannot decide by hand
    for (const who of ['member', 'rencai', 'street1']) {
      const c = await callerAs(t.db, who);
      await expect(c.cadres.votes.open({ campaignId: w.k.id }), who).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    await expect(
      w.ganbu.cadres.campaigns.decide({ candidateId: w.ca.id, decided: true }),
    ).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('由党员直接选举产生'),
    });
    const opened = await w.ganbu.cadres.votes.open({ campaignId: w.k.id });
    expect(opened).toMatchObject({ round: 1, seats: 1, electorate: 2, status: 'open' });
    await expect(w.ganbu.cadres.votes.open({ campaignId: w.k.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(w.go('publicity', '2026-09-29')).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('直接选举投票尚未结束'),
    });

    // the member sees the ballot
    const mine = await member.cadres.self.votes();
    expect(mine.rows).toHaveLength(1);
    expect(mine.rows[0]).toMatchObject({ id: opened.id, open: true, voted: false, seats: 1 });
    expect(mine.rows[0]!.candidates.map((c) => c.name)).toEqual(['甲', '乙']);
    expect((await outsider.cadres.self.votes()).rows).toEqual([]);

    // eligible: votes once
    await member.cadres.self.cast({ voteId: opened.id, choices: [w.cb.id] });
    let before = await counts(t.db);
    await expect(member.cadres.self.cast({ voteId: opened.id, choices: [w.ca.id] })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '您已投过票，每人只能投一次',
    });
    expect(await counts(t.db)).toEqual(before);
    expect((await member.cadres.self.votes()).rows[0]).toMatchObject({ voted: true });
    // ineligible: refused, nothing written
    await expect(outsider.cadres.self.cast({ voteId: opened.id, choices: [w.ca.id] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(w.ganbu.cadres.self.cast({ voteId: opened.id, choices: [w.ca.id] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // a ballot marking more than the seats is refused
    const en = await callerAs(t.db, 'member2', 'en');
    await expect(
      en.cadres.self.cast({ voteId: opened.id, choices: [w.ca.id, w.cb.id] }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Mark at most 1',
    });
    expect(await counts(t.db)).toEqual(before);
    await member2.cadres.self.cast({ voteId: opened.id, choices: [w.cb.id] });

    // turnout on the admin side, then close and count
    const during = await w.ganbu.cadres.campaigns.get({ id: w.k.id });
    expect(during.votes[0]).toMatchObject({ status: 'open', electorate: 2, voted: 2, result: null });
    await expect(member.cadres.votes.close({ voteId: opened.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const counted = await w.ganbu.cadres.votes.close({ voteId: opened.id });
    expect(counted).toMatchObject({ cast: 2, elected: [w.cb.id], quorumMet: true });
    const after = await w.ganbu.cadres.campaigns.get({ id: w.k.id });
    expect(after.candidates.filter((c) => c.decided === 1).map((c) => c.name)).toEqual(['乙']);
    expect(after.votes[0]!.result!.tallies.map((x) => [x.candidateId, x.votes])).toEqual([
      [w.cb.id, 2],
      [w.ca.id, 0],
    ]);
    before = await counts(t.db);
    await expect(member2.cadres.self.cast({ voteId: opened.id, choices: [] })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    expect(await counts(t.db)).toEqual(before);
    expect((await member.cadres.self.votes()).rows[0]).toMatchObject({
      status: 'counted',
      elected: [w.cb.id],
    });
    // the result feeds the campaign: it goes to publicity with the elected
    const pub = await w.go('publicity', '2026-09-29');
    expect(pub.campaign.stage).toBe('publicity');
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  }, 60_000);

  it('keeps the ballot anonymous: no column links it to a voter, and the audit says who voted, never for whom', async () => {
    const f = await buildFixture(t.db);
    const w = await campaignAtDecision(t.db, f, 'direct_election');
    const opened = await w.ganbu.cadres.votes.open({ campaignId: w.k.id });
    const member = await callerAs(t.db, 'member');
    await member.cadres.self.cast({ voteId: opened.id, choices: [w.cb.id] });

    const tables = await t.db.introspection.getTables();
    const ballotCols = tables.find((x) => x.name === 'cadre_ballot')!.columns.map((c) => c.name);
    expect(ballotCols.sort()).toEqual(['choices', 'id', 'vote_id']);
    for (const c of ballotCols) expect(c).not.toMatch(/member|user|voter|actor|created|_at|time|seq/);
    const rollCols = tables.find((x) => x.name === 'cadre_vote_roll')!.columns.map((c) => c.name);
    expect(rollCols.sort()).toEqual(['member_id', 'vote_id', 'voted']);
    const ballot = await t.db.selectFrom('cadre_ballot').selectAll().executeTakeFirstOrThrow();
    expect(ballot.id).toMatch(/^[0-9a-f-]{36}$/);

    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('object_type', '=', 'cadre_vote')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['cadres.votes.open', 'cadres.self.cast']);
    const cast = audit.filter((a) => a.action === 'cadres.self.cast');
    expect(cast[0]).toMatchObject({
      actor_id: f.users.member,
      object_type: 'cadre_vote',
      object_id: String(opened.id),
    });
    const payload = `${cast[0]!.before_json ?? ''}${cast[0]!.after_json ?? ''}`;
    expect(JSON.parse(cast[0]!.after_json!)).toEqual({ campaignId: w.k.id, round: 1, voted: true });
    expect(cast[0]!.before_json).toBeNull();
    expect(payload).not.toMatch(/candidate|cadre|乙|甲/);
    expect(payload).not.toContain('choices');
    expect(payload).not.toContain(ballot.id);
    // nor does a refused second ballot leave the choice in the log
    await member.cadres.self.cast({ voteId: opened.id, choices: [w.ca.id] }).catch(() => undefined);
    const all = await t.db.selectFrom('audit_log').select(['before_json', 'after_json']).execute();
    expect(all.map((a) => `${a.before_json}${a.after_json}`).join()).not.toContain('choices');
  }, 60_000);

  it('opens only for 公推直选, with a localized refusal, and changes nothing', async () => {
    const f = await buildFixture(t.db);
    const w = await campaignAtDecision(t.db, f, 'competitive');
    const before = await counts(t.db);
    await expect(w.ganbu.cadres.votes.open({ campaignId: w.k.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: '只有公推直选才进行党员直接选举投票',
    });
    const en = await callerAs(t.db, 'ganbu', 'en');
    await expect(en.cadres.votes.open({ campaignId: w.k.id, quorumPct: 100 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await counts(t.db)).toEqual(before);
  }, 60_000);
});
