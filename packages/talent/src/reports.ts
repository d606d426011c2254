/**
 * Reports on the fund and the awards: tables, chart-ready series and an xlsx workbook.
 * Every figure is a sum over the ledger (or the awarded nominations), in integer fen.
 */
import type { Database, Kysely, TalentAwardTitle, TalentFundEntryKind } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import ExcelJS from 'exceljs';
import { DEFAULT_FUND_CODE, type Fund, fundBalances } from './ledger.ts';
import {
  AWARD_TITLE_LABELS,
  AWARD_TITLES,
  type Balances,
  type FlowRow,
  FUND_ENTRY_KIND_LABELS,
  FUND_ENTRY_KINDS,
} from './rules.ts';

type Db = Kysely<Database>;

export type FundPurpose = 'budget' | 'subsidy' | 'award';

export interface FundFlowReport {
  balances: Balances;
  /** The balances' movements split by purpose (budget entries, subsidies, awards); they sum to `balances`. */
  byPurpose: Record<
    FundPurpose,
    { count: number; dAvailableFen: number; dCommittedFen: number; dDisbursedFen: number }
  >;
  /** One row per month and kind that has entries, ordered by month then kind. */
  rows: FlowRow[];
  /** Chart data: the months, each kind's amount per month, and the balances at each month's end. */
  series: {
    months: string[];
    byKind: Record<TalentFundEntryKind, number[]>;
    availableAtMonthEnd: number[];
    committedAtMonthEnd: number[];
    disbursedAtMonthEnd: number[];
  };
}

/**
 * The fund's flow by month (entry date, 'YYYY-MM') and kind, plus month-end balances.
 * This is also what a worker job calls to refresh monthly figures (`talentFundFigures`).
 *
 * @example const { series } = await fundFlowByMonth(db, fund.id) // series.months = ['2008-03', …]
 */
export async function fundFlowByMonth(
  db: Db,
  fundId: number,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<FundFlowReport> {
  const month = sql<string>`substr(entry_date, 1, 7)`;
  let q = db
    .selectFrom('talent_fund_entry')
    .select([
      month.as('month'),
      'kind',
      sql<number>`count(*)`.as('count'),
      sql<number>`sum(amount_fen)`.as('amountFen'),
      sql<number>`sum(d_available_fen)`.as('dAvailableFen'),
      sql<number>`sum(d_committed_fen)`.as('dCommittedFen'),
      sql<number>`sum(d_disbursed_fen)`.as('dDisbursedFen'),
    ])
    .where('fund_id', '=', fundId);
  if (range.from) q = q.where('entry_date', '>=', range.from);
  if (range.to) q = q.where('entry_date', '<=', range.to);
  const raw = await q.groupBy([month, 'kind']).orderBy(month).orderBy('kind').execute();
  const rows: FlowRow[] = raw.map((r) => ({
    month: r.month,
    kind: r.kind,
    count: Number(r.count),
    amountFen: Number(r.amountFen),
    dAvailableFen: Number(r.dAvailableFen),
    dCommittedFen: Number(r.dCommittedFen),
    dDisbursedFen: Number(r.dDisbursedFen),
  }));
  const months = [...new Set(rows.map((r) => r.month))];
  const byKind = Object.fromEntries(FUND_ENTRY_KINDS.map((k) => [k, months.map(() => 0)])) as Record<
    TalentFundEntryKind,
    number[]
  >;
  // Month-end balances start from everything before the range.
  const opening = range.from ? await fundBalances(db, fundId, prevDay(range.from)) : null;
  let a = opening?.availableFen ?? 0;
  let c = opening?.committedFen ?? 0;
  let d = opening?.disbursedFen ?? 0;
  const availableAtMonthEnd: number[] = [];
  const committedAtMonthEnd: number[] = [];
  const disbursedAtMonthEnd: number[] = [];
  months.forEach((m, i) => {
    for (const r of rows.filter((x) => x.month === m)) {
      byKind[r.kind][i] = r.amountFen;
      a += r.dAvailableFen;
      c += r.dCommittedFen;
      d += r.dDisbursedFen;
    }
    availableAtMonthEnd.push(a);
    committedAtMonthEnd.push(c);
    disbursedAtMonthEnd.push(d);
  });
  const balances = await fundBalances(db, fundId, range.to);
  let pq = db
    .selectFrom('talent_fund_entry')
    .select([
      'ref_type',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(d_available_fen)`.as('a'),
      sql<number>`sum(d_committed_fen)`.as('c'),
      sql<number>`sum(d_disbursed_fen)`.as('d'),
    ])
    .where('fund_id', '=', fundId);
  if (range.to) pq = pq.where('entry_date', '<=', range.to);
  const byPurpose = Object.fromEntries(
    (['budget', 'subsidy', 'award'] as const).map((p) => [
      p,
      { count: 0, dAvailableFen: 0, dCommittedFen: 0, dDisbursedFen: 0 },
    ]),
  ) as FundFlowReport['byPurpose'];
  for (const r of await pq.groupBy('ref_type').execute())
    byPurpose[r.ref_type ?? 'budget'] = {
      count: Number(r.n),
      dAvailableFen: Number(r.a),
      dCommittedFen: Number(r.c),
      dDisbursedFen: Number(r.d),
    };
  return {
    balances,
    byPurpose,
    rows,
    series: { months, byKind, availableAtMonthEnd, committedAtMonthEnd, disbursedAtMonthEnd },
  };
}

function prevDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * For the worker (and screens): the district fund's monthly figures, computed from the ledger
 * on demand (nothing is materialized, so there is nothing to refresh or to go stale).
 * Returns null when no fund has been opened yet.
 *
 * @example const figures = await talentFundFigures(db) // figures?.series.availableAtMonthEnd
 */
export async function talentFundFigures(
  db: Db,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<FundFlowReport | null> {
  const fund = await db
    .selectFrom('talent_fund')
    .select('id')
    .where('code', '=', DEFAULT_FUND_CODE)
    .executeTakeFirst();
  return fund ? fundFlowByMonth(db, fund.id, range) : null;
}

export interface AwardsReport {
  rows: { year: number; title: TalentAwardTitle; count: number; amountFen: number }[];
  byTitle: Record<TalentAwardTitle, { count: number; amountFen: number }>;
  totals: { count: number; amountFen: number; cycles: number; firstYear: number | null };
  /** Chart data: the cycle years and, per title, the count and amount per year. */
  series: {
    years: number[];
    count: Record<TalentAwardTitle, number[]>;
    amountFen: Record<TalentAwardTitle, number[]>;
  };
}

/**
 * Awards conferred, by cycle and title, with totals since the first cycle (the seed's
 * "since 2008, 70+ awards, 5,300,000+ yuan").
 */
export async function awardsByTitleAndCycle(db: Db): Promise<AwardsReport> {
  const raw = await db
    .selectFrom('talent_nomination as n')
    .innerJoin('talent_award_cycle as c', 'c.id', 'n.cycle_id')
    .select([
      'c.year',
      'n.title',
      sql<number>`count(*)`.as('count'),
      sql<number>`coalesce(sum(n.award_fen), 0)`.as('amountFen'),
    ])
    .where('n.status', '=', 'awarded')
    .groupBy(['c.year', 'n.title'])
    .orderBy('c.year')
    .orderBy('n.title')
    .execute();
  const rows = raw.map((r) => ({
    year: r.year,
    title: r.title,
    count: Number(r.count),
    amountFen: Number(r.amountFen),
  }));
  const years = [...new Set(rows.map((r) => r.year))];
  const byTitle = Object.fromEntries(
    AWARD_TITLES.map((t) => [t, { count: 0, amountFen: 0 }]),
  ) as AwardsReport['byTitle'];
  const count = Object.fromEntries(AWARD_TITLES.map((t) => [t, years.map(() => 0)])) as Record<
    TalentAwardTitle,
    number[]
  >;
  const amountFen = Object.fromEntries(AWARD_TITLES.map((t) => [t, years.map(() => 0)])) as Record<
    TalentAwardTitle,
    number[]
  >;
  for (const r of rows) {
    byTitle[r.title].count += r.count;
    byTitle[r.title].amountFen += r.amountFen;
    const i = years.indexOf(r.year);
    count[r.title][i] = r.count;
    amountFen[r.title][i] = r.amountFen;
  }
  const totals = {
    count: rows.reduce((s, r) => s + r.count, 0),
    amountFen: rows.reduce((s, r) => s + r.amountFen, 0),
    cycles: years.length,
    firstYear: years[0] ?? null,
  };
  return { rows, byTitle, totals, series: { years, count, amountFen } };
}

/** Net award money paid per the ledger (award disbursements less their reversals). */
export async function ledgerAwardPaid(db: Db, fundId: number): Promise<number> {
  const row = await db
    .selectFrom('talent_fund_entry')
    .select(sql<number>`coalesce(sum(d_disbursed_fen), 0)`.as('fen'))
    .where('fund_id', '=', fundId)
    .where('ref_type', '=', 'award')
    .executeTakeFirstOrThrow();
  return Number(row.fen);
}

const yuan = (fen: number) => fen / 100;

/**
 * The fund and awards workbook: 汇总 (summary), 月度流水 (monthly flow), 资金分录 (every
 * ledger entry), 奖励统计 (awards by cycle and title). Amounts are in yuan with two decimals.
 */
export async function fundReportXlsx(db: Db, fund: Fund): Promise<Buffer> {
  const flow = await fundFlowByMonth(db, fund.id);
  const awards = await awardsByTitleAndCycle(db);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zhanqian';
  const money = '#,##0.00';

  const sum = wb.addWorksheet('汇总');
  sum.columns = [
    { header: '项目', key: 'k', width: 24 },
    { header: '金额（元）', key: 'v', width: 20, style: { numFmt: money } },
  ];
  sum.addRow({ k: `${fund.name}：预算总额`, v: yuan(flow.balances.budgetFen) });
  sum.addRow({ k: '可用余额', v: yuan(flow.balances.availableFen) });
  sum.addRow({ k: '已批未拨', v: yuan(flow.balances.committedFen) });
  sum.addRow({ k: '已拨付', v: yuan(flow.balances.disbursedFen) });
  sum.addRow({ k: `奖励人次（自 ${awards.totals.firstYear ?? '—'} 年）`, v: awards.totals.count });
  sum.getCell('B6').numFmt = '0';
  sum.addRow({ k: '奖励金额', v: yuan(awards.totals.amountFen) });

  const fl = wb.addWorksheet('月度流水');
  fl.columns = [
    { header: '月份', key: 'month', width: 10 },
    { header: '类型', key: 'kind', width: 12 },
    { header: '笔数', key: 'count', width: 8 },
    { header: '金额（元）', key: 'amount', width: 18, style: { numFmt: money } },
    { header: '可用余额变动（元）', key: 'a', width: 20, style: { numFmt: money } },
    { header: '已批未拨变动（元）', key: 'c', width: 20, style: { numFmt: money } },
    { header: '已拨付变动（元）', key: 'd', width: 20, style: { numFmt: money } },
  ];
  for (const r of flow.rows)
    fl.addRow({
      month: r.month,
      kind: FUND_ENTRY_KIND_LABELS[r.kind]['zh-CN'],
      count: r.count,
      amount: yuan(r.amountFen),
      a: yuan(r.dAvailableFen),
      c: yuan(r.dCommittedFen),
      d: yuan(r.dDisbursedFen),
    });

  const en = wb.addWorksheet('资金分录');
  en.columns = [
    { header: '编号', key: 'id', width: 8 },
    { header: '日期', key: 'date', width: 12 },
    { header: '类型', key: 'kind', width: 10 },
    { header: '金额（元）', key: 'amount', width: 16, style: { numFmt: money } },
    { header: '冲正分录', key: 'rev', width: 10 },
    { header: '事由', key: 'reason', width: 48 },
    { header: '审批人', key: 'who', width: 14 },
  ];
  const entries = await db
    .selectFrom('talent_fund_entry')
    .selectAll()
    .where('fund_id', '=', fund.id)
    .orderBy('entry_date')
    .orderBy('id')
    .execute();
  for (const e of entries)
    en.addRow({
      id: e.id,
      date: e.entry_date,
      kind: FUND_ENTRY_KIND_LABELS[e.kind]['zh-CN'],
      amount: yuan(e.amount_fen),
      rev: e.reverses_entry_id ?? '',
      reason: e.reason,
      who: e.approved_by_name,
    });

  const aw = wb.addWorksheet('奖励统计');
  aw.columns = [
    { header: '年度', key: 'year', width: 8 },
    { header: '称号', key: 'title', width: 16 },
    { header: '人次', key: 'count', width: 8 },
    { header: '金额（元）', key: 'amount', width: 16, style: { numFmt: money } },
  ];
  for (const r of awards.rows)
    aw.addRow({
      year: r.year,
      title: AWARD_TITLE_LABELS[r.title]['zh-CN'],
      count: r.count,
      amount: yuan(r.amountFen),
    });
  aw.addRow({ year: '合计', title: '', count: awards.totals.count, amount: yuan(awards.totals.amountFen) });

  for (const ws of [sum, fl, en, aw]) ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
