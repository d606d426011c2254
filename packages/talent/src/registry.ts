/**
 * The talent registry: tiers with their subsidy amounts, the yearly catalogue of urgently
 * needed and scarce fields (急需紧缺人才目录), and the people.
 */
import { DomainError, nowIso } from '@zhanqian/core';
import type {
  Database,
  Kysely,
  TalentCatalogueTable,
  TalentGender,
  TalentIntroducedVia,
  TalentPersonTable,
  TalentTierTable,
} from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import type { Selectable } from 'kysely';
import { isUniqueViolation } from './ledger.ts';

type Db = Kysely<Database>;
export type Tier = Selectable<TalentTierTable>;
export type CatalogueEntry = Selectable<TalentCatalogueTable>;
export type Talent = Selectable<TalentPersonTable>;

// ---------------------------------------------------------------- tiers

export async function listTiers(db: Db): Promise<Tier[]> {
  return db.selectFrom('talent_tier').selectAll().orderBy('rank').orderBy('id').execute();
}

export async function getTier(db: Db, id: number): Promise<Tier> {
  const tier = await db.selectFrom('talent_tier').selectAll().where('id', '=', id).executeTakeFirst();
  if (!tier) throw new DomainError('NOT_FOUND', 'talent.tierNotFound', { id });
  return tier;
}

export interface TierInput {
  code: string;
  name: string;
  rank: number;
  settlingFen: number;
  housingFen: number;
}

/** @example await createTier(db, { code: 'A', name: 'A类（顶尖人才）', rank: 1, settlingFen: 30_000_000, housingFen: 50_000_000 }) */
export async function createTier(db: Db, input: TierInput): Promise<Tier> {
  try {
    return await db
      .insertInto('talent_tier')
      .values({
        code: input.code,
        name: input.name,
        rank: input.rank,
        settling_fen: input.settlingFen,
        housing_fen: input.housingFen,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError('CONFLICT', 'talent.tierCodeTaken', { code: input.code });
    throw e;
  }
}

/** Changes a tier's name or amounts; applications already filed keep the amount they were filed with. */
export async function updateTier(
  db: Db,
  id: number,
  input: Partial<Omit<TierInput, 'code'>>,
): Promise<{ before: Tier; after: Tier }> {
  const before = await getTier(db, id);
  const after = await db
    .updateTable('talent_tier')
    .set({
      name: input.name ?? before.name,
      rank: input.rank ?? before.rank,
      settling_fen: input.settlingFen ?? before.settling_fen,
      housing_fen: input.housingFen ?? before.housing_fen,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before, after };
}

// ---------------------------------------------------------------- catalogue

export async function listCatalogue(db: Db, year: number): Promise<CatalogueEntry[]> {
  return db
    .selectFrom('talent_catalogue')
    .selectAll()
    .where('year', '=', year)
    .orderBy('field_code')
    .execute();
}

/** The years that have a catalogue, newest first, with their field counts. */
export async function catalogueYears(db: Db): Promise<{ year: number; fields: number }[]> {
  const rows = await db
    .selectFrom('talent_catalogue')
    .select(['year', sql<number>`count(*)`.as('fields')])
    .groupBy('year')
    .orderBy('year', 'desc')
    .execute();
  return rows.map((r) => ({ year: r.year, fields: Number(r.fields) }));
}

export async function addCatalogueField(
  db: Db,
  input: { year: number; fieldCode: string; fieldName: string },
): Promise<CatalogueEntry> {
  try {
    return await db
      .insertInto('talent_catalogue')
      .values({
        year: input.year,
        field_code: input.fieldCode,
        field_name: input.fieldName,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    if (isUniqueViolation(e))
      throw new DomainError('CONFLICT', 'talent.catalogueDuplicate', {
        year: input.year,
        code: input.fieldCode,
      });
    throw e;
  }
}

/** Renames a field of a year's catalogue (its code is its key: a new code is a new entry). */
export async function updateCatalogueField(
  db: Db,
  id: number,
  input: { fieldName: string },
): Promise<{ before: CatalogueEntry; after: CatalogueEntry }> {
  const before = await db.selectFrom('talent_catalogue').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new DomainError('NOT_FOUND', 'talent.catalogueEntryNotFound', { id });
  const after = await db
    .updateTable('talent_catalogue')
    .set({ field_name: input.fieldName })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before, after };
}

/** Removes a field from a year's catalogue (applications keep the eligibility they were judged with). */
export async function removeCatalogueField(db: Db, id: number): Promise<CatalogueEntry> {
  const row = await db.selectFrom('talent_catalogue').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'talent.catalogueEntryNotFound', { id });
  await db.deleteFrom('talent_catalogue').where('id', '=', id).execute();
  return row;
}

/** Copies a year's catalogue into another year (fields already there are kept). Returns how many were added. */
export async function copyCatalogue(db: Db, fromYear: number, toYear: number): Promise<number> {
  const from = await listCatalogue(db, fromYear);
  const existing = new Set((await listCatalogue(db, toYear)).map((r) => r.field_code));
  const add = from.filter((r) => !existing.has(r.field_code));
  if (add.length)
    await db
      .insertInto('talent_catalogue')
      .values(
        add.map((r) => ({
          year: toYear,
          field_code: r.field_code,
          field_name: r.field_name,
          created_at: nowIso(),
        })),
      )
      .execute();
  return add.length;
}

// ---------------------------------------------------------------- people

export interface TalentInput {
  name: string;
  gender: TalentGender;
  birthDate: string | null;
  fieldCode: string;
  fieldName: string;
  employer: string;
  introducedOn: string;
  introducedVia: TalentIntroducedVia;
  tierId: number;
  orgUnitId: number;
  memberId?: number | null;
  userId?: number | null;
}

export async function getTalent(db: Db, id: number): Promise<Talent> {
  const p = await db.selectFrom('talent_person').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw new DomainError('NOT_FOUND', 'talent.personNotFound', { id });
  return p;
}

/** Refuses a link to a member or account that does not exist. */
async function checkLinks(
  db: Db,
  input: { memberId?: number | null; userId?: number | null },
): Promise<void> {
  if (input.memberId != null) {
    const m = await db.selectFrom('member').select('id').where('id', '=', input.memberId).executeTakeFirst();
    if (!m) throw new DomainError('NOT_FOUND', 'org.memberNotFound', { id: input.memberId });
  }
  if (input.userId != null) {
    const u = await db.selectFrom('app_user').select('id').where('id', '=', input.userId).executeTakeFirst();
    if (!u) throw new DomainError('NOT_FOUND', 'talent.userNotFound', { id: input.userId });
  }
}

export async function createTalent(db: Db, input: TalentInput): Promise<Talent> {
  await getTier(db, input.tierId);
  await checkLinks(db, input);
  const now = nowIso();
  try {
    return await db
      .insertInto('talent_person')
      .values({
        name: input.name,
        gender: input.gender,
        birth_date: input.birthDate,
        field_code: input.fieldCode,
        field_name: input.fieldName,
        employer: input.employer,
        introduced_on: input.introducedOn,
        introduced_via: input.introducedVia,
        tier_id: input.tierId,
        org_unit_id: input.orgUnitId,
        member_id: input.memberId ?? null,
        user_id: input.userId ?? null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError('CONFLICT', 'talent.accountLinked');
    throw e;
  }
}

export async function updateTalent(
  db: Db,
  id: number,
  input: Partial<Omit<TalentInput, 'orgUnitId'>>,
): Promise<{ before: Talent; after: Talent }> {
  const before = await getTalent(db, id);
  if (input.tierId !== undefined) await getTier(db, input.tierId);
  await checkLinks(db, input);
  try {
    const after = await db
      .updateTable('talent_person')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.gender !== undefined && { gender: input.gender }),
        ...(input.birthDate !== undefined && { birth_date: input.birthDate }),
        ...(input.fieldCode !== undefined && { field_code: input.fieldCode }),
        ...(input.fieldName !== undefined && { field_name: input.fieldName }),
        ...(input.employer !== undefined && { employer: input.employer }),
        ...(input.introducedOn !== undefined && { introduced_on: input.introducedOn }),
        ...(input.introducedVia !== undefined && { introduced_via: input.introducedVia }),
        ...(input.tierId !== undefined && { tier_id: input.tierId }),
        ...(input.memberId !== undefined && { member_id: input.memberId }),
        ...(input.userId !== undefined && { user_id: input.userId }),
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { before, after };
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError('CONFLICT', 'talent.accountLinked');
    throw e;
  }
}

/** The talent record of a platform account (by user id, or by the account's member), if any. */
export async function talentOfAccount(
  db: Db,
  who: { userId: number; memberId: number | null },
): Promise<Talent | undefined> {
  return db
    .selectFrom('talent_person')
    .selectAll()
    .where((eb) =>
      who.memberId === null
        ? eb('user_id', '=', who.userId)
        : eb.or([eb('user_id', '=', who.userId), eb('member_id', '=', who.memberId)]),
    )
    .orderBy('id')
    .executeTakeFirst();
}

export interface TalentQuery {
  scopeRootId: number;
  q?: string | undefined;
  introducedVia?: TalentIntroducedVia | undefined;
  tierId?: number | undefined;
  fieldCode?: string | undefined;
  page: number;
  pageSize: number;
}

export interface TalentRow extends Talent {
  tierName: string;
}

/** The registry within a subtree, paged, with the total and counts by how introduced (for the header cards). */
export async function listTalents(
  db: Db,
  q: TalentQuery,
): Promise<{ total: number; byVia: Record<TalentIntroducedVia, number>; rows: TalentRow[] }> {
  let base = db
    .selectFrom('talent_person as p')
    .innerJoin('org_closure as c', (j) =>
      j.onRef('c.descendant_id', '=', 'p.org_unit_id').on('c.ancestor_id', '=', q.scopeRootId),
    )
    .innerJoin('talent_tier as t', 't.id', 'p.tier_id');
  if (q.q) base = base.where('p.name', 'like', `%${q.q.replace(/[%_]/g, '')}%`);
  if (q.tierId !== undefined) base = base.where('p.tier_id', '=', q.tierId);
  if (q.fieldCode) base = base.where('p.field_code', '=', q.fieldCode);
  const byViaRows = await base
    .select(['p.introduced_via', sql<number>`count(*)`.as('n')])
    .groupBy('p.introduced_via')
    .execute();
  const byVia: Record<TalentIntroducedVia, number> = { public_selection: 0, introduction: 0, local: 0 };
  for (const r of byViaRows) byVia[r.introduced_via] = Number(r.n);
  if (q.introducedVia) base = base.where('p.introduced_via', '=', q.introducedVia);
  const total = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('p')
    .select('t.name as tierName')
    .orderBy('p.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: Number(total.n), byVia, rows };
}
