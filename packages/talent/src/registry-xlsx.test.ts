import { describeEachDialect } from '@zhanqian/db/testing';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { listCatalogue, listTiers } from './registry.ts';
import {
  applyRegistryPlan,
  catalogueForExport,
  catalogueXlsx,
  parseSheetDate,
  parseYuan,
  planRegistryImport,
  type RegistryPlanResult,
  talentsForExport,
  talentsXlsx,
  tiersXlsx,
} from './registry-xlsx.ts';
import { setupTalent } from './testing/setup.ts';

/** A workbook of one sheet from rows (row 1 the header). */
async function sheet(name: string, rows: (string | number | Date | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function readBack(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  return wb;
}

const HEADER = [
  '编号',
  '姓名',
  '性别',
  '出生日期',
  '领域编码',
  '领域名称',
  '工作单位',
  '引进日期',
  '引进方式',
  '人才层次',
];
const errorsOf = (r: RegistryPlanResult) =>
  r.ok ? [] : r.errors.map((e) => `${e.row} ${e.column}: ${e.problem}`);

describe('registry sheets (pure)', () => {
  it('reads dates and yuan as people type them', () => {
    expect(parseSheetDate('2024-03-01')).toBe('2024-03-01');
    expect(parseSheetDate('2024/3/1')).toBe('2024-03-01');
    expect(parseSheetDate('2024年3月1日')).toBe('2024-03-01');
    expect(parseSheetDate('2024-02-30')).toBeNull();
    expect(parseSheetDate('3/1/2024')).toBeNull();
    expect(parseYuan('80000')).toBe(8_000_000);
    expect(parseYuan('80,000.5')).toBe(8_000_050);
    expect(parseYuan('0')).toBe(0);
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('-5')).toBeNull();
    expect(parseYuan('一万')).toBeNull();
    expect(parseYuan('100000001')).toBeNull();
  });
});

describeEachDialect('registry import and export', (t) => {
  const opts = (scopeRootId: number) => ({ scopeRootId, locale: 'zh-CN' as const });

  it('the roll exports with Chinese headers and a guide, and importing the export changes nothing', async () => {
    const s = await setupTalent(t.db);
    const rows = await talentsForExport(t.db, { scopeRootId: s.district.id });
    const bytes = await talentsXlsx(rows, await listTiers(t.db));
    const wb = await readBack(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['人才名册', '填写说明']);
    const ws = wb.getWorksheet('人才名册')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      s.alice.id,
      '李华',
      '女',
      '1988-05-01',
      'IC',
      '集成电路',
      '营口某芯片公司',
      '2024-03-01',
      '引进',
      'A类人才',
    ]);
    const plan = await planRegistryImport(t.db, 'talents', bytes, opts(s.district.id));
    expect(plan.ok && plan.counts).toEqual({ new: 0, changed: 0, unchanged: 3 });
  });

  it('new, changed and unchanged rows; the same file twice adds nothing the second time', async () => {
    const s = await setupTalent(t.db);
    const bytes = await sheet('人才名册', [
      HEADER,
      [
        null,
        '陈晨',
        '男',
        '1990-07-15',
        'AI',
        '人工智能',
        '营口某软件公司',
        new Date('2025-04-01T00:00:00Z'),
        '公开选拔',
        'A',
      ],
      [
        s.bob.id,
        '王强',
        '男',
        '1988-05-01',
        'IC',
        '集成电路',
        '营口某芯片公司',
        '2024-03-01',
        '公开选拔',
        'D类人才',
      ],
      [null, '李华', '女', '1988-05-01', 'IC', '集成电路', '营口某芯片公司', '2024-03-01', '引进', 'A'],
    ]);
    const plan = await planRegistryImport(t.db, 'talents', bytes, opts(s.district.id));
    expect(errorsOf(plan)).toEqual([]);
    expect(plan.ok && plan.counts).toEqual({ new: 1, changed: 1, unchanged: 1 });
    if (!plan.ok) return;
    const changes = await applyRegistryPlan(t.db, plan.plan, { orgUnitId: s.rcb.id });
    expect(changes.map((c) => [c.objectType, c.before === null ? 'new' : 'changed'])).toEqual([
      ['talent_person', 'new'],
      ['talent_person', 'changed'],
    ]);
    expect(changes[1]!.after).toMatchObject({ id: s.bob.id, gender: 'M' });
    const again = await planRegistryImport(t.db, 'talents', bytes, opts(s.district.id));
    expect(again.ok && again.counts).toEqual({ new: 0, changed: 0, unchanged: 3 });
    const all = await talentsForExport(t.db, { scopeRootId: s.district.id });
    expect(all.find((p) => p.name === '陈晨')).toMatchObject({
      introduced_on: '2025-04-01',
      introduced_via: 'public_selection',
      org_unit_id: s.rcb.id,
    });
  });

  it('every problem by row and column, in the caller’s language, and nothing written', async () => {
    const s = await setupTalent(t.db);
    const bytes = await sheet('人才名册', [
      HEADER,
      [null, '', '男', '1990-13-01', 'AI', '人工智能', '某公司', '2025-04-01', '公开选拔', 'A'],
      [9999, '张三', '未知', '', 'AI', '人工智能', '某公司', '', '调入', 'Z'],
      [null, '李四', '女', '', 'AI', '人工智能', '某公司', '2025-04-01', '引进', 'A'],
      [null, '李四', '女', '', 'AI', '人工智能', '某公司', '2025-04-02', '引进', 'A'],
    ]);
    const plan = await planRegistryImport(t.db, 'talents', bytes, opts(s.district.id));
    expect(errorsOf(plan)).toEqual([
      '2 B 姓名: “姓名”不能为空',
      '2 D 出生日期: “1990-13-01”不是有效日期（格式 YYYY-MM-DD）',
      '3 A 编号: 编号 9999 的人才不存在或不在本部门管辖范围内（新增人才请留空编号）',
      '3 C 性别: 性别应为“男”或“女”：“未知”',
      '3 H 引进日期: “引进日期”不能为空',
      '3 I 引进方式: 引进方式应为 公开选拔、引进 或 本地培养：“调入”',
      '3 J 人才层次: 人才层次“Z”不存在（填写层次编码或名称）',
      '5 B 姓名: 与第 4 行重复',
    ]);
    const en = await planRegistryImport(t.db, 'talents', bytes, { scopeRootId: s.district.id, locale: 'en' });
    expect(!en.ok && en.errors[0]!.problem).toBe('“姓名” is required');
    // a talent outside the caller's subtree is not theirs to edit
    const narrow = await planRegistryImport(
      t.db,
      'talents',
      await sheet('人才名册', [
        HEADER,
        [s.alice.id, '李华', '女', '', 'IC', '集成电路', 'x', '2024-03-01', '引进', 'A'],
      ]),
      opts(s.rcb.id + 1000),
    );
    expect(errorsOf(narrow)).toEqual([
      '2 A 编号: 编号 1 的人才不存在或不在本部门管辖范围内（新增人才请留空编号）'.replace(
        '编号 1 ',
        `编号 ${s.alice.id} `,
      ),
    ]);
    // not a workbook; wrong header; no rows
    const junk = await planRegistryImport(
      t.db,
      'talents',
      new TextEncoder().encode('名字,性别'),
      opts(s.district.id),
    );
    expect(errorsOf(junk)).toEqual(['0 : 文件不是有效的 Excel 工作簿（.xlsx），请用下载的模板填写']);
    const header = await planRegistryImport(
      t.db,
      'talents',
      await sheet('人才名册', [['姓名', ...HEADER.slice(1)]]),
      opts(s.district.id),
    );
    expect(errorsOf(header)[0]).toBe('1 A 编号: 表头应为“编号”');
    const empty = await planRegistryImport(
      t.db,
      'talents',
      await sheet('人才名册', [HEADER]),
      opts(s.district.id),
    );
    expect(errorsOf(empty)).toEqual(['2 : 工作表没有数据行']);
  });

  it('tiers: amounts in yuan on the sheet, fen inside; the export round-trips; errors by cell', async () => {
    const s = await setupTalent(t.db);
    const exported = await tiersXlsx(await listTiers(t.db));
    const ws = (await readBack(exported)).getWorksheet('人才层次')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '编码',
      '名称',
      '排序',
      '安家补贴（元）',
      '购房补贴（元）',
    ]);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['A', 'A类人才', 1, 300_000, 500_000]);
    const same = await planRegistryImport(t.db, 'tiers', exported, opts(s.district.id));
    expect(same.ok && same.counts).toEqual({ new: 0, changed: 0, unchanged: 2 });
    const bytes = await sheet('人才层次', [
      ['编码', '名称', '排序', '安家补贴（元）', '购房补贴（元）'],
      ['A', 'A类（顶尖人才）', 1, 350_000, '500,000.00'],
      ['E', 'E类人才', 5, '20000.5', 0],
      ['F', 'F类人才', 0, '1.234', '-1'],
    ]);
    const bad = await planRegistryImport(t.db, 'tiers', bytes, opts(s.district.id));
    expect(errorsOf(bad)).toEqual([
      '4 C 排序: 应为 1–100 之间的整数：“0”',
      '4 D 安家补贴（元）: 金额应为 0 至 1 亿之间的元数，最多两位小数：“1.234”',
      '4 E 购房补贴（元）: 金额应为 0 至 1 亿之间的元数，最多两位小数：“-1”',
    ]);
    const good = await planRegistryImport(
      t.db,
      'tiers',
      await sheet('人才层次', [
        ['编码', '名称', '排序', '安家补贴（元）', '购房补贴（元）'],
        ['A', 'A类（顶尖人才）', 1, 350_000, '500,000.00'],
        ['E', 'E类人才', 5, '20000.5', 0],
      ]),
      opts(s.district.id),
    );
    expect(good.ok && good.counts).toEqual({ new: 1, changed: 1, unchanged: 0 });
    if (good.ok) await applyRegistryPlan(t.db, good.plan, { orgUnitId: s.rcb.id });
    const tiers = await listTiers(t.db);
    expect(tiers.map((x) => [x.code, x.name, Number(x.settling_fen), Number(x.housing_fen)])).toEqual([
      ['A', 'A类（顶尖人才）', 35_000_000, 50_000_000],
      ['D', 'D类人才', 2_000_000, 0],
      ['E', 'E类人才', 2_000_050, 0],
    ]);
  });

  it('catalogue: several years in one sheet, keyed by year and code; duplicates refused', async () => {
    const s = await setupTalent(t.db);
    const exported = await catalogueXlsx(await catalogueForExport(t.db, 2024));
    const same = await planRegistryImport(t.db, 'catalogue', exported, opts(s.district.id));
    expect(same.ok && same.counts).toEqual({ new: 0, changed: 0, unchanged: 2 });
    const header = ['年度', '领域编码', '领域名称'];
    const dup = await planRegistryImport(
      t.db,
      'catalogue',
      await sheet('急需紧缺人才目录', [
        header,
        [2025, 'IC', '集成电路'],
        [2025, 'IC', '芯片'],
        ['25', 'AI', '人工智能'],
      ]),
      opts(s.district.id),
    );
    expect(errorsOf(dup)).toEqual([
      '3 B 领域编码: 与第 2 行重复',
      '4 A 年度: 年度应为 2000–2100 之间的年份：“25”',
    ]);
    const ok = await planRegistryImport(
      t.db,
      'catalogue',
      await sheet('急需紧缺人才目录', [
        header,
        [2024, 'IC', '集成电路（芯片）'],
        [2025, 'IC', '集成电路'],
        [2024, 'AI', '人工智能'],
      ]),
      opts(s.district.id),
    );
    expect(ok.ok && ok.counts).toEqual({ new: 1, changed: 1, unchanged: 1 });
    if (ok.ok) await applyRegistryPlan(t.db, ok.plan, { orgUnitId: s.rcb.id });
    expect((await listCatalogue(t.db, 2024)).map((r) => r.field_name)).toEqual([
      '人工智能',
      '集成电路（芯片）',
    ]);
    expect((await listCatalogue(t.db, 2025)).map((r) => r.field_code)).toEqual(['IC']);
  });
});
