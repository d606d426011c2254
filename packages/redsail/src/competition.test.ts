import { describeEachDialect } from '@zhanqian/db/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertCompetitionMove,
  callCompetition,
  closeCompetition,
  competitionBoard,
  pastCases,
  rankEntries,
  startScoring,
  submitEntry,
  submitScore,
  visibleScores,
} from './competition.ts';
import { createEnterprise } from './registry.ts';
import { code, district } from './testing.ts';

describe('ranking (pure)', () => {
  it('ranks by the mean exactly; ties share a rank (1, 2, 2, 4) and an award', () => {
    const r = rankEntries(
      [
        { entryId: 1, scores: [9000, 8000] }, // 85
        { entryId: 2, scores: [9500] }, // 95
        { entryId: 3, scores: [8000, 9000] }, // 85
        { entryId: 4, scores: [7000, 7000, 7001] }, // 70.00333…
        { entryId: 5, scores: [] },
      ],
      [
        { award: '一等奖', throughRank: 1 },
        { award: '二等奖', throughRank: 3 },
      ],
    );
    expect(r.map((x) => [x.entryId, x.rank, x.award, x.mean])).toEqual([
      [2, 1, '一等奖', 9500],
      [1, 2, '二等奖', 8500],
      [3, 2, '二等奖', 8500],
      [4, 4, null, 7000],
      [5, 5, null, 0],
    ]);
  });

  it('compares means exactly: two means shown alike (rounded) still rank apart', () => {
    const r = rankEntries([
      { entryId: 1, scores: [2, 1] }, // 1.5 → shown 2
      { entryId: 2, scores: [1, 2, 2] }, // 1.67 → shown 2
    ]);
    expect(r.map((x) => [x.entryId, x.mean, x.rank])).toEqual([
      [2, 2, 1],
      [1, 2, 2],
    ]);
  });

  it('standard competition ranking on random scores: rank = 1 + entries strictly better', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 3 }), {
          maxLength: 12,
        }),
        (scores) => {
          const r = rankEntries(scores.map((s, i) => ({ entryId: i + 1, scores: s })));
          for (const x of r) {
            const better = r.filter((y) => y.total * x.judges > x.total * y.judges).length;
            expect(x.rank).toBe(better + 1);
          }
        },
      ),
    );
  });

  it('refuses an award plan that does not go down from rank 1', () => {
    expect(() =>
      rankEntries(
        [],
        [
          { award: 'a', throughRank: 2 },
          { award: 'b', throughRank: 2 },
        ],
      ),
    ).toThrow(expect.objectContaining({ messageKey: 'redsail.badAwardPlan' }));
  });

  it('blind: a judge reads an entry’s scores only after their own; organizers only counts; all after closing', () => {
    const scores = [
      { entryId: 1, judgeUserId: 10, points: 90 },
      { entryId: 1, judgeUserId: 11, points: 80 },
      { entryId: 2, judgeUserId: 11, points: 70 },
    ];
    expect(visibleScores(scores, { userId: 10, isJudge: true }, 'scoring').scores).toEqual(
      scores.slice(0, 2),
    );
    expect(visibleScores(scores, { userId: 12, isJudge: true }, 'scoring').scores).toEqual([]);
    const org = visibleScores(scores, { userId: 1, isJudge: false }, 'scoring');
    expect(org.scores).toEqual([]);
    expect(org.submittedByEntry.get(1)).toBe(2);
    expect(visibleScores(scores, { userId: 1, isJudge: false }, 'closed').scores).toEqual(scores);
  });

  it('moves only from the status that allows them', () => {
    expect(() => assertCompetitionMove('open', 'score')).toThrow(
      expect.objectContaining({ messageKey: 'redsail.competitionStatus' }),
    );
    expect(() => assertCompetitionMove('closed', 'enter')).toThrow(
      expect.objectContaining({ kind: 'CONFLICT' }),
    );
    expect(() => assertCompetitionMove('scoring', 'close')).not.toThrow();
  });
});

describeEachDialect('competition in the database', (t) => {
  it('call → entries → blind scoring → close with ranking, awards and cases', async () => {
    const d = await district(t.db);
    const user = async (username: string) =>
      (
        await t.db
          .insertInto('app_user')
          .values({
            username,
            display_name: username,
            password_hash: 'x',
            role: 'dept_admin',
            org_unit_id: d.root.id,
            member_id: null,
            password_changed_at: 'x',
            created_at: 'x',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const [j1, j2, outsider] = [await user('j1'), await user('j2'), await user('x')];
    const ents = [];
    for (const n of [1, 2, 3])
      ents.push(
        await createEnterprise(
          t.db,
          {
            name: `企业${n}`,
            creditCode: code(n),
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
        ),
      );
    const c = await callCompetition(t.db, {
      year: 2025,
      title: '2025 年度党建创新项目评比',
      callText: '',
      deadline: '2025-10-31',
      maxPoints: 10_000,
      awardPlan: [
        { award: '一等奖', throughRank: 1 },
        { award: '优秀奖', throughRank: 2 },
      ],
      judgeUserIds: [j1, j2],
    });
    await expect(
      callCompetition(t.db, {
        year: 2025,
        title: 'x',
        callText: '',
        deadline: '2025-10-31',
        maxPoints: 100,
        awardPlan: [],
        judgeUserIds: [j1],
      }),
    ).rejects.toMatchObject({ messageKey: 'redsail.competitionYearTaken' });
    const e = [];
    for (const [i, title] of ['非公党建沙龙', '红色商铺联盟', '党员先锋岗'].entries())
      e.push(
        await submitEntry(t.db, {
          competitionId: c.id,
          enterpriseId: ents[i]!.id,
          title,
          summary: '',
          documentFileIds: [],
        }),
      );
    await expect(
      submitScore(t.db, { entryId: e[0]!.id, judgeUserId: j1, points: 9000 }),
    ).rejects.toMatchObject({ messageKey: 'redsail.competitionStatus' });
    await startScoring(t.db, c.id);
    await expect(
      submitEntry(t.db, {
        competitionId: c.id,
        enterpriseId: ents[0]!.id,
        title: '迟到',
        summary: '',
        documentFileIds: [],
      }),
    ).rejects.toMatchObject({ messageKey: 'redsail.competitionStatus' });
    await expect(
      submitScore(t.db, { entryId: e[0]!.id, judgeUserId: outsider, points: 9000 }),
    ).rejects.toMatchObject({ kind: 'FORBIDDEN' });
    await expect(
      submitScore(t.db, { entryId: e[0]!.id, judgeUserId: j1, points: 10_001 }),
    ).rejects.toMatchObject({ messageKey: 'redsail.scoreOutOfRange' });
    await submitScore(t.db, { entryId: e[0]!.id, judgeUserId: j2, points: 9600 });
    // j1 has not scored entry 0: j2's score stays hidden from them
    let board = await competitionBoard(t.db, c.id, j1);
    expect(board.entries[0]!.scores).toEqual([]);
    expect(board.entries[0]!.submitted).toBe(1);
    await submitScore(t.db, { entryId: e[0]!.id, judgeUserId: j1, points: 9400 });
    await expect(
      submitScore(t.db, { entryId: e[0]!.id, judgeUserId: j1, points: 9900 }),
    ).rejects.toMatchObject({ messageKey: 'redsail.scoreSubmitted' });
    board = await competitionBoard(t.db, c.id, j1);
    expect(board.entries[0]!.scores.map((s) => s.points).sort()).toEqual([9400, 9600]);
    expect((await competitionBoard(t.db, c.id, outsider)).entries[0]!.scores).toEqual([]);
    await expect(closeCompetition(t.db, c.id)).rejects.toMatchObject({
      messageKey: 'redsail.scoresMissing',
      params: { missing: 4 },
    });
    for (const [k, pts] of [
      [1, [9000, 8000]],
      [2, [8000, 9000]],
    ] as const) {
      await submitScore(t.db, { entryId: e[k]!.id, judgeUserId: j1, points: pts[0] });
      await submitScore(t.db, { entryId: e[k]!.id, judgeUserId: j2, points: pts[1] });
    }
    const closed = await closeCompetition(t.db, c.id);
    expect(closed.ranked.map((r) => [r.entryId, r.rank, r.award])).toEqual([
      [e[0]!.id, 1, '一等奖'],
      [e[1]!.id, 2, '优秀奖'],
      [e[2]!.id, 2, '优秀奖'],
    ]);
    expect((await pastCases(t.db, { rootId: d.root.id })).map((x) => x.title)).toEqual([
      '非公党建沙龙',
      '红色商铺联盟',
      '党员先锋岗',
    ]);
    expect((await competitionBoard(t.db, c.id, outsider)).entries[1]!.scores).toHaveLength(2);
  });
});
