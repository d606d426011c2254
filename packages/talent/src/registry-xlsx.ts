/**
 * The registry in Excel (issue #21, item 14): the talent roll (人才名册), the tiers with their
 * subsidy amounts (人才层次与补贴标准) and the catalogue of urgently needed and scarce fields
 * (急需紧缺人才目录) export to xlsx with Chinese headers, and import from the same sheets.
 *
 * An import is read whole and checked first: every problem comes back with its sheet, row,
 * column and a reason in the caller's language, and nothing is written unless the whole file
 * is clean. A clean file is planned row by row as new, changed or unchanged (so the same file
 * twice changes nothing the second time), then applied; the caller audits each change.
 *
 * Keys: a talent by 编号 (the export's id column) when given, else by name with birth date
 * (or with employer when the birth date is blank) within the caller's subtree; a tier by its
 * code; a catalogue entry by year and field code. Amounts are yuan on the sheet, fen inside.
 */
import { type Locale, nowIso, t } from '@zhanqian/core';
import type { Database, Kysely, TalentGender, TalentIntroducedVia } from '@zhanqian/db';
import ExcelJS from 'exceljs';
import './messages.ts';
import {
  type CatalogueEntry,
  createTalent,
  createTier,
  listTiers,
  type Talent,
  type Tier,
  updateTalent,
  updateTier,
} from './registry.ts';
import { INTRODUCED_VIA, INTRODUCED_VIA_LABELS } from './rules.ts';

type Db = Kysely<Database>;

/** What the registry imports and exports. */
export type RegistrySheetKind = 'talents' | 'tiers' | 'catalogue';
export const REGISTRY_SHEET_KINDS: readonly RegistrySheetKind[] = ['talents', 'tiers', 'catalogue'];

export const SHEETS: Record<RegistrySheetKind, string> = {
  talents: '人才名册',
  tiers: '人才层次',
  catalogue: '急需紧缺人才目录',
};
const GUIDE = '填写说明';

export const TALENT_COLUMNS = [
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
] as const;
export const TIER_COLUMNS = ['编码', '名称', '排序', '安家补贴（元）', '购房补贴（元）'] as const;
export const CATALOGUE_COLUMNS = ['年度', '领域编码', '领域名称'] as const;
const COLUMNS: Record<RegistrySheetKind, readonly string[]> = {
  talents: TALENT_COLUMNS,
  tiers: TIER_COLUMNS,
  catalogue: CATALOGUE_COLUMNS,
};
const WIDTHS: Record<RegistrySheetKind, number[]> = {
  talents: [8, 12, 6, 12, 12, 18, 30, 12, 10, 14],
  tiers: [8, 20, 6, 16, 16],
  catalogue: [8, 14, 24],
};

/** The most data rows one import reads (the district's roll is a few hundred). */
export const MAX_REGISTRY_ROWS = 20_000;
/** The largest amount a tier may grant, in yuan (one hundred million). */
const MAX_YUAN = 100_000_000;

export interface RegistryImportError {
  sheet: string;
  row: number;
  /** 'B 姓名': column letter and header; '' when the problem is the file or the sheet. */
  column: string;
  problem: string;
}

export interface RegistryCounts {
  new: number;
  changed: number;
  unchanged: number;
}

// ---------------------------------------------------------------- cells

const letter = (i: number): string =>
  i < 26 ? String.fromCharCode(65 + i) : letter(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));

/** A cell as trimmed text: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    return '';
  }
  return String(v).trim();
}

/** '2024-03-01', '2024/3/1', '2024.3.1' → '2024-03-01'; anything else (or a date that does not exist) → null. */
export function parseSheetDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/** '80000', '80,000.5', '80000.50' (yuan) → fen; negative, junk or more than two decimals → null. */
export function parseYuan(text: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s]/g, '').replace(/元$/, ''));
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen <= MAX_YUAN * 100 ? fen : null;
}

class Problems {
  readonly list: RegistryImportError[] = [];
  readonly locale: Locale;
  readonly sheet: string;
  readonly columns: readonly string[];
  constructor(locale: Locale, sheet: string, columns: readonly string[]) {
    this.locale = locale;
    this.sheet = sheet;
    this.columns = columns;
  }
  add(row: number, col: number, key: string, params: Record<string, string | number> = {}) {
    this.list.push({
      sheet: this.sheet,
      row,
      column: col >= 0 ? `${letter(col)} ${this.columns[col]}` : '',
      problem: t(key, this.locale, params),
    });
  }
}

/** The data rows of a kind's sheet (header checked), or the file's problems. */
async function readRows(
  bytes: Uint8Array,
  kind: RegistrySheetKind,
  p: Problems,
): Promise<{ row: number; c: string[] }[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch {
    p.add(0, -1, 'talent.import.notXlsx');
    return [];
  }
  const cols = COLUMNS[kind];
  const ws = wb.getWorksheet(SHEETS[kind]) ?? wb.worksheets.find((w) => w.name !== GUIDE);
  if (!ws) {
    p.add(0, -1, 'talent.import.sheetMissing', { sheet: SHEETS[kind] });
    return [];
  }
  const header = cols.map((_, i) => cellText(ws.getRow(1).getCell(i + 1).value));
  cols.forEach((h, i) => {
    if (header[i] !== h) p.add(1, i, 'talent.import.header', { header: h });
  });
  if (p.list.length) return [];
  const rows: { row: number; c: string[] }[] = [];
  let over = false;
  ws.eachRow((r, n) => {
    if (n === 1 || over) return;
    const c = cols.map((_, i) => cellText(r.getCell(i + 1).value));
    if (c.every((x) => x === '')) return;
    if (rows.length >= MAX_REGISTRY_ROWS) {
      p.add(n, -1, 'talent.import.tooManyRows', { max: MAX_REGISTRY_ROWS });
      over = true;
      return;
    }
    rows.push({ row: n, c });
  });
  if (!rows.length && !p.list.length) p.add(2, -1, 'talent.import.empty');
  return rows;
}

/** Required text of at most `max` characters, or a problem. */
function text(p: Problems, row: number, c: string[], col: number, max: number, required = true): string {
  const v = c[col]!;
  if (!v) {
    if (required) p.add(row, col, 'talent.import.required', { column: p.columns[col]! });
    return '';
  }
  if ([...v].length > max) p.add(row, col, 'talent.import.tooLong', { column: p.columns[col]!, max });
  return v;
}

// ---------------------------------------------------------------- workbooks

function book(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zhanqian';
  return wb;
}

function dataSheet(wb: ExcelJS.Workbook, kind: RegistrySheetKind): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(SHEETS[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS[kind].map((h, i) => ({ header: h, width: WIDTHS[kind][i] }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

function guideSheet(wb: ExcelJS.Workbook, lines: (string | [string, string])[]) {
  const ws = wb.addWorksheet(GUIDE);
  ws.columns = [{ width: 22 }, { width: 70 }];
  for (const l of lines) ws.addRow(typeof l === 'string' ? [l] : l);
  ws.getRow(1).font = { bold: true };
}

const bytesOf = async (wb: ExcelJS.Workbook) => new Uint8Array(await wb.xlsx.writeBuffer());

export interface TalentSheetRow extends Talent {
  tierName: string;
}

/**
 * The talent roll as a workbook: 人才名册 (the columns an import reads, 编号 first) and 填写说明
 * (the allowed values, tiers included). With no rows it is the import template.
 *
 * @example const bytes = await talentsXlsx(rows, await listTiers(db))
 */
export async function talentsXlsx(
  rows: readonly TalentSheetRow[],
  tiers: readonly Tier[],
): Promise<Uint8Array> {
  const wb = book();
  const ws = dataSheet(wb, 'talents');
  for (const r of rows)
    ws.addRow([
      r.id,
      r.name,
      r.gender === 'M' ? '男' : '女',
      r.birth_date ?? '',
      r.field_code,
      r.field_name,
      r.employer,
      r.introduced_on,
      INTRODUCED_VIA_LABELS[r.introduced_via]['zh-CN'],
      r.tierName,
    ]);
  guideSheet(wb, [
    '人才名册填写说明',
    ['编号', '新增人才留空；修改已有人才时保留导出的编号'],
    ['姓名、性别', '必填；性别填“男”或“女”'],
    ['出生日期、引进日期', '格式 YYYY-MM-DD（如 2024-03-01）；引进日期必填'],
    ['领域编码、领域名称', '必填；与急需紧缺人才目录的领域编码一致时，方可申请一次性补贴'],
    ['工作单位', '必填'],
    ['引进方式', INTRODUCED_VIA.map((v) => INTRODUCED_VIA_LABELS[v]['zh-CN']).join(' / ')],
    ['人才层次', '填写层次编码或名称：'],
    ...tiers.map((x): [string, string] => [`  ${x.code}`, x.name]),
    ['', '同一姓名和出生日期（无出生日期时为姓名和工作单位）视为同一人：再次导入同一文件不会重复新增'],
  ]);
  return bytesOf(wb);
}

/** The tiers with their amounts in yuan (two decimals), as the import reads them. */
export async function tiersXlsx(tiers: readonly Tier[]): Promise<Uint8Array> {
  const wb = book();
  const ws = dataSheet(wb, 'tiers');
  for (const x of tiers) ws.addRow([x.code, x.name, x.rank, x.settling_fen / 100, x.housing_fen / 100]);
  for (const col of [4, 5]) ws.getColumn(col).numFmt = '#,##0.00';
  guideSheet(wb, [
    '人才层次填写说明',
    ['编码', '必填，最多 20 个字符；已有编码的行修改该层次，新编码的行新增层次'],
    ['名称', '必填，如“A类（顶尖人才）”'],
    ['排序', '1–100 的整数，1 为最高层次'],
    ['安家补贴（元）、购房补贴（元）', '以元为单位，最多两位小数；不享受的填 0'],
    ['', '已提交的补贴申请按提交时的金额办理，修改标准不影响已有申请'],
  ]);
  return bytesOf(wb);
}

/** Catalogue entries (one year or several), as the import reads them. */
export async function catalogueXlsx(rows: readonly CatalogueEntry[]): Promise<Uint8Array> {
  const wb = book();
  const ws = dataSheet(wb, 'catalogue');
  for (const r of rows) ws.addRow([r.year, r.field_code, r.field_name]);
  guideSheet(wb, [
    '急需紧缺人才目录填写说明',
    ['年度', '2000–2100 的年份'],
    ['领域编码', '必填，最多 40 个字符；人才的领域编码与当年目录一致时方可申请一次性补贴'],
    ['领域名称', '必填，最多 100 个字'],
    ['', '导入只新增或修改条目，不删除文件中没有的条目；删除请在页面上操作'],
  ]);
  return bytesOf(wb);
}

// ---------------------------------------------------------------- plans

export type PlanAction = 'new' | 'changed' | 'unchanged';

export interface TalentPlanRow {
  row: number;
  action: PlanAction;
  id: number | null;
  input: {
    name: string;
    gender: TalentGender;
    birthDate: string | null;
    fieldCode: string;
    fieldName: string;
    employer: string;
    introducedOn: string;
    introducedVia: TalentIntroducedVia;
    tierId: number;
  };
}
export interface TierPlanRow {
  row: number;
  action: PlanAction;
  id: number | null;
  input: { code: string; name: string; rank: number; settlingFen: number; housingFen: number };
}
export interface CataloguePlanRow {
  row: number;
  action: PlanAction;
  id: number | null;
  input: { year: number; fieldCode: string; fieldName: string };
}

export type RegistryPlan =
  | { kind: 'talents'; rows: TalentPlanRow[] }
  | { kind: 'tiers'; rows: TierPlanRow[] }
  | { kind: 'catalogue'; rows: CataloguePlanRow[] };

export type RegistryPlanResult =
  | { ok: true; plan: RegistryPlan; counts: RegistryCounts }
  | { ok: false; errors: RegistryImportError[] };

const countOf = (rows: readonly { action: PlanAction }[]): RegistryCounts => ({
  new: rows.filter((r) => r.action === 'new').length,
  changed: rows.filter((r) => r.action === 'changed').length,
  unchanged: rows.filter((r) => r.action === 'unchanged').length,
});

const VIA_BY_LABEL = new Map<string, TalentIntroducedVia>(
  INTRODUCED_VIA.flatMap((v) => [
    [INTRODUCED_VIA_LABELS[v]['zh-CN'], v],
    [v, v],
  ]),
);
const GENDER: Record<string, TalentGender> = { 男: 'M', 女: 'F', M: 'M', F: 'F' };

/** The key of a talent without an id: name with birth date, or with employer when there is none. */
const personKey = (name: string, birthDate: string | null, employer: string) =>
  birthDate ? `${name}|${birthDate}` : `${name}||${employer}`;

async function planTalents(
  db: Db,
  bytes: Uint8Array,
  scopeRootId: number,
  locale: Locale,
): Promise<RegistryPlanResult> {
  const p = new Problems(locale, SHEETS.talents, TALENT_COLUMNS);
  const rows = await readRows(bytes, 'talents', p);
  if (p.list.length) return { ok: false, errors: p.list };
  const tiers = await listTiers(db);
  const tierBy = new Map<string, Tier>();
  for (const x of tiers) tierBy.set(x.name, x);
  for (const x of tiers) tierBy.set(x.code, x); // a code wins over a name spelt like it
  const existing = await db
    .selectFrom('talent_person as p')
    .innerJoin('org_closure as c', (j) =>
      j.onRef('c.descendant_id', '=', 'p.org_unit_id').on('c.ancestor_id', '=', scopeRootId),
    )
    .selectAll('p')
    .execute();
  const byId = new Map(existing.map((x) => [x.id, x]));
  const byKey = new Map<string, Talent>();
  for (const x of existing) byKey.set(personKey(x.name, x.birth_date, x.employer), x);
  const seenId = new Map<number, number>();
  const seenKey = new Map<string, number>();
  const out: TalentPlanRow[] = [];
  for (const { row, c } of rows) {
    const before = p.list.length;
    let id: number | null = null;
    if (c[0]) {
      if (!/^\d{1,9}$/.test(c[0]) || Number(c[0]) <= 0) p.add(row, 0, 'talent.import.badId', { value: c[0] });
      else if (!byId.has(Number(c[0]))) p.add(row, 0, 'talent.import.unknownId', { id: c[0] });
      else if (seenId.has(Number(c[0])))
        p.add(row, 0, 'talent.import.duplicateRow', { row: seenId.get(Number(c[0]))! });
      else {
        id = Number(c[0]);
        seenId.set(id, row);
      }
    }
    const name = text(p, row, c, 1, 50);
    const gender = GENDER[c[2]!];
    if (!gender) p.add(row, 2, 'talent.import.badGender', { value: c[2]! });
    const birthDate = c[3] ? parseSheetDate(c[3]) : null;
    if (c[3] && !birthDate) p.add(row, 3, 'talent.import.badDate', { value: c[3] });
    const fieldCode = text(p, row, c, 4, 40);
    const fieldName = text(p, row, c, 5, 100);
    const employer = text(p, row, c, 6, 200);
    const introducedOn = c[7] ? parseSheetDate(c[7]) : null;
    if (!c[7]) p.add(row, 7, 'talent.import.required', { column: TALENT_COLUMNS[7] });
    else if (!introducedOn) p.add(row, 7, 'talent.import.badDate', { value: c[7] });
    const via = VIA_BY_LABEL.get(c[8]!);
    if (!via) p.add(row, 8, 'talent.import.badVia', { value: c[8]! });
    const tier = tierBy.get(c[9]!);
    if (!tier) p.add(row, 9, 'talent.import.unknownTier', { value: c[9]! });
    if (p.list.length > before) continue;
    const key = personKey(name, birthDate, employer);
    const match = id !== null ? byId.get(id)! : byKey.get(key);
    const clash = seenKey.get(key);
    if (clash !== undefined) {
      p.add(row, 1, 'talent.import.duplicateRow', { row: clash });
      continue;
    }
    seenKey.set(key, row);
    if (match && id === null && seenId.has(match.id)) {
      p.add(row, 1, 'talent.import.duplicateRow', { row: seenId.get(match.id)! });
      continue;
    }
    if (match) seenId.set(match.id, row);
    const input = {
      name,
      gender: gender!,
      birthDate,
      fieldCode,
      fieldName,
      employer,
      introducedOn: introducedOn!,
      introducedVia: via!,
      tierId: tier!.id,
    };
    const same =
      match &&
      match.name === input.name &&
      match.gender === input.gender &&
      match.birth_date === input.birthDate &&
      match.field_code === input.fieldCode &&
      match.field_name === input.fieldName &&
      match.employer === input.employer &&
      match.introduced_on === input.introducedOn &&
      match.introduced_via === input.introducedVia &&
      match.tier_id === input.tierId;
    out.push({ row, action: !match ? 'new' : same ? 'unchanged' : 'changed', id: match?.id ?? null, input });
  }
  if (p.list.length) return { ok: false, errors: p.list };
  return { ok: true, plan: { kind: 'talents', rows: out }, counts: countOf(out) };
}

async function planTiers(db: Db, bytes: Uint8Array, locale: Locale): Promise<RegistryPlanResult> {
  const p = new Problems(locale, SHEETS.tiers, TIER_COLUMNS);
  const rows = await readRows(bytes, 'tiers', p);
  if (p.list.length) return { ok: false, errors: p.list };
  const byCode = new Map((await listTiers(db)).map((x) => [x.code, x]));
  const seen = new Map<string, number>();
  const out: TierPlanRow[] = [];
  for (const { row, c } of rows) {
    const before = p.list.length;
    const code = text(p, row, c, 0, 20);
    const name = text(p, row, c, 1, 50);
    const rank = /^\d{1,3}$/.test(c[2]!) ? Number(c[2]) : Number.NaN;
    if (!(rank >= 1 && rank <= 100))
      p.add(row, 2, 'talent.import.badInt', { min: 1, max: 100, value: c[2]! });
    const fen = [3, 4].map((i) => {
      const v = parseYuan(c[i]!);
      if (v === null) p.add(row, i, 'talent.import.badYuan', { value: c[i]! });
      return v ?? 0;
    });
    if (code && seen.has(code)) p.add(row, 0, 'talent.import.duplicateRow', { row: seen.get(code)! });
    if (p.list.length > before) continue;
    seen.set(code, row);
    const input = { code, name, rank, settlingFen: fen[0]!, housingFen: fen[1]! };
    const m = byCode.get(code);
    const same =
      m &&
      m.name === name &&
      m.rank === rank &&
      Number(m.settling_fen) === input.settlingFen &&
      Number(m.housing_fen) === input.housingFen;
    out.push({ row, action: !m ? 'new' : same ? 'unchanged' : 'changed', id: m?.id ?? null, input });
  }
  if (p.list.length) return { ok: false, errors: p.list };
  return { ok: true, plan: { kind: 'tiers', rows: out }, counts: countOf(out) };
}

async function planCatalogue(db: Db, bytes: Uint8Array, locale: Locale): Promise<RegistryPlanResult> {
  const p = new Problems(locale, SHEETS.catalogue, CATALOGUE_COLUMNS);
  const rows = await readRows(bytes, 'catalogue', p);
  if (p.list.length) return { ok: false, errors: p.list };
  const years = [...new Set(rows.map((r) => Number(r.c[0])).filter((y) => Number.isInteger(y)))];
  const existing = years.length
    ? await db.selectFrom('talent_catalogue').selectAll().where('year', 'in', years).execute()
    : [];
  const byKey = new Map(existing.map((x) => [`${x.year}|${x.field_code}`, x]));
  const seen = new Map<string, number>();
  const out: CataloguePlanRow[] = [];
  for (const { row, c } of rows) {
    const before = p.list.length;
    const year = /^\d{4}$/.test(c[0]!) ? Number(c[0]) : Number.NaN;
    if (!(year >= 2000 && year <= 2100)) p.add(row, 0, 'talent.import.badYear', { value: c[0]! });
    const fieldCode = text(p, row, c, 1, 40);
    const fieldName = text(p, row, c, 2, 100);
    const key = `${year}|${fieldCode}`;
    if (p.list.length === before && seen.has(key))
      p.add(row, 1, 'talent.import.duplicateRow', { row: seen.get(key)! });
    if (p.list.length > before) continue;
    seen.set(key, row);
    const m = byKey.get(key);
    out.push({
      row,
      action: !m ? 'new' : m.field_name === fieldName ? 'unchanged' : 'changed',
      id: m?.id ?? null,
      input: { year, fieldCode, fieldName },
    });
  }
  if (p.list.length) return { ok: false, errors: p.list };
  return { ok: true, plan: { kind: 'catalogue', rows: out }, counts: countOf(out) };
}

/**
 * Reads and checks a registry file of one kind and plans it against the database (talents:
 * within the caller's subtree). Every problem by sheet, row and column, or the plan with its
 * counts. Writes nothing.
 *
 * @example const r = await planRegistryImport(db, 'tiers', bytes, { scopeRootId: 1, locale: 'zh-CN' })
 */
export async function planRegistryImport(
  db: Db,
  kind: RegistrySheetKind,
  bytes: Uint8Array,
  opts: { scopeRootId: number; locale: Locale },
): Promise<RegistryPlanResult> {
  if (kind === 'talents') return planTalents(db, bytes, opts.scopeRootId, opts.locale);
  if (kind === 'tiers') return planTiers(db, bytes, opts.locale);
  return planCatalogue(db, bytes, opts.locale);
}

export interface RegistryChange {
  objectType: 'talent_person' | 'talent_tier' | 'talent_catalogue';
  objectId: number;
  before: unknown;
  after: unknown;
}

/**
 * Applies a clean plan (new and changed rows; unchanged rows are left alone) and returns each
 * change with its before and after for the audit. New talents are kept by `orgUnitId`.
 * Run it in the transaction that audits the changes.
 */
export async function applyRegistryPlan(
  db: Db,
  plan: RegistryPlan,
  opts: { orgUnitId: number },
): Promise<RegistryChange[]> {
  const changes: RegistryChange[] = [];
  if (plan.kind === 'talents') {
    for (const r of plan.rows) {
      if (r.action === 'new') {
        const after = await createTalent(db, { ...r.input, orgUnitId: opts.orgUnitId });
        changes.push({ objectType: 'talent_person', objectId: after.id, before: null, after });
      } else if (r.action === 'changed') {
        const { before, after } = await updateTalent(db, r.id!, r.input);
        changes.push({ objectType: 'talent_person', objectId: after.id, before, after });
      }
    }
  } else if (plan.kind === 'tiers') {
    for (const r of plan.rows) {
      if (r.action === 'new') {
        const after = await createTier(db, r.input);
        changes.push({ objectType: 'talent_tier', objectId: after.id, before: null, after });
      } else if (r.action === 'changed') {
        const { code: _code, ...rest } = r.input;
        const { before, after } = await updateTier(db, r.id!, rest);
        changes.push({ objectType: 'talent_tier', objectId: after.id, before, after });
      }
    }
  } else {
    for (const r of plan.rows) {
      if (r.action === 'new') {
        const after = await db
          .insertInto('talent_catalogue')
          .values({
            year: r.input.year,
            field_code: r.input.fieldCode,
            field_name: r.input.fieldName,
            created_at: nowIso(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        changes.push({ objectType: 'talent_catalogue', objectId: after.id, before: null, after });
      } else if (r.action === 'changed') {
        const before = await db
          .selectFrom('talent_catalogue')
          .selectAll()
          .where('id', '=', r.id!)
          .executeTakeFirstOrThrow();
        const after = await db
          .updateTable('talent_catalogue')
          .set({ field_name: r.input.fieldName })
          .where('id', '=', r.id!)
          .returningAll()
          .executeTakeFirstOrThrow();
        changes.push({ objectType: 'talent_catalogue', objectId: after.id, before, after });
      }
    }
  }
  return changes;
}

/** The talents of a subtree for the roll's export (every row, id order), with tier names. */
export async function talentsForExport(
  db: Db,
  q: {
    scopeRootId: number;
    q?: string | undefined;
    introducedVia?: TalentIntroducedVia | undefined;
    tierId?: number | undefined;
    fieldCode?: string | undefined;
  },
): Promise<TalentSheetRow[]> {
  let base = db
    .selectFrom('talent_person as p')
    .innerJoin('org_closure as c', (j) =>
      j.onRef('c.descendant_id', '=', 'p.org_unit_id').on('c.ancestor_id', '=', q.scopeRootId),
    )
    .innerJoin('talent_tier as t', 't.id', 'p.tier_id');
  if (q.q) base = base.where('p.name', 'like', `%${q.q.replace(/[%_]/g, '')}%`);
  if (q.introducedVia) base = base.where('p.introduced_via', '=', q.introducedVia);
  if (q.tierId !== undefined) base = base.where('p.tier_id', '=', q.tierId);
  if (q.fieldCode) base = base.where('p.field_code', '=', q.fieldCode);
  return base.selectAll('p').select('t.name as tierName').orderBy('p.id').execute();
}

/** Every year's catalogue entries, or one year's, ordered by year and code. */
export async function catalogueForExport(db: Db, year?: number): Promise<CatalogueEntry[]> {
  let q = db.selectFrom('talent_catalogue').selectAll();
  if (year !== undefined) q = q.where('year', '=', year);
  return q.orderBy('year').orderBy('field_code').execute();
}
