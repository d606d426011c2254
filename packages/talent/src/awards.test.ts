import { sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import {
  addExpert,
  conferAwards,
  createCycle,
  drawShortlist,
  listCycles,
  listNominations,
  nominate,
  publishShortlist,
  recordScore,
  scoreSheet,
  startScoring,
  withdrawNomination,
} from './awards.ts';
import { fundBalances } from './ledger.ts';
import { createTalent } from './registry.ts';
import { awardsByTitleAndCycle, ledgerAwardPaid } from './reports.ts';
import { STAFF, setupTalent } from './testing/setup.ts';

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => (e?.messageKey ? `${e.kind}:${e.messageKey}` : String(e.message ?? e)),
  );

const QUOTAS = [
  { title: 'leading' as const, quota: 1, amountFen: 20_000_000 },
  { title: 'expert' as const, quota: 1, amountFen: 7_000_000 },
];

describeEachDialect('excellent-talent selection', (t) => {
  async function cycleWithNominees() {
    const s = await setupTalent(t.db, 100_000_000);
    const carol = await createTalent(t.db, {
      name: '陈刚',
      gender: 'M',
      birthDate: null,
      fieldCode: 'AI',
      fieldName: '人工智能',
      employer: '营口某研究院',
      introducedOn: '2020-01-01',
      introducedVia: 'introduction',
      tierId: s.tierA.id,
      orgUnitId: s.rcb.id,
    });
    const cycle = await createCycle(t.db, { year: 2026, quotas: QUOTAS });
    const e1 = await addExpert(t.db, { cycleId: cycle.id, name: '专家甲' });
    const e2 = await addExpert(t.db, { cycleId: cycle.id, name: '专家乙' });
    const n1 = await nominate(t.db, {
      cycleId: cycle.id,
      talentId: s.alice.id,
      title: 'expert',
      nominatedBy: '营口某芯片公司',
      reason: '攻克关键工艺',
    });
    const n2 = await nominate(t.db, {
      cycleId: cycle.id,
      talentId: s.bob.id,
      title: 'expert',
      nominatedBy: '区科技局',
      reason: '业绩突出',
    });
    const n3 = await nominate(t.db, {
      cycleId: cycle.id,
      talentId: carol.id,
      title: 'leading',
      nominatedBy: '区委组织部',
      reason: '领衔团队',
    });
    return { s, cycle, e1, e2, n1, n2, n3 };
  }

  it('a whole cycle: nominate, score, shortlist, publicity, award paid from the fund', async () => {
    const { s, cycle, e1, e2, n1, n2, n3 } = await cycleWithNominees();
    expect(
      await codeOf(recordScore(t.db, { nominationId: n1.id, expertId: e1.id, score: 9000, enteredBy: null })),
    ).toBe('CONFLICT:talent.cycleClosedForChange');
    await startScoring(t.db, cycle.id);
    expect(
      await codeOf(
        nominate(t.db, {
          cycleId: cycle.id,
          talentId: s.local.id,
          title: 'expert',
          nominatedBy: 'x',
          reason: 'y',
        }),
      ),
    ).toBe('CONFLICT:talent.cycleClosedForChange');
    const score = (n: number, e: number, v: number) =>
      recordScore(t.db, { nominationId: n, expertId: e, score: v, enteredBy: null });
    await score(n1.id, e1.id, 9000);
    await score(n1.id, e2.id, 8501);
    await score(n2.id, e1.id, 8000);
    // missing scores are reported, and the shortlist is refused until none is missing
    const sheet = await scoreSheet(t.db, cycle.id);
    expect(sheet.complete).toBe(false);
    expect(sheet.missing).toEqual(
      expect.arrayContaining([
        { nominationId: n2.id, expertId: e2.id },
        { nominationId: n3.id, expertId: e1.id },
        { nominationId: n3.id, expertId: e2.id },
      ]),
    );
    expect(sheet.missing).toHaveLength(3);
    expect(await codeOf(drawShortlist(t.db, cycle.id))).toBe('PRECONDITION_FAILED:talent.scoresMissing');
    // a duplicate score is refused and the first one stands
    expect(await codeOf(score(n1.id, e1.id, 1000))).toBe('CONFLICT:talent.duplicateScore');
    expect(await codeOf(score(n1.id, 9999, 1000))).toBe('BAD_INPUT:talent.scoreUnknownExpert');
    expect(await codeOf(score(n2.id, e2.id, 10_001))).toBe('BAD_INPUT:talent.badScore');
    await score(n2.id, e2.id, 8000);
    await score(n3.id, e1.id, 7000);
    await score(n3.id, e2.id, 7001);
    const drawn = await drawShortlist(t.db, cycle.id);
    expect(drawn.after.status).toBe('shortlisted');
    const noms = await listNominations(t.db, cycle.id);
    const by = new Map(noms.map((n) => [n.id, n]));
    expect(by.get(n1.id)).toMatchObject({ status: 'shortlisted', combined_score: 8751, rank: 1 });
    expect(by.get(n2.id)).toMatchObject({ status: 'not_shortlisted', combined_score: 8000, rank: 2 });
    expect(by.get(n3.id)).toMatchObject({ status: 'shortlisted', combined_score: 7001, rank: 1 });
    expect(
      await codeOf(publishShortlist(t.db, { cycleId: cycle.id, start: '2026-06-01', end: '2026-06-03' })),
    ).toBe('BAD_INPUT:talent.publicityTooShort');
    await publishShortlist(t.db, { cycleId: cycle.id, start: '2026-06-01', end: '2026-06-07' });
    expect(
      await codeOf(
        conferAwards(t.db, { cycleId: cycle.id, fundId: s.fund.id, approver: STAFF, on: '2026-06-07' }),
      ),
    ).toBe('PRECONDITION_FAILED:talent.publicityNotOver');
    const res = await conferAwards(t.db, {
      cycleId: cycle.id,
      fundId: s.fund.id,
      approver: STAFF,
      on: '2026-06-08',
    });
    expect(res).toMatchObject({ awarded: 2, totalFen: 27_000_000 });
    expect(await fundBalances(t.db, s.fund.id)).toEqual({
      availableFen: 73_000_000,
      committedFen: 0,
      disbursedFen: 27_000_000,
      budgetFen: 100_000_000,
    });
    const report = await awardsByTitleAndCycle(t.db);
    expect(report.totals).toEqual({ count: 2, amountFen: 27_000_000, cycles: 1, firstYear: 2026 });
    expect(report.totals.amountFen).toBe(await ledgerAwardPaid(t.db, s.fund.id));
    expect(report.series.amountFen.leading).toEqual([20_000_000]);
    const [listed] = await listCycles(t.db);
    expect(listed).toMatchObject({
      status: 'awarded',
      nominations: 3,
      awarded: 2,
      awardedFen: 27_000_000,
      awarded_on: '2026-06-08',
    });
    // an awarded cycle is final
    expect(
      await codeOf(
        conferAwards(t.db, { cycleId: cycle.id, fundId: s.fund.id, approver: STAFF, on: '2026-07-01' }),
      ),
    ).toBe('CONFLICT:talent.illegalTransition');
  });

  it('an objection upheld in publicity withdraws the nominee, who is not paid; a fund too small pays no one', async () => {
    const { s, cycle, e1, e2, n1, n3 } = await cycleWithNominees();
    await startScoring(t.db, cycle.id);
    const sheet = await scoreSheet(t.db, cycle.id);
    for (const row of sheet.rows)
      for (const e of [e1, e2])
        await recordScore(t.db, {
          nominationId: row.nominationId,
          expertId: e.id,
          score: 9000 - row.nominationId,
          enteredBy: null,
        });
    await drawShortlist(t.db, cycle.id);
    expect(await codeOf(withdrawNomination(t.db, { nominationId: n1.id, reason: '有异议' }))).toBe(
      'CONFLICT:talent.illegalTransition',
    );
    await publishShortlist(t.db, { cycleId: cycle.id, start: '2026-06-01', end: '2026-06-07' });
    expect(await codeOf(withdrawNomination(t.db, { nominationId: n1.id, reason: ' ' }))).toBe(
      'BAD_INPUT:talent.reasonRequired',
    );
    await withdrawNomination(t.db, { nominationId: n1.id, reason: '公示期间异议经核实成立' });
    // drain the fund so the remaining award does not fit: nothing is paid at all
    const { appendEntry } = await import('./ledger.ts');
    await appendEntry(t.db, {
      fundId: s.fund.id,
      kind: 'commitment',
      amountFen: 90_000_000,
      reason: '其他用途',
      approver: STAFF,
    });
    const before = await t.db
      .selectFrom('talent_fund_entry')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(
      await codeOf(
        conferAwards(t.db, { cycleId: cycle.id, fundId: s.fund.id, approver: STAFF, on: '2026-06-10' }),
      ),
    ).toBe('PRECONDITION_FAILED:talent.insufficientFund');
    const after = await t.db
      .selectFrom('talent_fund_entry')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await listNominations(t.db, cycle.id)).find((n) => n.id === n3.id)!.status).toBe('shortlisted');
  });

  it('cycles are biennial from 2008, one per year; one nomination per talent per cycle; panel needed to score', async () => {
    const s = await setupTalent(t.db);
    expect(await codeOf(createCycle(t.db, { year: 2027, quotas: [] }))).toBe(
      'BAD_INPUT:talent.cycleNotBiennial',
    );
    expect(await codeOf(createCycle(t.db, { year: 2006, quotas: [] }))).toBe(
      'BAD_INPUT:talent.cycleNotBiennial',
    );
    const c = await createCycle(t.db, { year: 2024, quotas: QUOTAS });
    expect(await codeOf(createCycle(t.db, { year: 2024, quotas: [] }))).toBe(
      'CONFLICT:talent.cycleYearTaken',
    );
    await nominate(t.db, {
      cycleId: c.id,
      talentId: s.alice.id,
      title: 'expert',
      nominatedBy: 'x',
      reason: 'y',
    });
    expect(
      await codeOf(
        nominate(t.db, {
          cycleId: c.id,
          talentId: s.alice.id,
          title: 'leading',
          nominatedBy: 'x',
          reason: 'y',
        }),
      ),
    ).toBe('CONFLICT:talent.alreadyNominated');
    expect(await codeOf(startScoring(t.db, c.id))).toBe('PRECONDITION_FAILED:talent.noExperts');
    await addExpert(t.db, { cycleId: c.id, name: '专家甲' });
    expect(await codeOf(addExpert(t.db, { cycleId: c.id, name: '专家甲' }))).toBe(
      'CONFLICT:talent.expertTaken',
    );
    expect(await codeOf(drawShortlist(t.db, c.id))).toBe('CONFLICT:talent.illegalTransition');
    expect(
      await codeOf(publishShortlist(t.db, { cycleId: c.id, start: '2026-06-01', end: '2026-06-30' })),
    ).toBe('CONFLICT:talent.illegalTransition');
    await startScoring(t.db, c.id);
    expect(await codeOf(startScoring(t.db, c.id))).toBe('CONFLICT:talent.illegalTransition');
  });

  it('concurrent duplicate scores: the unique constraint keeps exactly one', async () => {
    const { cycle, e1, n1 } = await cycleWithNominees();
    await startScoring(t.db, cycle.id);
    const results = await Promise.all(
      [9000, 8000, 7000].map((v) =>
        t.db
          .transaction()
          .execute((trx) =>
            recordScore(trx, { nominationId: n1.id, expertId: e1.id, score: v, enteredBy: null }),
          )
          .then(
            () => 'ok',
            (e) => e.messageKey,
          ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'talent.duplicateScore')).toHaveLength(2);
  });
});
