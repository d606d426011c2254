import { createHash } from 'node:crypto';
import { type Locale, t } from '@zhanqian/core';
import ExcelJS from 'exceljs';
import './messages.ts';
import type { ImportError } from './xlsx.ts';

/** The most data rows an appraisal import reads (a district's year is a few thousand). */
export const MAX_IMPORT_ROWS = 50_000;

/** An org unit as imports name it: by code, or by name when the name is unique. */
export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

export const colLetter = (i: number): string =>
  i < 26
    ? String.fromCharCode(65 + i)
    : colLetter(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));

/** Collects import errors as sheet, row, 'letter header' and a localized problem. */
export class ErrorList {
  readonly errors: ImportError[] = [];
  readonly locale: Locale;
  constructor(locale: Locale) {
    this.locale = locale;
  }
  add(
    sheet: string,
    row: number,
    col: number,
    header: string,
    key: string,
    params: Record<string, string | number> = {},
  ) {
    this.errors.push({
      sheet,
      row,
      column: col >= 0 ? `${colLetter(col)} ${header}` : '',
      problem: t(key, this.locale, params),
    });
  }
}

/** Loads an xlsx workbook; null when the bytes are not one. */
export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook | null> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    return wb;
  } catch {
    return null;
  }
}

/**
 * Finds units by code (exact) or name (must be unique among units); both given must agree.
 * Returns the unit, or the message key of the problem.
 */
export function unitResolver(units: UnitRef[]) {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const byName = new Map<string, UnitRef[]>();
  for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  return (code: string, name: string): UnitRef | { problem: string; column: 0 | 1 } => {
    if (code) {
      const u = byCode.get(code);
      if (!u) return { problem: 'scoring.import.unknownUnitCode', column: 0 };
      if (name && u.name !== name) return { problem: 'scoring.import.unitNameMismatch', column: 1 };
      return u;
    }
    if (!name) return { problem: 'scoring.import.unitMissing', column: 0 };
    const found = byName.get(name) ?? [];
    if (found.length === 0) return { problem: 'scoring.import.unknownUnitName', column: 1 };
    if (found.length > 1) return { problem: 'scoring.import.ambiguousUnitName', column: 1 };
    return found[0]!;
  };
}

/** SHA-256 of the file, hex: named in the audit record so an import can be traced to its file. */
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A one-sheet workbook from rows of cells (row 1 the header): the shape every appraisal
 * import reads, for tests and scripts that write such files.
 *
 * @example await sheetXlsx('考核结果', [['单位编码', '单位名称'], ['S1', '街道1']])
 */
export async function sheetXlsx(sheet: string, rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
