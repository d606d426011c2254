import { describeEachDialect } from '@zhanqian/db/testing';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { appendEntry, createFund, fundBalances, reverseEntry } from './ledger.ts';
import { fundFlowByMonth, fundReportXlsx } from './reports.ts';
import { foldBalances, monthlyFlow } from './rules.ts';
import { STAFF, setupTalent } from './testing/setup.ts';

type Op = {
  kind: 'budget' | 'commitment' | 'disbursement' | 'reverse';
  amount: number;
  month: number;
  day: number;
  pick: number;
};

const opArb = fc.record({
  kind: fc.constantFrom('budget', 'commitment', 'disbursement', 'reverse' as const),
  amount: fc.integer({ min: 1, max: 50_000_000 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  pick: fc.nat(),
}) as fc.Arbitrary<Op>;

describeEachDialect('talent reports', (t) => {
  it('property: the SQL monthly flow and balances equal the pure reference over the ledger', async () => {
    const s = await setupTalent(t.db, 0);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 2020, max: 2026 }),
        async (ops, year) => {
          const fund = await createFund(t.db, { code: `F${++n}`, name: `测试资金${n}`, orgUnitId: s.rcb.id });
          const ids: number[] = [];
          for (const op of ops) {
            const entryDate = `${year}-${String(op.month).padStart(2, '0')}-${String(op.day).padStart(2, '0')}`;
            try {
              if (op.kind === 'reverse') {
                if (ids.length === 0) continue;
                await reverseEntry(t.db, {
                  entryId: ids[op.pick % ids.length]!,
                  reason: '冲正',
                  approver: STAFF,
                  entryDate,
                });
              } else {
                const e = await appendEntry(t.db, {
                  fundId: fund.id,
                  kind: op.kind,
                  amountFen: op.amount,
                  entryDate,
                  reason: '测试',
                  approver: STAFF,
                });
                ids.push(e.id);
              }
            } catch (e) {
              // refusals (insufficient fund, already reversed, …) are part of the game
              if (!(e as { messageKey?: string }).messageKey) throw e;
            }
          }
          const lines = await t.db
            .selectFrom('talent_fund_entry')
            .selectAll()
            .where('fund_id', '=', fund.id)
            .execute();
          const ref = monthlyFlow(lines);
          const report = await fundFlowByMonth(t.db, fund.id);
          expect(report.rows).toEqual(ref);
          const folded = foldBalances(lines);
          expect(report.balances).toEqual(folded);
          const purposes = Object.values(report.byPurpose);
          expect(purposes.reduce((a, p) => a + p.dAvailableFen, 0)).toBe(folded.availableFen);
          expect(purposes.reduce((a, p) => a + p.dCommittedFen, 0)).toBe(folded.committedFen);
          expect(purposes.reduce((a, p) => a + p.count, 0)).toBe(lines.length);
          expect(await fundBalances(t.db, fund.id)).toEqual(folded);
          expect(folded.availableFen).toBeGreaterThanOrEqual(0);
          expect(folded.committedFen).toBeGreaterThanOrEqual(0);
          expect(folded.disbursedFen).toBeGreaterThanOrEqual(0);
          if (report.series.months.length) {
            expect(report.series.availableAtMonthEnd.at(-1)).toBe(folded.availableFen);
            expect(report.series.committedAtMonthEnd.at(-1)).toBe(folded.committedFen);
            expect(report.series.disbursedAtMonthEnd.at(-1)).toBe(folded.disbursedFen);
          }
          for (const kind of ['budget', 'commitment', 'disbursement', 'reversal'] as const)
            expect(report.series.byKind[kind].reduce((a, b) => a + b, 0)).toBe(
              lines.filter((l) => l.kind === kind).reduce((a, l) => a + l.amount_fen, 0),
            );
        },
      ),
      { numRuns: t.dialect === 'postgres' ? 12 : 30 },
    );
  });

  it('a date range opens with the balances before it', async () => {
    const s = await setupTalent(t.db, 1_000_000);
    await appendEntry(t.db, {
      fundId: s.fund.id,
      kind: 'commitment',
      amountFen: 1_000,
      entryDate: '2024-02-10',
      reason: 'x',
      approver: STAFF,
    });
    await appendEntry(t.db, {
      fundId: s.fund.id,
      kind: 'commitment',
      amountFen: 2_000,
      entryDate: '2024-03-10',
      reason: 'x',
      approver: STAFF,
    });
    const r = await fundFlowByMonth(t.db, s.fund.id, { from: '2024-03-01', to: '2024-03-31' });
    expect(r.series.months).toEqual(['2024-03']);
    expect(r.series.availableAtMonthEnd).toEqual([1_000_000 - 3_000]);
    expect(r.balances.availableFen).toBe(997_000);
    const { talentFundFigures } = await import('./reports.ts');
    expect((await talentFundFigures(t.db))?.balances).toEqual(await fundBalances(t.db, s.fund.id));
  });

  it('the xlsx workbook carries the same sums as the ledger', async () => {
    const s = await setupTalent(t.db, 1_000_000);
    await appendEntry(t.db, {
      fundId: s.fund.id,
      kind: 'commitment',
      amountFen: 250_050,
      entryDate: '2024-02-10',
      reason: '批准',
      approver: STAFF,
    });
    await appendEntry(t.db, {
      fundId: s.fund.id,
      kind: 'disbursement',
      amountFen: 250_050,
      entryDate: '2024-02-11',
      reason: '拨付',
      approver: STAFF,
    });
    const buf = await fundReportXlsx(t.db, s.fund);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '月度流水', '资金分录', '奖励统计']);
    const sum = wb.getWorksheet('汇总')!;
    expect(sum.getCell('B2').value).toBe(10_000);
    expect(sum.getCell('B3').value).toBe(7_499.5);
    expect(sum.getCell('B5').value).toBe(2_500.5);
    expect(wb.getWorksheet('资金分录')!.rowCount).toBe(4);
    const flow = wb.getWorksheet('月度流水')!;
    const fenInFlow = [] as number[];
    flow.eachRow((row, i) => {
      if (i > 1) fenInFlow.push(Math.round(Number(row.getCell(4).value) * 100));
    });
    expect(fenInFlow.reduce((a, b) => a + b, 0)).toBe(1_000_000 + 250_050 + 250_050);
  });
});
