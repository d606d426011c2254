import { createTestDb, describeEachDialect } from '@zhanqian/db/testing';
import { awardsByTitleAndCycle, fundBalances, getFund, ledgerAwardPaid, listTalents } from '@zhanqian/talent';
import { expect, it } from 'vitest';
import { seedTalent, TALENT_SEED } from '../../../seeds/src/talent.ts';
import { buildFixture, callerAs } from './fixture.ts';

describeEachDialect('talent seed', (t) => {
  it('reproduces the seed figures at scale 1: 80+ by public selection, 70+ awards and 5,300,000+ yuan since 2008', async () => {
    const f = await buildFixture(t.db);
    const res = await seedTalent(t.db, { scale: 1, year: 2026 });
    expect(res.publicSelection).toBe(84);
    expect(res.awards).toBe(TALENT_SEED.awardsThrough2024);
    expect(res.awardFen).toBe(536_000_000);
    const reg = await listTalents(t.db, { scopeRootId: f.district.id, page: 1, pageSize: 1 });
    expect(reg.total).toBe(200);
    expect(reg.byVia.public_selection).toBeGreaterThanOrEqual(80);
    const awards = await awardsByTitleAndCycle(t.db);
    expect(awards.totals).toEqual({ count: 72, amountFen: 536_000_000, cycles: 9, firstYear: 2008 });
    expect(awards.byTitle.leading.count).toBe(9);
    const fund = await getFund(t.db);
    expect(await ledgerAwardPaid(t.db, fund.id)).toBe(536_000_000);
    const b = await fundBalances(t.db, fund.id);
    expect(b.budgetFen).toBe(1_000_000_000);
    expect(b.availableFen).toBeGreaterThanOrEqual(50_000_000);
    expect(b.availableFen).toBe(res.availableFen);
    const flow = await (await callerAs(t.db, 'rencai')).talent.reports.flow({});
    expect(flow.byPurpose.award.dDisbursedFen).toBe(536_000_000);
    expect(flow.byPurpose.budget.dAvailableFen).toBe(1_000_000_000);
    expect(flow.byPurpose.subsidy.dDisbursedFen + 536_000_000).toBe(b.disbursedFen);
    expect(flow.series.months[0]).toBe('2008-01');
    // applications in every state
    for (const s of ['submitted', 'reviewed', 'approved', 'disbursed', 'rejected', 'withdrawn', 'cancelled'])
      expect(res.applications[s], s).toBeGreaterThan(0);
    // the 2026 cycle is in panel scoring with scores still missing
    const cycles = await (await callerAs(t.db, 'rencai')).talent.awards.cycles();
    expect(cycles[0]).toMatchObject({ year: 2026, status: 'scoring' });
    const current = await (await callerAs(t.db, 'rencai')).talent.awards.cycle({ id: cycles[0]!.id });
    expect(current.sheet.missing.length).toBeGreaterThan(0);
    // the demo member is a talent with a submitted settling subsidy
    const mine = await (await callerAs(t.db, 'member')).talent.applications.mine();
    expect(mine.applications.map((a) => [a.kind, a.status])).toEqual([['settling', 'submitted']]);
  }, 120_000);

  it('is deterministic: the same data on either engine', async () => {
    await buildFixture(t.db);
    await seedTalent(t.db, { scale: 1, year: 2026 });
    const other = await createTestDb('sqlite');
    try {
      await buildFixture(other.db);
      await seedTalent(other.db, { scale: 1, year: 2026 });
      const dump = async (db: typeof t.db) => ({
        people: await db
          .selectFrom('talent_person')
          .select(['id', 'name', 'field_code', 'introduced_on', 'introduced_via', 'tier_id'])
          .orderBy('id')
          .execute(),
        apps: await db
          .selectFrom('talent_subsidy_application')
          .select(['id', 'talent_id', 'kind', 'status', 'amount_fen'])
          .orderBy('id')
          .execute(),
        ledger: await db
          .selectFrom('talent_fund_entry')
          .select(['id', 'kind', 'amount_fen', 'entry_date', 'ref_type', 'ref_id'])
          .orderBy('id')
          .execute(),
        scores: await db
          .selectFrom('talent_award_score')
          .select(['nomination_id', 'expert_id', 'score'])
          .orderBy('id')
          .execute(),
      });
      expect(await dump(t.db)).toEqual(await dump(other.db));
    } finally {
      await other.destroy();
    }
  }, 120_000);

  it('scales: scale 2 doubles the registry, the awards and the fund', async () => {
    await buildFixture(t.db);
    const res = await seedTalent(t.db, { scale: 2, year: 2026 });
    expect(res.talents).toBe(400);
    expect(res.awards).toBe(144);
    expect(res.awardFen).toBe(1_072_000_000);
    expect((await fundBalances(t.db, (await getFund(t.db)).id)).budgetFen).toBe(2_000_000_000);
  }, 120_000);
});
