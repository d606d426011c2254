import { DomainError } from '@zhanqian/core';
import type { Database, Kysely, StarLevel } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import ExcelJS from 'exceljs';
import { maskToPositions } from './certify.ts';
import { assertCriteria, listCriteria } from './criteria.ts';
import { LEVEL_LABELS } from './messages.ts';
import { type LocatedEntity, locateEntity, mayRate, setRating } from './ratings.ts';
import { type RatingChange, recomputeStarsIncremental } from './recompute.ts';

type Db = Kysely<Database>;

/** One data row of an import sheet: the entity key and which criteria are met. */
export interface ImportRow {
  row: number;
  key: string;
  met: number[];
}

export interface ImportError {
  /** The spreadsheet row number (1-based, the header is row 1). */
  row: number;
  /** A message key of the catalogue below, with its parameters. */
  code: 'badCell' | 'badKey' | 'notFound' | 'mayNotRate' | 'duplicate';
  column?: number;
  value?: string;
}

const YES = new Set(['1', '✓', '√', '是', 'y', 'yes', '★']);
const NO = new Set(['', '0', '否', 'n', 'no', '×', '-']);

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  return String(v);
}

/**
 * Reads a rating sheet: header row, then one row per entity — column A the key (household or
 * member id; branch or committee org code), column B a name (ignored), columns C–L criteria 1–10
 * (1/✓/√/是 = met, empty/0/否 = not met). Every bad cell is reported with its row.
 *
 * @example await parseRatingSheet(buffer) // { rows: [{ row: 2, key: '42', met: [1, 2, …] }], errors: [] }
 */
export async function parseRatingSheet(
  buffer: Uint8Array,
): Promise<{ rows: ImportRow[]; errors: ImportError[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as any);
  } catch {
    throw new DomainError('BAD_INPUT', 'stars.importBadFile');
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.rowCount < 2) throw new DomainError('BAD_INPUT', 'stars.importEmpty');
  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const key = cellText(r.getCell(1).value).trim();
    const met: number[] = [];
    let bad = false;
    for (let p = 1; p <= 10; p++) {
      const text = cellText(r.getCell(2 + p).value)
        .trim()
        .toLowerCase();
      if (YES.has(text)) met.push(p);
      else if (!NO.has(text)) {
        errors.push({ row: n, code: 'badCell', column: 2 + p, value: text.slice(0, 40) });
        bad = true;
      }
    }
    if (!key) {
      const empty = met.length === 0 && !bad;
      if (!empty) errors.push({ row: n, code: 'badKey', column: 1, value: '' });
      return;
    }
    if (!bad) rows.push({ row: n, key, met });
  });
  if (rows.length === 0 && errors.length === 0) throw new DomainError('BAD_INPUT', 'stars.importEmpty');
  return { rows, errors };
}

/**
 * Validates every row (the entity exists, the caller may rate it, no duplicate) and applies the
 * ratings only when no row has an error: an import is all or nothing. The chains above the
 * changed ratings are then recomputed incrementally (full when the year has no snapshot yet).
 */
export async function importRatings(
  db: Db,
  input: { year: number; level: StarLevel; scopeRootId: number; ratedBy: number | null; buffer: Uint8Array },
): Promise<{
  applied: number;
  errors: ImportError[];
  changes: { entityId: number; before: number[]; after: number[] }[];
}> {
  await assertCriteria(db, input.year, input.level);
  const parsed = await parseRatingSheet(input.buffer);
  const errors = [...parsed.errors];
  const ok: { row: ImportRow; entity: LocatedEntity }[] = [];
  const seen = new Set<number>();
  for (const row of parsed.rows) {
    let id: number | undefined;
    if (input.level === 'household' || input.level === 'member') {
      if (/^\d{1,12}$/.test(row.key)) id = Number(row.key);
    } else {
      const u = await db.selectFrom('org_unit').select('id').where('code', '=', row.key).executeTakeFirst();
      id = u?.id;
    }
    if (id === undefined) {
      errors.push({
        row: row.row,
        code: input.level === 'household' || input.level === 'member' ? 'badKey' : 'notFound',
        column: 1,
        value: row.key,
      });
      continue;
    }
    let entity: LocatedEntity;
    try {
      entity = await locateEntity(db, input.level, id);
    } catch {
      errors.push({ row: row.row, code: 'notFound', column: 1, value: row.key });
      continue;
    }
    if (!(await mayRate(db, input.scopeRootId, entity))) {
      errors.push({ row: row.row, code: 'mayNotRate', column: 1, value: row.key });
      continue;
    }
    if (seen.has(id)) {
      errors.push({ row: row.row, code: 'duplicate', column: 1, value: row.key });
      continue;
    }
    seen.add(id);
    ok.push({ row, entity });
  }
  errors.sort((a, b) => a.row - b.row || (a.column ?? 0) - (b.column ?? 0));
  if (errors.length > 0) return { applied: 0, errors, changes: [] };
  const changes = [];
  for (const { row, entity } of ok) {
    const { before, after } = await setRating(db, {
      year: input.year,
      level: input.level,
      entityId: entity.id,
      met: row.met,
      ratedBy: input.ratedBy,
    });
    changes.push({ entityId: entity.id, before: before.met, after: after.met });
  }
  const recompute: RatingChange[] = changes.map((c) => ({ level: input.level, entityId: c.entityId }));
  if (recompute.length) await recomputeStarsIncremental(db, input.year, recompute);
  return { applied: changes.length, errors: [], changes };
}

export const IMPORT_ERROR_MESSAGES: Record<ImportError['code'], { 'zh-CN': string; en: string }> = {
  badCell: {
    'zh-CN': '第 {row} 行第 {column} 列：“{value}”不是有效的达标标记（填 1 或 ✓ 表示达标，0 或空表示未达标）',
    en: 'Row {row}, column {column}: “{value}” is not a valid mark (1 or ✓ = met, 0 or empty = not met)',
  },
  badKey: { 'zh-CN': '第 {row} 行：编号“{value}”无效', en: 'Row {row}: the key “{value}” is not valid' },
  notFound: {
    'zh-CN': '第 {row} 行：编号“{value}”对应的对象不存在',
    en: 'Row {row}: nothing has the key “{value}”',
  },
  mayNotRate: { 'zh-CN': '第 {row} 行：无权为“{value}”评星', en: 'Row {row}: you may not rate “{value}”' },
  duplicate: { 'zh-CN': '第 {row} 行：“{value}”重复出现', en: 'Row {row}: “{value}” appears more than once' },
};

/**
 * The import template for a level under a unit: one row per entity with its current marks, the
 * criteria names as headers. Filled in and uploaded again, it round-trips.
 */
export async function ratingTemplateXlsx(
  db: Db,
  input: { year: number; level: StarLevel; unitId: number },
): Promise<Buffer> {
  const criteria = await listCriteria(db, input.year, input.level);
  type Row = { key: string; name: string; mask: number | null };
  const rating = sql`left join star_rating r on r.year = ${input.year} and r.level = ${input.level} and r.entity_id = `;
  const q =
    input.level === 'household'
      ? sql<Row>`select cast(h.id as text) as key, h.head_name as name, r.met_mask as mask
          from org_closure oc join member m on m.branch_id = oc.descendant_id join zone z on z.member_id = m.id
          join household h on h.zone_id = z.id ${rating}h.id where oc.ancestor_id = ${input.unitId} order by h.id`
      : input.level === 'member'
        ? sql<Row>`select cast(m.id as text) as key, m.name, r.met_mask as mask
          from org_closure oc join member m on m.branch_id = oc.descendant_id ${rating}m.id
          where oc.ancestor_id = ${input.unitId} order by m.id`
        : sql<Row>`select u.code as key, u.name, r.met_mask as mask
          from org_closure oc join org_unit u on u.id = oc.descendant_id and u.kind = ${input.level} ${rating}u.id
          where oc.ancestor_id = ${input.unitId} order by u.id`;
  const rows = (await q.execute(db)).rows;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${input.year}年${LEVEL_LABELS[input.level]['zh-CN']}评星`);
  ws.addRow(['编号', '名称', ...Array.from({ length: 10 }, (_, i) => criteria[i]?.name ?? `标准${i + 1}`)]);
  for (const r of rows) {
    const met = new Set(maskToPositions(r.mask ?? 0));
    ws.addRow([r.key, r.name, ...Array.from({ length: 10 }, (_, i) => (met.has(i + 1) ? 1 : 0))]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
