import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellValue, type ExportSheet, listXlsxBytes, once, pagesOf, textCell } from './xlsx.ts';

interface Row {
  name: string;
  fen: number;
  hundredths: number;
  n: number;
  ok: boolean;
}
const SPEC: ExportSheet<Row> = {
  sheet: { zh: '测试', en: 'Test' },
  columns: [
    { zh: '名称', en: 'Name', value: (r) => r.name },
    { zh: '金额（元）', en: 'Amount (yuan)', kind: 'yuan', value: (r) => r.fen },
    { zh: '得分', en: 'Score', kind: 'points', value: (r) => r.hundredths },
    { zh: '数量', en: 'Count', kind: 'int', value: (r) => r.n },
    { zh: '达标', en: 'Met', value: (r) => r.ok },
  ],
};

async function load(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

describe('list xlsx', () => {
  it('writes fen as yuan and hundredths as points, numbers formatted 0.00; Chinese headers and sheet', async () => {
    const rows: Row[] = [
      { name: '张三', fen: 123_456, hundredths: 95_012, n: 3, ok: true },
      { name: '=HYPERLINK("x")', fen: 5, hundredths: 0, n: 0, ok: false },
    ];
    const { bytes, rows: n } = await listXlsxBytes(SPEC, once(rows));
    expect(n).toBe(2);
    const ws = await load(bytes);
    expect(ws.name).toBe('测试');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '名称',
      '金额（元）',
      '得分',
      '数量',
      '达标',
    ]);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['张三', 1234.56, 950.12, 3, '是']);
    expect(ws.getRow(2).getCell(2).numFmt).toBe('0.00');
    expect(ws.getRow(2).getCell(3).numFmt).toBe('0.00');
    // a formula-looking text stays text
    expect(ws.getRow(3).getCell(1).value).toBe(`'=HYPERLINK("x")`);
    expect(ws.getRow(3).getCell(2).value).toBe(0.05);
    expect(ws.getRow(3).getCell(5).value).toBe('否');
  });

  it('writes English headers for an English UI', async () => {
    const ws = await load((await listXlsxBytes(SPEC, once([]), 'en')).bytes);
    expect(ws.name).toBe('Test');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Name',
      'Amount (yuan)',
      'Score',
      'Count',
      'Met',
    ]);
    expect(ws.rowCount).toBe(1);
  });

  it('reads a paged query page by page until a short page', async () => {
    const all = Array.from({ length: 7 }, (_, i) => i);
    const asked: number[] = [];
    const batches: number[][] = [];
    for await (const b of pagesOf(async (page, size) => {
      asked.push(page);
      return { rows: all.slice((page - 1) * size, page * size) };
    }, 3))
      batches.push([...b]);
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(asked).toEqual([1, 2, 3]);
    // an exact multiple ends on the empty page
    const exact: number[][] = [];
    for await (const b of pagesOf(
      async (page, size) => ({ rows: all.slice(0, 6).slice((page - 1) * size, page * size) }),
      3,
    ))
      exact.push([...b]);
    expect(exact).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it('cell values: null stays empty, text is capped and guarded', () => {
    expect(cellValue('yuan', null, 'zh-CN')).toBeNull();
    expect(cellValue('points', 1, 'zh-CN')).toBe(0.01);
    expect(cellValue('text', true, 'en')).toBe('Yes');
    expect(textCell('+1')).toBe("'+1");
    expect(textCell('x'.repeat(40_000))).toHaveLength(32_001);
  });
});
