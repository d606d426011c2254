/**
 * The registry in Excel: export with Chinese headers, a template, and an import that is read
 * whole and checked first — every problem comes back with its row, column and reason in the
 * caller's language, and nothing is written unless the whole file is clean (all or nothing,
 * inside the caller's transaction). A clean file is planned row by row as new, changed or
 * unchanged, keyed by the unified social credit code, so the same file twice changes nothing
 * the second time. A changed Party organization status is recorded as a status change dated
 * the import day (the history keeps what it was before).
 */
import { type Locale, t } from '@zhanqian/core';
import type { RsEnterpriseKind, RsEnterpriseSize, RsPartyStatus, RsTradingArea } from '@zhanqian/db';
import ExcelJS from 'exceljs';
import './messages.ts';
import { checkCreditCode } from './credit-code.ts';
import { type Area, type Db, streetsIn } from './db.ts';
import {
  changeStatus,
  createEnterprise,
  createJointBranch,
  type EnterpriseFilter,
  enterprisesForExport,
  TRADING_AREAS,
  updateEnterprise,
} from './registry.ts';

export const SHEET = '两新组织名册';
export const COLUMNS = [
  '统一社会信用代码',
  '名称',
  '类型',
  '行业',
  '规模',
  '地址',
  '街道编码',
  '商圈',
  '登记日期',
  '党组织状态',
  '联合党支部',
  '党建指导员',
  '片区工作站编码',
  '党员数',
] as const;
const WIDTHS = [22, 30, 10, 12, 8, 30, 10, 12, 12, 12, 20, 10, 14, 8];
export const MAX_IMPORT_ROWS = 200_000;

const KIND_ZH: Record<RsEnterpriseKind, string> = {
  enterprise: '企业',
  social_org: '社会组织',
  shop: '商铺',
};
const SIZE_ZH: Record<RsEnterpriseSize, string> = {
  micro: '微型',
  small: '小型',
  medium: '中型',
  large: '大型',
};
const STATUS_ZH: Record<RsPartyStatus, string> = { own: '独立党支部', joint: '联合党支部', none: '未建' };
const reverse = <K extends string>(m: Record<K, string>) =>
  new Map(Object.entries(m).map(([k, v]) => [v as string, k as K]));
const KIND_OF = reverse(KIND_ZH);
const SIZE_OF = reverse(SIZE_ZH);
const STATUS_OF = reverse(STATUS_ZH);

export interface ImportError {
  row: number;
  /** 'B 名称': column letter and header; '' when the problem is the file. */
  column: string;
  problem: string;
}

const letter = (i: number) => String.fromCharCode(65 + i);

function cellText(v: ExcelJS.CellValue): string {
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

function sheetDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

function book() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET);
  ws.addRow([...COLUMNS]);
  ws.getRow(1).font = { bold: true };
  WIDTHS.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const guide = wb.addWorksheet('填写说明');
  for (const line of [
    '统一社会信用代码：18 位，按 GB 32100 校验；已登记的代码按原企业更新，新代码新增登记。',
    `类型：${Object.values(KIND_ZH).join('、')}；规模：${Object.values(SIZE_ZH).join('、')}。`,
    `商圈（商铺填写）：${TRADING_AREAS.join('、')}。`,
    `党组织状态：${Object.values(STATUS_ZH).join('、')}；联合党支部时填写联合党支部名称（不存在的将新建）。`,
    '街道编码、片区工作站编码：见组织管理与片区工作站；工作站须在该街道内。',
    '整份文件检查无误才会导入，任何一处错误都不会写入数据。',
  ])
    guide.addRow([line]);
  guide.getColumn(1).width = 100;
  return { wb, ws };
}

/** The empty template (headers and a guide sheet). */
export async function registryTemplate(): Promise<Uint8Array> {
  return new Uint8Array(await book().wb.xlsx.writeBuffer());
}

/** The area's registry (filtered) as xlsx with Chinese headers. */
export async function registryXlsx(db: Db, area: Area, f: EnterpriseFilter): Promise<Uint8Array> {
  const rows = await enterprisesForExport(db, area, f);
  const { wb, ws } = book();
  for (const r of rows)
    ws.addRow([
      r.credit_code,
      r.name,
      KIND_ZH[r.kind],
      r.industry,
      SIZE_ZH[r.size],
      r.address,
      r.street_code,
      r.trading_area ?? '',
      r.registered_on,
      STATUS_ZH[r.party_status],
      r.joint_branch_name ?? '',
      r.instructor_name ?? '',
      r.station_code ?? '',
      r.member_count,
    ]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

interface Row {
  row: number;
  creditCode: string;
  name: string;
  kind: RsEnterpriseKind;
  industry: string;
  size: RsEnterpriseSize;
  address: string;
  streetId: number;
  tradingArea: RsTradingArea | null;
  registeredOn: string;
  partyStatus: RsPartyStatus;
  jointName: string | null;
  instructorName: string | null;
  stationId: number | null;
  memberCount: number;
}

export type ImportPlan =
  | {
      ok: true;
      counts: { new: number; changed: number; unchanged: number };
      rows: (Row & { action: 'new' | 'changed' | 'unchanged'; existingId: number | null })[];
    }
  | { ok: false; errors: ImportError[] };

/**
 * Reads and checks a workbook against the registry (nothing written): the plan, or every problem.
 *
 * @example const plan = await planRegistryImport(db, area, bytes, 'zh-CN'); if (!plan.ok) plan.errors // [{ row: 3, column: 'A 统一社会信用代码', problem: '…' }]
 */
export async function planRegistryImport(
  db: Db,
  area: Area,
  bytes: Uint8Array,
  locale: Locale,
): Promise<ImportPlan> {
  const errors: ImportError[] = [];
  const add = (row: number, col: number, key: string, params: Record<string, string | number> = {}) =>
    errors.push({
      row,
      column: col >= 0 ? `${letter(col)} ${COLUMNS[col]}` : '',
      problem: t(key, locale, params),
    });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch {
    add(0, -1, 'redsail.import.notXlsx');
    return { ok: false, errors };
  }
  const ws = wb.getWorksheet(SHEET) ?? wb.worksheets[0];
  if (!ws) {
    add(0, -1, 'redsail.import.empty');
    return { ok: false, errors };
  }
  COLUMNS.forEach((h, i) => {
    if (cellText(ws.getRow(1).getCell(i + 1).value) !== h) add(1, i, 'redsail.import.header', { header: h });
  });
  if (errors.length) return { ok: false, errors };

  const streets = new Map(
    (
      await db
        .selectFrom('org_unit')
        .select(['id', 'code'])
        .where('kind', '=', 'street')
        .where('id', 'in', streetsIn(db, area))
        .execute()
    ).map((s) => [s.code, s.id]),
  );
  const stations = new Map(
    (await db.selectFrom('rs_station').select(['id', 'code', 'street_id']).execute()).map((s) => [s.code, s]),
  );

  const raw: { row: number; c: string[] }[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const c = COLUMNS.map((_, i) => cellText(r.getCell(i + 1).value));
    if (c.every((x) => x === '')) return;
    raw.push({ row: n, c });
  });
  if (raw.length === 0) add(2, -1, 'redsail.import.empty');
  if (raw.length > MAX_IMPORT_ROWS) add(0, -1, 'redsail.import.tooManyRows', { max: MAX_IMPORT_ROWS });
  if (errors.length) return { ok: false, errors };

  const seen = new Map<string, number>();
  const rows: Row[] = [];
  for (const { row, c } of raw) {
    const before = errors.length;
    const text = (col: number, max: number, required: boolean) => {
      const v = c[col]!;
      if (!v && required) add(row, col, 'redsail.import.required', { column: COLUMNS[col]! });
      if ([...v].length > max) add(row, col, 'redsail.import.tooLong', { column: COLUMNS[col]!, max });
      return v;
    };
    const oneOf = <K>(col: number, m: Map<string, K>): K | null => {
      const v = c[col]!;
      const k = m.get(v);
      if (k === undefined) {
        add(row, col, v ? 'redsail.import.oneOf' : 'redsail.import.required', {
          values: [...m.keys()].join('、'),
          column: COLUMNS[col]!,
        });
        return null;
      }
      return k;
    };
    const cc = checkCreditCode(c[0]!);
    if (!c[0]) add(row, 0, 'redsail.import.required', { column: COLUMNS[0] });
    else if (!cc.ok) add(row, 0, 'redsail.input.creditCode');
    else if (seen.has(cc.code)) add(row, 0, 'redsail.import.duplicateCode', { row: seen.get(cc.code)! });
    else seen.set(cc.code, row);
    const name = text(1, 200, true);
    const kind = oneOf(2, KIND_OF);
    const industry = text(3, 100, false);
    const size = oneOf(4, SIZE_OF);
    const address = text(5, 200, false);
    const streetId = streets.get(c[6]!);
    if (streetId === undefined)
      add(row, 6, c[6] ? 'redsail.import.unknownStreet' : 'redsail.import.required', {
        code: c[6]!,
        column: COLUMNS[6],
      });
    let tradingArea: RsTradingArea | null = null;
    if (c[7]) {
      if ((TRADING_AREAS as readonly string[]).includes(c[7])) tradingArea = c[7] as RsTradingArea;
      else add(row, 7, 'redsail.import.oneOf', { values: TRADING_AREAS.join('、') });
    }
    const registeredOn = sheetDate(c[8]!);
    if (!registeredOn)
      add(row, 8, c[8] ? 'redsail.import.badDate' : 'redsail.import.required', { column: COLUMNS[8] });
    const partyStatus = oneOf(9, STATUS_OF);
    const jointName = text(10, 100, false) || null;
    if (partyStatus !== null && (partyStatus === 'joint') !== (jointName !== null))
      add(row, 10, 'redsail.import.jointName');
    const instructorName = text(11, 50, false) || null;
    let stationId: number | null = null;
    if (c[12]) {
      const st = stations.get(c[12]);
      if (!st || st.street_id !== streetId) add(row, 12, 'redsail.import.unknownStation', { code: c[12] });
      else stationId = st.id;
    }
    const memberCount = c[13] ? Number(c[13]) : 0;
    if (!Number.isInteger(memberCount) || memberCount < 0 || memberCount > 100_000)
      add(row, 13, 'redsail.import.badCount');
    if (errors.length === before && cc.ok)
      rows.push({
        row,
        creditCode: cc.code,
        name,
        kind: kind!,
        industry,
        size: size!,
        address,
        streetId: streetId!,
        tradingArea,
        registeredOn: registeredOn!,
        partyStatus: partyStatus!,
        jointName,
        instructorName,
        stationId,
        memberCount,
      });
  }
  if (errors.length) return { ok: false, errors };

  // existing enterprises by code, in chunks (SQLite's variable limit)
  const existing = new Map<string, Awaited<ReturnType<typeof existingChunk>>[number]>();
  const codes = rows.map((r) => r.creditCode);
  for (let i = 0; i < codes.length; i += 500)
    for (const e of await existingChunk(db, codes.slice(i, i + 500))) existing.set(e.credit_code, e);
  const planned: (Row & { action: 'new' | 'changed' | 'unchanged'; existingId: number | null })[] = [];
  const counts = { new: 0, changed: 0, unchanged: 0 };
  for (const r of rows) {
    const e = existing.get(r.creditCode);
    if (!e) {
      counts.new++;
      planned.push({ ...r, action: 'new', existingId: null });
      continue;
    }
    if (e.street_id !== r.streetId) {
      add(r.row, 6, 'redsail.import.streetChanged', { code: e.street_code });
      continue;
    }
    const same =
      e.name === r.name &&
      e.kind === r.kind &&
      e.industry === r.industry &&
      e.size === r.size &&
      e.address === r.address &&
      e.trading_area === r.tradingArea &&
      e.party_status === r.partyStatus &&
      (e.joint_branch_name ?? null) === r.jointName &&
      e.instructor_name === r.instructorName &&
      e.station_id === r.stationId &&
      e.member_count === r.memberCount;
    counts[same ? 'unchanged' : 'changed']++;
    planned.push({ ...r, action: same ? 'unchanged' : 'changed', existingId: e.id });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, counts, rows: planned };
}

function existingChunk(db: Db, codes: string[]) {
  return db
    .selectFrom('rs_enterprise as e')
    .innerJoin('org_unit as u', 'u.id', 'e.street_id')
    .leftJoin('rs_joint_branch as j', 'j.id', 'e.joint_branch_id')
    .selectAll('e')
    .select(['u.code as street_code', 'j.name as joint_branch_name'])
    .where('e.credit_code', 'in', codes)
    .execute();
}

/**
 * Applies a clean plan inside the caller's transaction: new rows registered, changed ones
 * updated (status changes dated `today`), unchanged ones left alone. Returns the ids touched
 * per action, for the caller's audit.
 */
export async function applyRegistryImport(
  db: Db,
  plan: Extract<ImportPlan, { ok: true }>,
  actorId: number | null,
  today: string,
): Promise<{ created: number[]; changed: number[] }> {
  const joint = new Map(
    (await db.selectFrom('rs_joint_branch').select(['id', 'name']).execute()).map((j) => [j.name, j.id]),
  );
  const jointId = async (name: string | null) => {
    if (name === null) return null;
    let id = joint.get(name);
    if (id === undefined) {
      id = (await createJointBranch(db, name)).id;
      joint.set(name, id);
    }
    return id;
  };
  const created: number[] = [];
  const changed: number[] = [];
  for (const r of plan.rows) {
    if (r.action === 'unchanged') continue;
    const state = {
      partyStatus: r.partyStatus,
      jointBranchId: await jointId(r.jointName),
      instructorName: r.instructorName,
      stationId: r.stationId,
    };
    if (r.action === 'new') {
      created.push((await createEnterprise(db, { ...r, ...state }, actorId)).id);
      continue;
    }
    const id = r.existingId!;
    const before = await db
      .selectFrom('rs_enterprise')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await updateEnterprise(db, id, r);
    if (
      before.party_status !== state.partyStatus ||
      before.joint_branch_id !== state.jointBranchId ||
      before.instructor_name !== state.instructorName ||
      before.station_id !== state.stationId
    )
      await changeStatus(db, id, { ...state, onDate: today, note: '名册导入' }, actorId);
    changed.push(id);
  }
  return { created, changed };
}
