import { isDomainError, type Locale, nowIso, t } from '@zhanqian/core';
import type { Database, Kysely, ScoringReport } from '@zhanqian/db';
import ExcelJS from 'exceljs';
import type { ImportCounts } from './history-store.ts';
import { ErrorList, loadWorkbook, MAX_IMPORT_ROWS, type UnitRef, unitResolver } from './import-common.ts';
import './messages.ts';
import { assertStatus, getScheme, type IndicatorRow, indicatorOf } from './repo.ts';
import { MAX_VALUE, reportAspectIndex, scoreIndicator } from './rules.ts';
import { cellText, type ImportError } from './xlsx.ts';

type Db = Kysely<Database>;

/**
 * A year's indicator reports in xlsx (指标上报): one sheet, row 1 the header, one row per
 * subject and indicator. 指标名称 is for the reader and not checked. The value is what the
 * indicator's rule scores (README: a ratio's actual, a tier's measure, incidents …); a graded
 * indicator also takes its grade (A, B …), a yes/no indicator 是/否.
 */
export const REPORTS_SHEET = '指标上报';
export const REPORT_COLUMNS = ['单位编码', '单位名称', '指标编码', '指标名称', '上报值', '说明'] as const;
const [CODE, NAME, INDICATOR, , VALUE, NOTE] = [0, 1, 2, 3, 4, 5] as const;
const MAX_NOTE = 2000;

export interface ReportImportRow {
  row: number;
  subjectId: number;
  orgUnitId: number;
  indicatorId: number;
  value: number;
  note: string | null;
}

/** What the parser needs to know of the year: units, its subjects and its indicators. */
export interface ReportImportContext {
  units: UnitRef[];
  /** org unit id → the year's subject id. */
  subjects: Map<number, number>;
  indicators: Map<string, IndicatorRow>;
}

export type ReportParse = { ok: true; rows: ReportImportRow[] } | { ok: false; errors: ImportError[] };

/** The year's context for parsing (every unit, the year's subjects and indicators). */
export async function reportImportContext(db: Db, year: number): Promise<ReportImportContext> {
  const scheme = await getScheme(db, year);
  const units = await db.selectFrom('org_unit').select(['id', 'code', 'name']).execute();
  const subjects = await db
    .selectFrom('scoring_subject')
    .select(['id', 'org_unit_id'])
    .where('year', '=', year)
    .execute();
  const nodes = await db
    .selectFrom('scoring_node')
    .selectAll()
    .where('scheme_id', '=', scheme.id)
    .where('level', '=', 'indicator')
    .execute();
  return {
    units,
    subjects: new Map(subjects.map((s) => [s.org_unit_id, s.id])),
    indicators: new Map(nodes.map((n) => [n.code, indicatorOf(n)])),
  };
}

/** The template: one row per subject × indicator given, with any value and note already reported. */
export async function reportsTemplateXlsx(
  rows: {
    unitCode: string;
    unitName: string;
    indicatorCode: string;
    indicatorName: string;
    value?: number | string;
    note?: string | null;
  }[],
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zhanqian';
  const ws = wb.addWorksheet(REPORTS_SHEET);
  ws.addRow([...REPORT_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  for (const r of rows)
    ws.addRow([r.unitCode, r.unitName, r.indicatorCode, r.indicatorName, r.value ?? '', r.note ?? '']);
  ws.columns.forEach((c, i) => {
    c.width = [14, 24, 12, 36, 12, 40][i] ?? 12;
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A cell's value for an indicator: an integer, a grade label (graded) or 是/否 (boolean). */
function cellValue(ind: IndicatorRow, text: string): number | null {
  if (/^\d{1,10}$/.test(text)) return Number(text);
  if (ind.rule.kind === 'graded') {
    const i = ind.rule.grades.findIndex((g) => g.grade === text);
    return i >= 0 ? i : null;
  }
  if (ind.rule.kind === 'boolean' || ind.rule.kind === 'veto') {
    if (['是', 'Y', 'y'].includes(text)) return 1;
    if (['否', 'N', 'n'].includes(text)) return 0;
  }
  return null;
}

/**
 * Reads a year's reports. Every problem with sheet, row, column and reason; nothing unless
 * the whole sheet is valid. Checks: header; unit known and a subject of the year; indicator
 * code in the year's scheme; the pair listed once; a value the indicator's rule accepts.
 *
 * @example const r = await parseReportsXlsx(bytes, await reportImportContext(db, 2026))
 */
export async function parseReportsXlsx(
  bytes: Uint8Array,
  ctx: ReportImportContext,
  locale: Locale = 'zh-CN',
): Promise<ReportParse> {
  const e = new ErrorList(locale);
  const wb = await loadWorkbook(bytes);
  if (!wb) {
    e.add('', 0, -1, '', 'scoring.import.notXlsx');
    return { ok: false, errors: e.errors };
  }
  const S = REPORTS_SHEET;
  const ws = wb.getWorksheet(S);
  if (!ws) {
    e.add(S, 0, -1, '', 'scoring.import.sheetMissing', { sheet: S });
    return { ok: false, errors: e.errors };
  }
  const header = ((ws.getRow(1).values as ExcelJS.CellValue[]) ?? []).slice(1).map(cellText);
  REPORT_COLUMNS.forEach((h, i) => {
    if (header[i] !== h) e.add(S, 1, i, h, 'scoring.import.header', { header: h });
  });
  if (e.errors.length) return { ok: false, errors: e.errors };
  const resolve = unitResolver(ctx.units);
  const rows: ReportImportRow[] = [];
  const seen = new Map<string, number>();
  let count = 0;
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const c = REPORT_COLUMNS.map((_, i) => cellText(row.getCell(i + 1).value));
    if (c.every((x) => x === '')) return;
    if (++count > MAX_IMPORT_ROWS) {
      if (count === MAX_IMPORT_ROWS + 1)
        e.add(S, n, -1, '', 'scoring.import.tooManyRows', { max: MAX_IMPORT_ROWS });
      return;
    }
    const before = e.errors.length;
    const unit = resolve(c[CODE]!, c[NAME]!);
    let subjectId: number | undefined;
    if ('problem' in unit)
      e.add(S, n, unit.column, REPORT_COLUMNS[unit.column], unit.problem, { code: c[CODE]!, name: c[NAME]! });
    else {
      subjectId = ctx.subjects.get(unit.id);
      if (subjectId === undefined)
        e.add(S, n, CODE, REPORT_COLUMNS[CODE], 'scoring.import.notSubject', { name: unit.name });
    }
    const ind = ctx.indicators.get(c[INDICATOR]!);
    if (!ind)
      e.add(S, n, INDICATOR, REPORT_COLUMNS[INDICATOR], 'scoring.import.unknownIndicator', {
        code: c[INDICATOR]!,
      });
    let value: number | null = null;
    if (ind) {
      value = cellValue(ind, c[VALUE]!);
      if (value !== null && value <= MAX_VALUE)
        try {
          scoreIndicator(ind.points, ind.rule, value);
        } catch (err) {
          if (!isDomainError(err)) throw err;
          value = null;
        }
      if (value === null || value > MAX_VALUE)
        e.add(S, n, VALUE, REPORT_COLUMNS[VALUE], 'scoring.badValue', { value: c[VALUE]! });
    }
    if (c[NOTE]!.length > MAX_NOTE)
      e.add(S, n, NOTE, REPORT_COLUMNS[NOTE], 'scoring.import.noteTooLong', { max: MAX_NOTE });
    if (subjectId !== undefined && ind) {
      const key = `${subjectId}:${ind.id}`;
      if (seen.has(key))
        e.add(S, n, INDICATOR, REPORT_COLUMNS[INDICATOR], 'scoring.import.duplicateReport', {
          row: seen.get(key)!,
        });
      else seen.set(key, n);
    }
    if (e.errors.length === before)
      rows.push({
        row: n,
        subjectId: subjectId!,
        orgUnitId: (unit as UnitRef).id,
        indicatorId: ind!.id,
        value: value!,
        note: c[NOTE] || null,
      });
  });
  if (count === 0) e.add(S, 2, -1, '', 'scoring.import.empty');
  return e.errors.length ? { ok: false, errors: e.errors } : { ok: true, rows };
}

export interface ReportImportPlan {
  counts: ImportCounts;
  /** Rows that cannot be taken as they stand (an approved report with another value). */
  errors: ImportError[];
  inserts: ReportImportRow[];
  updates: { row: ReportImportRow; before: ScoringReport }[];
}

const sameReport = (r: ReportImportRow, x: ScoringReport) =>
  x.value === r.value && (x.note ?? null) === r.note;

/**
 * Compares parsed rows with the year's reports: new; changed (a reported or returned report
 * with another value or note, or a returned one re-reported); unchanged (the same value and
 * note, awaiting review or approved); refused (an approved report with another value: approved
 * reports no longer change). Only while the year is open.
 */
export async function planReportsImport(
  db: Db,
  year: number,
  rows: ReportImportRow[],
  locale: Locale = 'zh-CN',
): Promise<ReportImportPlan> {
  assertStatus(await getScheme(db, year), ['open']);
  const existing = new Map<string, ScoringReport>();
  const subjectIds = [...new Set(rows.map((r) => r.subjectId))];
  for (let i = 0; i < subjectIds.length; i += 500) {
    const found = await db
      .selectFrom('scoring_report')
      .selectAll()
      .where('year', '=', year)
      .where('subject_id', 'in', subjectIds.slice(i, i + 500))
      .execute();
    for (const x of found) existing.set(`${x.subject_id}:${x.indicator_id}`, x);
  }
  const plan: ReportImportPlan = {
    counts: { new: 0, changed: 0, unchanged: 0, removed: 0 },
    errors: [],
    inserts: [],
    updates: [],
  };
  for (const r of rows) {
    const before = existing.get(`${r.subjectId}:${r.indicatorId}`);
    if (!before) {
      plan.counts.new++;
      plan.inserts.push(r);
    } else if (before.status !== 'returned' && sameReport(r, before)) plan.counts.unchanged++;
    else if (before.status === 'approved')
      plan.errors.push({
        sheet: REPORTS_SHEET,
        row: r.row,
        column: `E ${REPORT_COLUMNS[VALUE]}`,
        problem: t('scoring.alreadyApproved', locale),
      });
    else {
      plan.counts.changed++;
      plan.updates.push({ row: r, before });
    }
  }
  return plan;
}

/**
 * Writes a plan without errors in the caller's transaction: new reports inserted, changed
 * ones re-reported (status 'reported', awaiting review, as a reporter's submission would).
 * `reported_by` stays null: the schema's mark of a report loaded by an import (the audit
 * record names who imported it). Returns each written report before and after.
 */
export async function applyReportsImport(
  db: Db,
  year: number,
  plan: ReportImportPlan,
  indicators: Map<number, IndicatorRow>,
): Promise<{ before: ScoringReport | null; after: ScoringReport; orgUnitId: number }[]> {
  const now = nowIso();
  const fresh = {
    status: 'reported' as const,
    return_reason: null,
    score: 0,
    lost: 0,
    veto: 0,
    reported_by: null,
    reported_at: now,
    reviewed_by: null,
    reviewed_at: null,
    evidence_id: null,
  };
  const out: { before: ScoringReport | null; after: ScoringReport; orgUnitId: number }[] = [];
  for (let i = 0; i < plan.inserts.length; i += 500) {
    const chunk = plan.inserts.slice(i, i + 500);
    const written = await db
      .insertInto('scoring_report')
      .values(
        chunk.map((r) => {
          const ind = indicators.get(r.indicatorId)!;
          return {
            ...fresh,
            year,
            subject_id: r.subjectId,
            indicator_id: r.indicatorId,
            kind: ind.rule.kind,
            aspect_index: reportAspectIndex(ind.rule.kind, ind.aspectIndex),
            value: r.value,
            note: r.note,
          };
        }),
      )
      .returningAll()
      .execute();
    const unitOf = new Map(chunk.map((r) => [`${r.subjectId}:${r.indicatorId}`, r.orgUnitId]));
    for (const after of written)
      out.push({ before: null, after, orgUnitId: unitOf.get(`${after.subject_id}:${after.indicator_id}`)! });
  }
  for (const { row, before } of plan.updates) {
    // Evidence stays: a re-import changes the value and note, not the attached file.
    const set = { ...fresh, evidence_id: before.evidence_id, value: row.value, note: row.note };
    await db.updateTable('scoring_report').set(set).where('id', '=', before.id).execute();
    out.push({ before, after: { ...before, ...set }, orgUnitId: row.orgUnitId });
  }
  return out;
}
