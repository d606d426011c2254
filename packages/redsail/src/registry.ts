/**
 * The registry of enterprises, social organizations and shops (两新组织), their stations and
 * joint branches, and the history of their Party organization status by date.
 */
import { DomainError, nowIso, shanghaiDate } from '@zhanqian/core';
import type {
  RsEnterpriseKind,
  RsEnterpriseSize,
  RsEnterpriseTable,
  RsPartyStatus,
  RsStationTable,
  RsTradingArea,
} from '@zhanqian/db';
import type { Selectable } from 'kysely';
import { hasInstructor } from './coverage.ts';
import { checkCreditCode } from './credit-code.ts';
import { type Area, type Db, isUniqueViolation, streetsIn } from './db.ts';

export type Enterprise = Selectable<RsEnterpriseTable>;
export type Station = Selectable<RsStationTable>;

export const TRADING_AREAS: readonly RsTradingArea[] = ['财富一条街', '盼盼路商铺', '东升商圈'];
export const ENTERPRISE_KINDS: readonly RsEnterpriseKind[] = ['enterprise', 'social_org', 'shop'];
export const ENTERPRISE_SIZES: readonly RsEnterpriseSize[] = ['micro', 'small', 'medium', 'large'];
export const PARTY_STATUSES: readonly RsPartyStatus[] = ['own', 'joint', 'none'];

const REASON_ZH = {
  length: '应为 18 位',
  charset: '含有不允许的字符（不用 I、O、S、V、Z）',
  check: '校验码不符',
};
const REASON_EN = {
  length: 'it must have 18 characters',
  charset: 'it holds a character outside the set (no I, O, S, V, Z)',
  check: 'the check character does not match',
};

/** The normalized code, or BAD_INPUT naming what is wrong. */
export function assertCreditCode(raw: string): string {
  const v = checkCreditCode(raw);
  if (v.ok) return v.code;
  throw new DomainError('BAD_INPUT', 'redsail.badCreditCode', {
    code: raw,
    reasonZh: REASON_ZH[v.reason],
    reason: REASON_EN[v.reason],
  });
}

/** The Party organization status of an enterprise at one date. */
export interface PartyState {
  partyStatus: RsPartyStatus;
  jointBranchId: number | null;
  instructorName: string | null;
  stationId: number | null;
}

export interface EnterpriseInput extends PartyState {
  name: string;
  creditCode: string;
  kind: RsEnterpriseKind;
  industry: string;
  size: RsEnterpriseSize;
  address: string;
  streetId: number;
  tradingArea: RsTradingArea | null;
  registeredOn: string;
  memberCount: number;
}

// ---------------------------------------------------------------- stations and joint branches

export async function listStations(db: Db, area: Area): Promise<Station[]> {
  return db
    .selectFrom('rs_station')
    .selectAll()
    .where('street_id', 'in', streetsIn(db, area))
    .orderBy('code')
    .execute();
}

export async function getStation(db: Db, id: number): Promise<Station> {
  const s = await db.selectFrom('rs_station').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw new DomainError('NOT_FOUND', 'redsail.stationNotFound', { id });
  return s;
}

async function assertStreet(db: Db, id: number): Promise<void> {
  const u = await db.selectFrom('org_unit').select('kind').where('id', '=', id).executeTakeFirst();
  if (!u) throw new DomainError('NOT_FOUND', 'org.unitNotFound', { id });
  if (u.kind !== 'street') throw new DomainError('BAD_INPUT', 'redsail.notAStreet', { id });
}

export async function createStation(
  db: Db,
  input: { code: string; name: string; streetId: number; address: string },
): Promise<Station> {
  await assertStreet(db, input.streetId);
  return db
    .insertInto('rs_station')
    .values({
      code: input.code,
      name: input.name,
      street_id: input.streetId,
      address: input.address,
      created_at: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createJointBranch(db: Db, name: string) {
  return db
    .insertInto('rs_joint_branch')
    .values({ name, created_at: nowIso() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listJointBranches(db: Db) {
  return db.selectFrom('rs_joint_branch').selectAll().orderBy('id').execute();
}

// ---------------------------------------------------------------- enterprises

export async function getEnterprise(db: Db, id: number): Promise<Enterprise> {
  const e = await db.selectFrom('rs_enterprise').selectAll().where('id', '=', id).executeTakeFirst();
  if (!e) throw new DomainError('NOT_FOUND', 'redsail.enterpriseNotFound', { id });
  return e;
}

/** Checks a status against the registry: a joint status names an existing joint branch, a station lies in the street. */
async function checkPartyState(db: Db, streetId: number, s: PartyState): Promise<void> {
  if ((s.partyStatus === 'joint') !== (s.jointBranchId !== null))
    throw new DomainError('BAD_INPUT', 'redsail.jointNeedsBranch');
  if (s.jointBranchId !== null) {
    const j = await db
      .selectFrom('rs_joint_branch')
      .select('id')
      .where('id', '=', s.jointBranchId)
      .executeTakeFirst();
    if (!j) throw new DomainError('NOT_FOUND', 'redsail.jointBranchNotFound', { id: s.jointBranchId });
  }
  if (s.stationId !== null) {
    const st = await getStation(db, s.stationId);
    if (st.street_id !== streetId)
      throw new DomainError('BAD_INPUT', 'redsail.stationOutsideStreet', { station: st.name });
  }
}

const cleanInstructor = (name: string | null): string | null => (hasInstructor(name) ? name!.trim() : null);

/**
 * Registers an enterprise with its first status row (dated its registration date).
 *
 * @example await createEnterprise(trx, { name: '营口某商贸有限公司', creditCode: '91350100M000100Y43', … }, userId)
 */
export async function createEnterprise(
  db: Db,
  input: EnterpriseInput,
  actorId: number | null,
): Promise<Enterprise> {
  const code = assertCreditCode(input.creditCode);
  await assertStreet(db, input.streetId);
  await checkPartyState(db, input.streetId, input);
  const now = nowIso();
  let e: Enterprise;
  try {
    e = await db
      .insertInto('rs_enterprise')
      .values({
        name: input.name,
        credit_code: code,
        kind: input.kind,
        industry: input.industry,
        size: input.size,
        address: input.address,
        street_id: input.streetId,
        trading_area: input.tradingArea,
        registered_on: input.registeredOn,
        party_status: input.partyStatus,
        joint_branch_id: input.jointBranchId,
        instructor_name: cleanInstructor(input.instructorName),
        station_id: input.stationId,
        member_count: input.memberCount,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('CONFLICT', 'redsail.creditCodeTaken', { code });
    throw err;
  }
  await db
    .insertInto('rs_enterprise_status')
    .values({
      enterprise_id: e.id,
      on_date: input.registeredOn,
      party_status: e.party_status,
      joint_branch_id: e.joint_branch_id,
      instructor_name: e.instructor_name,
      station_id: e.station_id,
      note: '登记',
      created_by: actorId,
      created_at: now,
    })
    .execute();
  return e;
}

/** The descriptive fields of an enterprise (not its status: that changes by date through changeStatus). */
export async function updateEnterprise(
  db: Db,
  id: number,
  input: Pick<
    EnterpriseInput,
    'name' | 'industry' | 'size' | 'address' | 'tradingArea' | 'memberCount' | 'kind'
  >,
): Promise<Enterprise> {
  await getEnterprise(db, id);
  return db
    .updateTable('rs_enterprise')
    .set({
      name: input.name,
      industry: input.industry,
      size: input.size,
      address: input.address,
      trading_area: input.tradingArea,
      member_count: input.memberCount,
      kind: input.kind,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Records a change of Party organization status from a date on. A date earlier than the last
 * change is refused (history is appended in order); the same date replaces that day's row.
 * The enterprise's current columns follow the newest row.
 */
export async function changeStatus(
  db: Db,
  id: number,
  change: PartyState & { onDate: string; note: string },
  actorId: number | null,
): Promise<{ before: Enterprise; after: Enterprise }> {
  const before = await getEnterprise(db, id);
  await checkPartyState(db, before.street_id, change);
  const last = await db
    .selectFrom('rs_enterprise_status')
    .select('on_date')
    .where('enterprise_id', '=', id)
    .orderBy('on_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last && change.onDate < last.on_date)
    throw new DomainError('BAD_INPUT', 'redsail.statusDateBeforeLast', {
      date: change.onDate,
      last: last.on_date,
    });
  const row = {
    party_status: change.partyStatus,
    joint_branch_id: change.jointBranchId,
    instructor_name: cleanInstructor(change.instructorName),
    station_id: change.stationId,
    note: change.note,
    created_by: actorId,
    created_at: nowIso(),
  };
  if (last && last.on_date === change.onDate)
    await db
      .updateTable('rs_enterprise_status')
      .set(row)
      .where('enterprise_id', '=', id)
      .where('on_date', '=', change.onDate)
      .execute();
  else
    await db
      .insertInto('rs_enterprise_status')
      .values({ enterprise_id: id, on_date: change.onDate, ...row })
      .execute();
  const after = await db
    .updateTable('rs_enterprise')
    .set({
      party_status: row.party_status,
      joint_branch_id: row.joint_branch_id,
      instructor_name: row.instructor_name,
      station_id: row.station_id,
      updated_at: row.created_at,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before, after };
}

export async function statusHistory(db: Db, id: number) {
  return db
    .selectFrom('rs_enterprise_status as s')
    .leftJoin('rs_joint_branch as j', 'j.id', 's.joint_branch_id')
    .leftJoin('rs_station as st', 'st.id', 's.station_id')
    .select([
      's.on_date',
      's.party_status',
      's.joint_branch_id',
      'j.name as joint_branch_name',
      's.instructor_name',
      's.station_id',
      'st.name as station_name',
      's.note',
    ])
    .where('s.enterprise_id', '=', id)
    .orderBy('s.on_date')
    .execute();
}

/** The other enterprises sharing an enterprise's joint branch ("joint with which others"). */
export async function jointPartners(db: Db, enterprise: Enterprise) {
  if (enterprise.joint_branch_id === null) return [];
  return db
    .selectFrom('rs_enterprise')
    .select(['id', 'name'])
    .where('joint_branch_id', '=', enterprise.joint_branch_id)
    .where('id', '<>', enterprise.id)
    .orderBy('id')
    .execute();
}

export interface EnterpriseFilter {
  streetId?: number;
  stationId?: number;
  tradingArea?: RsTradingArea;
  kind?: RsEnterpriseKind;
  partyStatus?: RsPartyStatus;
  /** Name or credit code contains. */
  q?: string;
}

function filtered(db: Db, area: Area, f: EnterpriseFilter) {
  let q = db.selectFrom('rs_enterprise as e').where('e.street_id', 'in', streetsIn(db, area));
  if (f.streetId !== undefined) q = q.where('e.street_id', '=', f.streetId);
  if (f.stationId !== undefined) q = q.where('e.station_id', '=', f.stationId);
  if (f.tradingArea !== undefined) q = q.where('e.trading_area', '=', f.tradingArea);
  if (f.kind !== undefined) q = q.where('e.kind', '=', f.kind);
  if (f.partyStatus !== undefined) q = q.where('e.party_status', '=', f.partyStatus);
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('e.name', 'like', like), eb('e.credit_code', 'like', like)]));
  }
  return q;
}

/** A page of the registry in an area, with the street's and station's names. */
export async function listEnterprises(
  db: Db,
  area: Area,
  f: EnterpriseFilter,
  page: { page: number; pageSize: number },
) {
  const total = Number(
    (
      await filtered(db, area, f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const rows = await filtered(db, area, f)
    .innerJoin('org_unit as u', 'u.id', 'e.street_id')
    .leftJoin('rs_station as s', 's.id', 'e.station_id')
    .leftJoin('rs_joint_branch as j', 'j.id', 'e.joint_branch_id')
    .selectAll('e')
    .select(['u.name as street_name', 's.name as station_name', 'j.name as joint_branch_name'])
    .orderBy('e.id')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { total, rows };
}

/** Every enterprise of an area matching the filter (for the xlsx export). */
export async function enterprisesForExport(db: Db, area: Area, f: EnterpriseFilter) {
  return filtered(db, area, f)
    .innerJoin('org_unit as u', 'u.id', 'e.street_id')
    .leftJoin('rs_station as s', 's.id', 'e.station_id')
    .leftJoin('rs_joint_branch as j', 'j.id', 'e.joint_branch_id')
    .selectAll('e')
    .select([
      'u.name as street_name',
      'u.code as street_code',
      's.code as station_code',
      's.name as station_name',
      'j.name as joint_branch_name',
    ])
    .orderBy('e.id')
    .execute();
}

/** Today in Asia/Shanghai (a default for dates at the edge). */
export const today = (): string => shanghaiDate();
