import ExcelJS from 'exceljs';
import type { ActivationSheetRow } from './activation.ts';

/** The columns of the printed activation sheet, in order. */
export const ACTIVATION_SHEET_HEADERS = ['姓名', '账号', '激活码', '有效期'] as const;

/** A worksheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the book. */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || '支部';
  let out = base;
  for (let k = 2; used.has(out); k++) out = `${base.slice(0, 26)}(${k})`;
  used.add(out);
  return out;
}

export interface ActivationSheetFile {
  fileName: string;
  contentType: string;
  base64: string;
}

/**
 * The printable activation sheet: one worksheet per branch (each prints on its own A4 pages,
 * the header repeated), rows 姓名 / 账号 / 激活码 / 有效期, with the instructions on top. The file
 * is named after the unit chosen, in Chinese. Codes exist in clear only here and in the
 * response that carries this file.
 */
export async function activationSheet(
  rows: ActivationSheetRow[],
  unitName: string,
  today: string,
  activateUrl = '/m/activate',
): Promise<ActivationSheetFile> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '站前区组织工作平台';
  const byBranch = new Map<number, ActivationSheetRow[]>();
  for (const r of rows) byBranch.set(r.branchId, [...(byBranch.get(r.branchId) ?? []), r]);
  const used = new Set<string>();
  for (const branchRows of byBranch.values()) {
    const first = branchRows[0]!;
    const ws = wb.addWorksheet(sheetName(first.branchName, used), {
      pageSetup: {
        paperSize: 9,
        orientation: 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '3:3',
      },
    });
    ws.columns = [{ width: 14 }, { width: 16 }, { width: 20 }, { width: 14 }];
    ws.addRow([`${first.branchName}　账号激活单`]).font = { bold: true, size: 14 };
    ws.mergeCells(1, 1, 1, 4);
    ws.addRow([
      `请本人打开 ${activateUrl}（手机党员端“激活账号”），输入账号和激活码并设置自己的密码。激活码仅能使用一次，过期作废，请勿转交他人。`,
    ]).alignment = { wrapText: true, vertical: 'top' };
    ws.mergeCells(2, 1, 2, 4);
    ws.getRow(2).height = 48;
    const header = ws.addRow([...ACTIVATION_SHEET_HEADERS]);
    header.font = { bold: true };
    for (const r of branchRows) {
      const row = ws.addRow([r.name, r.username, r.code, r.validUntil]);
      row.getCell(3).font = { name: 'Consolas', size: 12 };
    }
    ws.eachRow((row, n) => {
      if (n < 3) return;
      row.eachCell((cell) => {
        cell.border = {
          top: { style: 'thin' },
          bottom: { style: 'thin' },
          left: { style: 'thin' },
          right: { style: 'thin' },
        };
      });
    });
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return {
    fileName: `${unitName}_账号激活单_${today}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: buf.toString('base64'),
  };
}

/** The rows of each worksheet of an activation sheet, from its header row down (for checks and tests). */
export async function readActivationSheet(base64: string): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const out: Record<string, string[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow((row) => {
      rows.push(
        (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
      );
    });
    const header = rows.findIndex((r) => r[0] === ACTIVATION_SHEET_HEADERS[0]);
    out[ws.name] = header < 0 ? [] : rows.slice(header);
  }
  return out;
}
