import { PassThrough, type Writable } from 'node:stream';
import type { Locale } from '@zhanqian/core';
import ExcelJS from 'exceljs';

/**
 * How a column's values are written. Amounts are integer fen inside the platform and yuan on
 * the sheet; points are integer hundredths inside and points on the sheet: both as numbers
 * with the format 0.00, so the office can sum and sort them in Excel.
 */
export type CellKind = 'text' | 'int' | 'yuan' | 'points';

/** One column of an exported list: its header in both languages and how a row fills it. */
export interface ExportColumn<R> {
  zh: string;
  en: string;
  kind?: CellKind;
  width?: number;
  value: (row: R) => string | number | boolean | null | undefined;
}

/** What a list writes: the sheet's name and its columns (both languages). */
export interface ExportSheet<R> {
  sheet: { zh: string; en: string };
  columns: readonly ExportColumn<R>[];
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Excel's limit for one cell's text. */
const CELL_MAX = 32_000;
const NUMBER_FORMAT: Partial<Record<CellKind, string>> = { yuan: '0.00', points: '0.00', int: '0' };

/** A text cell: capped at Excel's limit, and never run by a spreadsheet as a formula. */
export function textCell(s: string): string {
  const text = s.length > CELL_MAX ? `${s.slice(0, CELL_MAX)}…` : s;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * A value as the sheet holds it: fen → yuan and hundredths → points (numbers, two decimals by
 * the column's format), text guarded against formula injection, booleans as 是 / 否.
 *
 * @example cellValue('yuan', 123456, 'zh-CN') // 1234.56
 */
export function cellValue(
  kind: CellKind,
  v: string | number | boolean | null | undefined,
  locale: Locale,
): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return locale === 'en' ? (v ? 'Yes' : 'No') : v ? '是' : '否';
  if (kind === 'yuan' || kind === 'points') return typeof v === 'number' ? v / 100 : v;
  if (kind === 'int') return typeof v === 'number' ? v : Number(v);
  return typeof v === 'number' ? v : textCell(v);
}

/**
 * Writes a list to `out` as xlsx with ExcelJS's streaming writer: the header row (Chinese, or
 * English for an English UI), then each batch of rows as it arrives, each row committed at
 * once, so memory holds one batch and not the file. Returns the number of rows written.
 * `onBatch` hears the running count after each batch (a job's progress).
 */
export async function writeListXlsx<R>(
  out: Writable,
  spec: ExportSheet<R>,
  batches: AsyncIterable<readonly R[]>,
  locale: Locale = 'zh-CN',
  onBatch?: (rows: number) => Promise<void> | void,
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = '组织工作平台';
  const en = locale === 'en';
  const ws = wb.addWorksheet(en ? spec.sheet.en : spec.sheet.zh, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = spec.columns.map((c) => {
    const fmt = NUMBER_FORMAT[c.kind ?? 'text'];
    return { width: c.width ?? 14, ...(fmt ? { style: { numFmt: fmt } } : {}) };
  });
  const header = ws.addRow(spec.columns.map((c) => (en ? c.en : c.zh)));
  header.font = { bold: true };
  header.commit();
  let rows = 0;
  for await (const batch of batches) {
    for (const r of batch) {
      ws.addRow(spec.columns.map((c) => cellValue(c.kind ?? 'text', c.value(r), locale))).commit();
    }
    rows += batch.length;
    await onBatch?.(rows);
  }
  ws.commit();
  await wb.commit();
  return rows;
}

/** The same file in memory (a direct download: at most the direct-export threshold of rows). */
export async function listXlsxBytes<R>(
  spec: ExportSheet<R>,
  batches: AsyncIterable<readonly R[]>,
  locale: Locale = 'zh-CN',
): Promise<{ bytes: Buffer; rows: number }> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const rows = await writeListXlsx(stream, spec, batches, locale);
  await ended;
  return { bytes: Buffer.concat(chunks), rows };
}

/**
 * The batches of a paged list query, page after page in its own order, until a short page:
 * an export reads the screen's own query function, so the file and the screen cannot drift.
 *
 * @example for await (const rows of pagesOf((page, pageSize) => listMembers(db, { …q, page, pageSize }))) …
 */
export async function* pagesOf<R>(
  fetchPage: (page: number, pageSize: number) => Promise<{ rows: readonly R[] }>,
  pageSize = 2000,
): AsyncGenerator<readonly R[]> {
  for (let page = 1; ; page++) {
    const { rows } = await fetchPage(page, pageSize);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
  }
}

/** One batch of rows already in hand (lists the screen computes whole, such as rankings). */
export async function* once<R>(rows: readonly R[]): AsyncGenerator<readonly R[]> {
  if (rows.length > 0) yield rows;
}
