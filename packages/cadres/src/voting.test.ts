import { sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { createUnit } from '@zhanqian/org';
import { expect, it } from 'vitest';
import { appraisalSnapshot, NO_APPRAISAL_FLAGS } from './appraisal.ts';
import { withCheckDigit } from './crypto.ts';
import { createCadre } from './files.ts';
import {
  createCampaign,
  createVacancy,
  decideCandidate,
  nominate,
  recordStageScore,
  registerCandidate,
  reviewQualification,
  transitionCampaign,
} from './selection.ts';
import { campaignVotes, castBallot, closeVote, openVote } from './voting.ts';

const TODAY = '2026-11-28';

describeEachDialect('公推直选 votes', (t) => {
  /** A street with a branch of six members (one probationary, one transferred out), a campaign at decision. */
  async function world(kind: 'direct_election' | 'competitive' = 'direct_election', slots = 1) {
    const district = await createUnit(t.db, { parentId: null, kind: 'district', name: '站前区', code: 'ZQ' });
    const street = await createUnit(t.db, {
      parentId: district.id,
      kind: 'street',
      name: '八田街道',
      code: 'S1',
    });
    const committee = await createUnit(t.db, {
      parentId: street.id,
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
    const other = await createUnit(t.db, {
      parentId: district.id,
      kind: 'street',
      name: '东风街道',
      code: 'S2',
    });
    const member = (name: string, branchId: number, over: Record<string, unknown> = {}) =>
      t.db
        .insertInto('member')
        .values({
          branch_id: branchId,
          name,
          gender: 'M',
          birth_date: null,
          joined_at: null,
          id_card_enc: null,
          phone_enc: null,
          created_at: 'x',
          ...over,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    const electors = [];
    for (const n of [1, 2, 3, 4]) electors.push(await member(`党员${n}`, branch.id));
    const probationary = await member('预备', branch.id, { category: 'probationary' });
    const gone = await member('转出', branch.id, { status: 'transferred_out' });
    const outsider = await member('外街道', other.id);
    const cadres = [];
    for (const name of ['甲', '乙', '丙'])
      cadres.push(
        await createCadre(t.db, {
          name,
          gender: 'M',
          birthDate: '1990-05-01',
          idCard: withCheckDigit('21080219900501123'),
          orgUnitId: street.id,
          postTitle: '科员',
          postSince: '2019-07-01',
          rank: 'staff',
          rankSince: '2019-07-01',
          education: '大学本科',
        }),
      );
    const post = await createVacancy(t.db, {
      orgUnitId: street.id,
      title: '党委书记',
      rank: 'deputy_section',
      openedOn: '2026-08-01',
    });
    for (const c of cadres)
      await nominate(
        t.db,
        {
          vacancyId: post.id,
          cadreId: c.id,
          source: 'organization',
          reason: '组织推荐',
          recommenderUserId: null,
        },
        TODAY,
        await appraisalSnapshot(NO_APPRAISAL_FLAGS, TODAY),
      );
    const k = await createCampaign(t.db, {
      vacancyId: post.id,
      kind,
      title: '公推直选',
      slots,
      on: '2026-08-03',
    });
    const go = (to: Parameters<typeof transitionCampaign>[1]['to'], on: string) =>
      transitionCampaign(t.db, { campaignId: k.id, to, on, today: TODAY, actorId: null });
    await go('registration', '2026-08-05');
    const cands = [];
    for (const c of cadres) cands.push(await registerCandidate(t.db, { campaignId: k.id, cadreId: c.id }));
    await go('qualification', '2026-08-10');
    for (const c of cands)
      await reviewQualification(t.db, { candidateId: c.id, qualified: true, note: null });
    await go('exam', '2026-08-20');
    for (const stage of ['exam', 'interview', 'inspection'] as const) {
      for (const c of cands) await recordStageScore(t.db, { candidateId: c.id, stage, score: 8000 });
      await go(
        stage === 'exam' ? 'interview' : stage === 'interview' ? 'inspection' : 'decision',
        '2026-09-01',
      );
    }
    return { street, electors, probationary, gone, outsider, cands, k, go };
  }
  const open = (campaignId: number, over: Partial<Parameters<typeof openVote>[1]> = {}) =>
    openVote(t.db, { campaignId, quorumPct: null, on: TODAY, today: TODAY, actorId: null, ...over });
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of ['cadre_vote', 'cadre_vote_roll', 'cadre_ballot', 'cadre_candidate'] as const)
      out[table] = Number(
        (await t.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
      );
    out.voted = Number(
      (
        await t.db
          .selectFrom('cadre_vote_roll')
          .select(sql<number>`count(*)`.as('n'))
          .where('voted', '=', 1)
          .executeTakeFirstOrThrow()
      ).n,
    );
    return out;
  };

  it('rolls the full members on the roll of the post’s subtree, counts each once, and the elected are decided', async () => {
    const w = await world();
    const { vote } = await open(w.k.id);
    expect(vote).toMatchObject({ round: 1, status: 'open', seats: 1, electorate: 4 });
    const roll = await t.db
      .selectFrom('cadre_vote_roll')
      .select('member_id')
      .where('vote_id', '=', vote.id)
      .orderBy('member_id')
      .execute();
    expect(roll.map((r) => r.member_id)).toEqual(w.electors);
    const [a, b, c] = w.cands.map((x) => x.id) as [number, number, number];
    // not on the roll: probationary, transferred out, another street
    for (const memberId of [w.probationary, w.gone, w.outsider]) {
      const before = await counts();
      await expect(castBallot(t.db, { voteId: vote.id, memberId, choices: [a] })).rejects.toThrow(
        /notElector/,
      );
      expect(await counts()).toEqual(before);
    }
    await castBallot(t.db, { voteId: vote.id, memberId: w.electors[0]!, choices: [a] });
    const before = await counts();
    await expect(
      castBallot(t.db, { voteId: vote.id, memberId: w.electors[0]!, choices: [b] }),
    ).rejects.toThrow(/alreadyVoted/);
    await expect(
      castBallot(t.db, { voteId: vote.id, memberId: w.electors[1]!, choices: [a, b] }),
    ).rejects.toThrow(/tooManyChoices/);
    expect(await counts()).toEqual(before);
    await castBallot(t.db, { voteId: vote.id, memberId: w.electors[1]!, choices: [a] });
    await castBallot(t.db, { voteId: vote.id, memberId: w.electors[2]!, choices: [] });
    // the campaign cannot move on while the vote is open, and the section cannot decide by hand
    await expect(w.go('publicity', TODAY)).rejects.toThrow(/voteOpen/);
    await expect(decideCandidate(t.db, { candidateId: c, decided: true })).rejects.toThrow(/decidedByVote/);
    const done = await closeVote(t.db, { voteId: vote.id, actorId: null });
    expect(done.count).toMatchObject({ electorate: 4, cast: 3, blank: 1, elected: [a], turnout: 7500 });
    const decided = await t.db
      .selectFrom('cadre_candidate')
      .select(['id', 'decided'])
      .where('campaign_id', '=', w.k.id)
      .orderBy('id')
      .execute();
    expect(decided.map((d) => [d.id, d.decided])).toEqual([
      [a, 1],
      [b, 0],
      [c, 0],
    ]);
    await expect(
      castBallot(t.db, { voteId: vote.id, memberId: w.electors[3]!, choices: [a] }),
    ).rejects.toThrow(/closed/);
    await expect(closeVote(t.db, { voteId: vote.id, actorId: null })).rejects.toThrow(/closed/);
    await expect(open(w.k.id)).rejects.toThrow(/noSeats/);
    const views = await campaignVotes(t.db, w.k.id);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ status: 'counted', electorate: 4, voted: 3, result: { elected: [a] } });
    expect((await w.go('publicity', TODAY)).after.stage).toBe('publicity');
  });

  it('keeps no link from a ballot to its voter: no voter column, no time, random ids', async () => {
    const w = await world();
    const { vote } = await open(w.k.id);
    for (const m of w.electors)
      await castBallot(t.db, { voteId: vote.id, memberId: m, choices: [w.cands[0]!.id] });
    const tables = await t.db.introspection.getTables();
    const cols = (name: string) =>
      tables
        .find((x) => x.name === name)!
        .columns.map((c) => c.name)
        .sort();
    expect(cols('cadre_ballot')).toEqual(['choices', 'id', 'vote_id']);
    expect(cols('cadre_vote_roll')).toEqual(['member_id', 'vote_id', 'voted']);
    const ids = (await t.db.selectFrom('cadre_ballot').select('id').execute()).map((b) => b.id);
    expect(ids).toHaveLength(4);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    if (t.dialect === 'sqlite') {
      // stored by key, not in the order cast: no rowid to read the order from
      await expect(sql`select rowid from cadre_ballot`.execute(t.db)).rejects.toThrow();
      const stored = (await sql<{ id: string }>`select id from cadre_ballot`.execute(t.db)).rows.map(
        (r) => r.id,
      );
      expect(stored).toEqual([...ids].sort());
    }
    await closeVote(t.db, { voteId: vote.id, actorId: null });
    // after the count the physical order is the random ids' order on both engines
    const physical =
      t.dialect === 'postgres'
        ? (await sql<{ id: string }>`select id from cadre_ballot order by ctid`.execute(t.db)).rows
        : (await sql<{ id: string }>`select id from cadre_ballot`.execute(t.db)).rows;
    expect(physical.map((r) => r.id)).toEqual([...ids].sort());
  });

  it('counts a parallel double vote once', async () => {
    const w = await world();
    const { vote } = await open(w.k.id);
    const m = w.electors[0]!;
    const tries = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        castBallot(t.db, { voteId: vote.id, memberId: m, choices: [w.cands[1]!.id] }),
      ),
    );
    expect(tries.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect((await counts()).cadre_ballot).toBe(1);
    expect((await counts()).voted).toBe(1);
  });

  it('a seat without a majority is left unfilled, and a runoff (after one below its quorum) fills it', async () => {
    const w = await world('direct_election', 2);
    const [a, b, c] = w.cands.map((x) => x.id) as [number, number, number];
    const { vote } = await open(w.k.id, { quorumPct: 50 });
    expect(vote.seats).toBe(2);
    const ballots = [
      [a, b],
      [a, c],
      [a, b],
      [a, c],
    ];
    for (const [i, choices] of ballots.entries())
      await castBallot(t.db, { voteId: vote.id, memberId: w.electors[i]!, choices });
    const first = await closeVote(t.db, { voteId: vote.id, actorId: null });
    // b and c have 2 of 4 each: not more than half
    expect(first.count).toMatchObject({ elected: [a], tied: [], unfilled: 1, quorumMet: true });
    await expect(open(w.k.id, { candidateIds: [a, b] })).rejects.toThrow(/notStanding/);
    const runoff = await open(w.k.id, { candidateIds: [b, c], quorumPct: 50 });
    expect(runoff.vote).toMatchObject({ round: 2, seats: 1 });
    // below the quorum (2 of 4 is not more than half) the runoff elects nobody
    await castBallot(t.db, { voteId: runoff.vote.id, memberId: w.electors[0]!, choices: [c] });
    await castBallot(t.db, { voteId: runoff.vote.id, memberId: w.electors[1]!, choices: [c] });
    expect((await closeVote(t.db, { voteId: runoff.vote.id, actorId: null })).count).toMatchObject({
      quorumMet: false,
      elected: [],
    });
    const third = await open(w.k.id, { candidateIds: [b, c] });
    for (const m of w.electors.slice(0, 3))
      await castBallot(t.db, { voteId: third.vote.id, memberId: m, choices: [c] });
    expect((await closeVote(t.db, { voteId: third.vote.id, actorId: null })).count.elected).toEqual([c]);
    expect((await w.go('publicity', TODAY)).after.stage).toBe('publicity');
  });

  it('opens only for 公推直选 at the decision stage', async () => {
    const w = await world('competitive');
    await expect(open(w.k.id)).rejects.toThrow(/notDirect/);
    expect((await counts()).cadre_vote).toBe(0);
  });
});
