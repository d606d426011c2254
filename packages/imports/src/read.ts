import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

/** One spreadsheet row as read: its sheet, its 1-based row number, its cells (column A first). */
export interface SheetRow {
  sheet: string;
  row: number;
  cells: unknown[];
}

export type FileFormat = 'xlsx' | 'csv';

/** The format of an upload, from its name; null when it is neither. */
export function formatOf(fileName: string): FileFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  return null;
}

/**
 * The rows of the first worksheet, streamed: exceljs' WorkbookReader parses the sheet XML as
 * it reads the zip, so memory holds the shared strings and the row at hand, not the workbook.
 * Styles are kept (only the formats) so that date cells come back as dates.
 */
async function* xlsxRows(path: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  decodeWholeCharacters(reader);
  for await (const ws of reader) {
    const sheet = (ws as unknown as { name?: string }).name ?? 'Sheet1';
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      yield { sheet, row: row.number, cells: values };
    }
    return; // the first worksheet only: templates have one
  }
}

/** Decodes a stream of UTF-8 chunks into text without splitting a character across chunks. */
async function* utf8Text(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const td = new TextDecoder('utf-8');
  for await (const c of chunks) {
    const s = typeof c === 'string' ? c : td.decode(c, { stream: true });
    if (s) yield s;
  }
  const tail = td.decode();
  if (tail) yield tail;
}

interface ReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Uint8Array | string>, sheetNo: string): AsyncGenerator<unknown>;
}

/**
 * exceljs 4.4's streaming reader decodes each inflated chunk of the sheet and shared-strings
 * XML on its own (lib/utils/parse-sax.js), so a Chinese character whose three bytes straddle
 * two chunks comes out as two U+FFFD: a few names in every 10,000 rows (upstream issue
 * exceljs#2084, open). Its parser passes strings through untouched, so the chunks are decoded
 * here first, with a decoder that carries a split character over to the next chunk.
 */
function decodeWholeCharacters(reader: unknown): void {
  const r = reader as ReaderInternals;
  const sharedStrings = r._parseSharedStrings.bind(r);
  const worksheet = r._parseWorksheet.bind(r);
  r._parseSharedStrings = (entry) => {
    entry.setEncoding('utf8');
    return sharedStrings(entry);
  };
  r._parseWorksheet = (chunks, sheetNo) => worksheet(utf8Text(chunks), sheetNo);
}

/**
 * Decodes UTF-8 (with or without BOM) or, when the first bytes are not UTF-8, GB 18030 (the
 * encoding Excel on a Chinese Windows saves CSV in), chunk by chunk.
 */
function decoder(): Transform {
  let td: InstanceType<typeof globalThis.TextDecoder> | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!td) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, 4096), { stream: true });
          td = new TextDecoder('utf-8');
        } catch {
          td = new TextDecoder('gb18030');
        }
      }
      done(null, td.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, td ? td.decode() : '');
    },
  });
}

/** The rows of a CSV file, streamed through csv-parse (quotes, embedded newlines, BOM). */
async function* csvRows(path: string, sheet: string): AsyncGenerator<SheetRow> {
  const parser = createReadStream(path)
    .pipe(decoder())
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: false, trim: false }));
  let n = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    n += 1;
    yield { sheet, row: n, cells: record };
  }
}

/** Rows of an uploaded file, whatever its format, streamed. */
export function readRows(path: string, format: FileFormat, name = 'CSV'): AsyncGenerator<SheetRow> {
  return format === 'xlsx' ? xlsxRows(path) : csvRows(path, name);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cell as trimmed text: rich text joined, formulas by their result, dates as YYYY-MM-DD
 * (Excel dates carry no zone: exceljs gives them as UTC midnight), numbers without exponent.
 */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  }
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('result' in o) return cellText(o.result);
    if ('richText' in o && Array.isArray(o.richText))
      return (o.richText as { text: string }[])
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in o) return String(o.text).trim();
    if ('error' in o) return '';
  }
  return String(v).trim();
}

/** A cell holding a number that Excel could not have kept exactly (more than 15 digits). */
export const lostDigits = (v: unknown): boolean =>
  typeof v === 'number' && Number.isInteger(v) && Math.abs(v) >= 1e15;
