import ExcelJS from 'exceljs';

export type SheetCell = string | number | null;
export interface Sheet {
  name: string;
  rows: SheetCell[][];
}

function plain(v: ExcelJS.CellValue): SheetCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'object' && 'result' in v) return plain(v.result as ExcelJS.CellValue);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  return String(v);
}

/**
 * Reads every sheet of an .xlsx as plain rows (for screens' previews and for tests).
 *
 * @example (await readWorkbook(buf))[0].rows[0] // ['编号', '名称', '爱国守法', …]
 */
export async function readWorkbook(buffer: Uint8Array): Promise<Sheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as any);
  return wb.worksheets.map((ws) => {
    const rows: SheetCell[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows[n - 1] = values.map((v) => plain(v as ExcelJS.CellValue));
    });
    return { name: ws.name, rows: Array.from(rows, (r) => r ?? []) };
  });
}

/** Writes plain rows as a one-sheet .xlsx (the inverse of readWorkbook for one sheet). */
export async function writeWorkbook(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
