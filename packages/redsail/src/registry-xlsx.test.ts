import { describeEachDialect } from '@zhanqian/db/testing';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { listEnterprises, statusHistory } from './registry.ts';
import {
  applyRegistryImport,
  COLUMNS,
  planRegistryImport,
  registryTemplate,
  registryXlsx,
  SHEET,
} from './registry-xlsx.ts';
import { code, district } from './testing.ts';

async function workbook(rows: (string | number)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET);
  ws.addRow([...COLUMNS]);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
const row = (n: number, over: Partial<Record<(typeof COLUMNS)[number], string | number>> = {}) => {
  const base: Record<string, string | number> = {
    统一社会信用代码: code(n),
    名称: `企业${n}`,
    类型: '企业',
    行业: '商贸',
    规模: '小型',
    地址: '',
    街道编码: 'S1',
    商圈: '',
    登记日期: '2024-01-01',
    党组织状态: '未建',
    联合党支部: '',
    党建指导员: '',
    片区工作站编码: '',
    党员数: 0,
    ...over,
  };
  return COLUMNS.map((c) => base[c]!);
};

describeEachDialect('registry xlsx import and export', (t) => {
  it('lists every error by row and column and writes nothing', async () => {
    const d = await district(t.db);
    const area = { rootId: d.root.id };
    const bad = `${code(2).slice(0, 17)}${code(2)[17] === '0' ? '1' : '0'}`;
    const plan = await planRegistryImport(
      t.db,
      area,
      await workbook([
        row(1),
        row(2, { 统一社会信用代码: bad }),
        row(3, { 街道编码: 'NOPE', 规模: '巨型' }),
        row(1, { 名称: '重复' }),
        row(4, { 党组织状态: '联合党支部' }),
        row(5, { 片区工作站编码: 'ST2' }),
      ]),
      'zh-CN',
    );
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'A 统一社会信用代码'],
      [4, 'E 规模'],
      [4, 'G 街道编码'],
      [5, 'A 统一社会信用代码'],
      [6, 'K 联合党支部'],
      [7, 'M 片区工作站编码'],
    ]);
    expect(plan.errors[3]!.problem).toBe('统一社会信用代码与第 2 行重复');
    expect((await listEnterprises(t.db, area, {}, { page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('imports new rows, then the same file changes nothing; a changed status is dated the import day', async () => {
    const d = await district(t.db);
    const area = { rootId: d.root.id };
    const file = await workbook([
      row(1),
      row(2, { 党组织状态: '联合党支部', 联合党支部: '财富街联合党支部', 片区工作站编码: 'ST1' }),
    ]);
    const plan = await planRegistryImport(t.db, area, file, 'zh-CN');
    expect(plan.ok && plan.counts).toEqual({ new: 2, changed: 0, unchanged: 0 });
    if (!plan.ok) return;
    await applyRegistryImport(t.db, plan, null, '2026-03-01');
    const again = await planRegistryImport(t.db, area, file, 'zh-CN');
    expect(again.ok && again.counts).toEqual({ new: 0, changed: 0, unchanged: 2 });
    const changed = await planRegistryImport(
      t.db,
      area,
      await workbook([row(1, { 党组织状态: '独立党支部' })]),
      'zh-CN',
    );
    expect(changed.ok && changed.counts).toEqual({ new: 0, changed: 1, unchanged: 0 });
    if (!changed.ok) return;
    const done = await applyRegistryImport(t.db, changed, null, '2026-03-02');
    expect((await statusHistory(t.db, done.changed[0]!)).map((h) => [h.on_date, h.party_status])).toEqual([
      ['2024-01-01', 'none'],
      ['2026-03-02', 'own'],
    ]);
    // the export reads back as unchanged
    const exported = await registryXlsx(t.db, area, {});
    const back = await planRegistryImport(t.db, area, exported, 'en');
    expect(back.ok && back.counts).toEqual({ new: 0, changed: 0, unchanged: 2 });
  });

  it('a street imports into its own area only; the template is a clean, empty sheet', async () => {
    const d = await district(t.db);
    const plan = await planRegistryImport(t.db, { rootId: d.s2.id }, await workbook([row(1)]), 'en');
    expect(!plan.ok && plan.errors[0]!.problem).toBe(
      'Street code “S1” does not exist or lies outside your scope',
    );
    const empty = await planRegistryImport(t.db, { rootId: d.root.id }, await registryTemplate(), 'zh-CN');
    expect(!empty.ok && empty.errors[0]!.problem).toBe('表中没有数据行');
    const junk = await planRegistryImport(t.db, { rootId: d.root.id }, new Uint8Array([1, 2, 3]), 'zh-CN');
    expect(!junk.ok && junk.errors[0]!.problem).toBe('文件不是有效的 xlsx 工作簿');
  });
});
