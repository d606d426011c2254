import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sampleScheme } from './sample.ts';
import { exportSchemeXlsx, importSchemeXlsx, parseHundredths } from './xlsx.ts';

async function edit(bytes: Uint8Array, fn: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  fn(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('xlsx template', () => {
  it('round-trips a scheme: export → import gives the same scheme', async () => {
    const def = sampleScheme(2026);
    const back = await importSchemeXlsx(await exportSchemeXlsx(def));
    expect(back).toEqual({ ok: true, def });
  });

  it('accepts a hand-filled sheet: Chinese or code kinds, blank aspect/item cells inherit', async () => {
    const bytes = await edit(await exportSchemeXlsx(sampleScheme()), (wb) => {
      const ws = wb.getWorksheet('指标')!;
      for (const c of [1, 2, 3, 4, 5, 6]) ws.getRow(3).getCell(c).value = null;
      ws.getRow(3).getCell(10).value = 'tiered';
      ws.getRow(2).getCell(9).value = 250; // a number cell instead of text
    });
    const back = await importSchemeXlsx(bytes);
    expect(back).toEqual({ ok: true, def: sampleScheme() });
  });

  it('lists every problem with sheet, row and column', async () => {
    const bytes = await edit(await exportSchemeXlsx(sampleScheme()), (wb) => {
      const ws = wb.getWorksheet('指标')!;
      ws.getRow(2).getCell(9).value = '25O.00';
      ws.getRow(3).getCell(10).value = '奇怪';
      ws.getRow(4).getCell(11).value = '每次扣=x';
      wb.getWorksheet('方案')!.getRow(2).getCell(2).value = '明年';
    });
    const back = await importSchemeXlsx(bytes);
    expect(back.ok).toBe(false);
    if (back.ok) return;
    expect(back.errors.map((e) => `${e.sheet}!${e.row}:${e.column}`)).toEqual(['方案!2:B 年度']);
    const fixedYear = await edit(bytes, (wb) => {
      wb.getWorksheet('方案')!.getRow(2).getCell(2).value = 2026;
    });
    const again = await importSchemeXlsx(fixedYear);
    if (again.ok) throw new Error('should fail');
    expect(again.errors.map((e) => `${e.sheet}!${e.row}:${e.column}`)).toEqual([
      '指标!2:I 分值',
      '指标!3:J 类型',
      '指标!4:K 计分参数',
    ]);
  });

  it('names the row of a node whose points do not add up', async () => {
    const bytes = await edit(await exportSchemeXlsx(sampleScheme()), (wb) => {
      wb.getWorksheet('指标')!.getRow(2).getCell(9).value = '249.00';
    });
    const back = await importSchemeXlsx(bytes);
    if (back.ok) throw new Error('should fail');
    expect(back.errors).toEqual([
      {
        sheet: '指标',
        row: 2,
        column: 'F 工作项分值',
        problem: '“A1W1 地区生产总值”分值不平衡：应为 400.00 分，下级合计 399.00 分',
      },
    ]);
  });

  it('refuses a file that is not a workbook, or lacks a sheet', async () => {
    const bad = await importSchemeXlsx(new TextEncoder().encode('hello'));
    expect(bad.ok).toBe(false);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('其他');
    const none = await importSchemeXlsx(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(none.ok ? [] : none.errors.map((e) => e.problem)).toEqual([
      '缺少工作表“方案”',
      '缺少工作表“指标”',
    ]);
  });

  it('parses points exactly in hundredths', () => {
    expect(parseHundredths('250')).toBe(25_000);
    expect(parseHundredths('250.5')).toBe(25_050);
    expect(parseHundredths('0.07')).toBe(7);
    expect(parseHundredths('1,000.00')).toBe(100_000);
    expect(parseHundredths('33.330000000000005')).toBeNull();
    expect(parseHundredths('33.3300')).toBe(3_333);
    expect(parseHundredths('abc')).toBeNull();
  });
});
