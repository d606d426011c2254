import type { Database, Kysely, StarLevel } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import ExcelJS from 'exceljs';
import { allocateBonus, type BonusAllocation } from './bonus.ts';
import { getConfig } from './criteria.ts';
import { LEVEL_LABELS } from './messages.ts';
import { currentSnapshot } from './recompute.ts';

type Db = Kysely<Database>;

export interface PayRow {
  level: StarLevel;
  entityId: number;
  /** Org code for branches and committees; the id for households and members. */
  code: string;
  name: string;
  /** Where it sits: street / committee / branch / member names (names repeat across streets). */
  place: string;
  paidFen: number;
}

/** The ten-star entities of a level in the current snapshot, under a root (households: 10 stars). */
function payeesQuery(year: number, snap: number, level: StarLevel, rootId: number) {
  if (level === 'household')
    return sql<Omit<PayRow, 'level' | 'paidFen'>>`
      select h.id as "entityId", cast(h.id as text) as code, h.head_name as name,
             st.name || ' / ' || c.name || ' / ' || b.name || ' / ' || m.name as place
      from org_closure oc
      join org_unit b on b.id = oc.descendant_id and b.kind = 'branch'
      join org_unit c on c.id = b.parent_id
      join org_unit st on st.id = c.parent_id
      join member m on m.branch_id = b.id
      join zone z on z.member_id = m.id
      join household h on h.zone_id = z.id
      join star_rating r on r.year = ${year} and r.level = 'household' and r.entity_id = h.id and r.stars = 10
      where oc.ancestor_id = ${rootId}
      order by h.id`;
  if (level === 'member')
    return sql<Omit<PayRow, 'level' | 'paidFen'>>`
      select m.id as "entityId", cast(m.id as text) as code, m.name,
             st.name || ' / ' || c.name || ' / ' || b.name as place
      from star_result s
      join member m on m.id = s.entity_id
      join org_unit b on b.id = m.branch_id
      join org_unit c on c.id = b.parent_id
      join org_unit st on st.id = c.parent_id
      join org_closure oc on oc.ancestor_id = ${rootId} and oc.descendant_id = b.id
      where s.snapshot_id = ${snap} and s.level = 'member' and s.ten_star = 1
      order by m.id`;
  return sql<Omit<PayRow, 'level' | 'paidFen'>>`
    select u.id as "entityId", u.code, u.name, coalesce(gp.name || ' / ', '') || p.name as place
    from star_result s
    join org_unit u on u.id = s.entity_id
    join org_unit p on p.id = u.parent_id
    left join org_unit gp on gp.id = p.parent_id and gp.kind = 'street'
    join org_closure oc on oc.ancestor_id = ${rootId} and oc.descendant_id = u.id
    where s.snapshot_id = ${snap} and s.level = ${level} and s.ten_star = 1
    order by u.id`;
}

/**
 * The year's bonus allocation over the whole district (certified counts of the current snapshot,
 * the configured amounts and budget; see allocateBonus for a short budget).
 */
async function districtAllocation(db: Db, year: number): Promise<BonusAllocation & { computed: boolean }> {
  const config = await getConfig(db, year);
  const cur = await currentSnapshot(db, year);
  const counts = { household: 0, member: 0, branch: 0, committee: 0 };
  if (cur) {
    const h = await db
      .selectFrom('star_rating')
      .select(sql<number>`count(*)`.as('n'))
      .where('year', '=', year)
      .where('level', '=', 'household')
      .where('stars', '=', 10)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('household').select('id').whereRef('household.id', '=', 'star_rating.entity_id')),
      )
      .executeTakeFirstOrThrow();
    counts.household = Number(h.n);
    const rows = await db
      .selectFrom('star_result')
      .select(['level', sql<number>`count(*)`.as('n')])
      .where('snapshot_id', '=', cur.snapshotId)
      .where('ten_star', '=', 1)
      .groupBy('level')
      .execute();
    for (const r of rows) counts[r.level] = Number(r.n);
  }
  return { ...allocateBonus(counts, config.bonusFen, config.budgetFen), computed: cur !== null };
}

/**
 * The allocation as one area sees it. Under the district root: the district's allocation.
 * Under any other unit: that subtree's payees and totals, each paid what the district's
 * allocation pays (scaled when the budget is short); the budget and what is left of it are
 * the district's figures and stay null, so no area reads district-wide totals.
 */
export interface AreaAllocation extends Omit<BonusAllocation, 'budgetFen' | 'leftoverFen'> {
  budgetFen: number | null;
  leftoverFen: number | null;
  /** True when the figures are the whole district's. */
  district: boolean;
  computed: boolean;
}

/** The year's bonus allocation under a unit (see AreaAllocation). */
export async function bonusAllocation(db: Db, year: number, rootId: number): Promise<AreaAllocation> {
  const whole = await districtAllocation(db, year);
  const root = await db.selectFrom('org_unit').select('kind').where('id', '=', rootId).executeTakeFirst();
  if (root?.kind === 'district') return { ...whole, district: true };
  const cur = await currentSnapshot(db, year);
  const lines = [];
  for (const line of whole.lines) {
    let payees = 0;
    if (cur) {
      const q = payeesQuery(year, cur.snapshotId, line.level, rootId);
      const n = await sql<{ n: number }>`select count(*) as n from (${q}) t`.execute(db);
      payees = Number(n.rows[0]?.n ?? 0);
    }
    lines.push({ ...line, payees, totalFen: line.paidEachFen * payees });
  }
  return {
    lines,
    owedFen: lines.reduce((s, l) => s + l.amountFen * l.payees, 0),
    paidFen: lines.reduce((s, l) => s + l.totalFen, 0),
    budgetFen: null,
    leftoverFen: null,
    scaled: whole.scaled,
    district: false,
    computed: whole.computed,
  };
}

/** One level's pay list under a root, a page at a time, with the total count. */
export async function payList(
  db: Db,
  input: { year: number; level: StarLevel; rootId: number; page: number; pageSize: number },
): Promise<{ allocation: AreaAllocation; rows: PayRow[]; total: number }> {
  const allocation = await bonusAllocation(db, input.year, input.rootId);
  const cur = await currentSnapshot(db, input.year);
  if (!cur) return { allocation, rows: [], total: 0 };
  const each = allocation.lines.find((l) => l.level === input.level)!.paidEachFen;
  const q = payeesQuery(input.year, cur.snapshotId, input.level, input.rootId);
  const total = await sql<{ n: number }>`select count(*) as n from (${q}) t`.execute(db);
  const page = await sql<
    Omit<PayRow, 'level' | 'paidFen'>
  >`select * from (${q}) t limit ${input.pageSize} offset ${(input.page - 1) * input.pageSize}`.execute(db);
  return {
    allocation,
    total: Number(total.rows[0]?.n ?? 0),
    rows: page.rows.map((r) => ({ ...r, entityId: Number(r.entityId), level: input.level, paidFen: each })),
  };
}

/** The pay list of every level under a root as an .xlsx workbook: a summary sheet and one sheet per level. */
export async function payListXlsx(db: Db, year: number, rootId: number): Promise<Buffer> {
  const allocation = await bonusAllocation(db, year, rootId);
  const cur = await currentSnapshot(db, year);
  const wb = new ExcelJS.Workbook();
  const summary = wb.addWorksheet('汇总');
  summary.addRow(['年度', year]);
  summary.addRow(['范围', allocation.district ? '全区' : '本辖区']);
  if (allocation.budgetFen !== null) summary.addRow(['预算（元）', allocation.budgetFen / 100]);
  summary.addRow(['应发（元）', allocation.owedFen / 100]);
  summary.addRow(['实发（元）', allocation.paidFen / 100]);
  if (allocation.leftoverFen !== null) summary.addRow(['结余（元）', allocation.leftoverFen / 100]);
  summary.addRow(['预算不足按比例核减', allocation.scaled ? '是' : '否']);
  summary.addRow([]);
  summary.addRow(['级别', '人数/个数', '标准（元）', '实发每个（元）', '合计（元）']);
  for (const l of allocation.lines)
    summary.addRow([
      LEVEL_LABELS[l.level]['zh-CN'],
      l.payees,
      l.amountFen / 100,
      l.paidEachFen / 100,
      l.totalFen / 100,
    ]);
  for (const line of allocation.lines) {
    const ws = wb.addWorksheet(`十星${LEVEL_LABELS[line.level]['zh-CN']}`);
    ws.addRow(['编号', '名称', '所属', '金额（元）']);
    if (!cur) continue;
    const rows = await payeesQuery(year, cur.snapshotId, line.level, rootId).execute(db);
    for (const r of rows.rows) ws.addRow([r.code, r.name, r.place, line.paidEachFen / 100]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
