import { DomainError, nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { isInSubtree, subtreeIds, withUnitDisplayNames } from '@zhanqian/org';
import type { AppraisalSnapshot } from './appraisal.ts';
import { openIdCard, sealIdCard } from './crypto.ts';
import {
  assertWeights,
  DEFAULT_WEIGHTS,
  DIMENSIONS,
  type DimensionScores,
  type DimensionWeights,
  fullYears,
  type Rank,
  summarizeEvaluations,
} from './rules.ts';

type Db = Kysely<Database>;

/** Throws FORBIDDEN unless `unitId` lies in the subtree of `scopeRootId`. */
export async function assertUnitInScope(db: Db, scopeRootId: number, unitId: number): Promise<void> {
  if (!(await isInSubtree(db, scopeRootId, unitId))) throw new DomainError('FORBIDDEN', 'auth.outOfScope');
}

export interface NewCadre {
  memberId?: number | null;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  idCard?: string | null;
  orgUnitId: number;
  postTitle: string;
  postIsKey?: boolean;
  postSince: string;
  rank: Rank;
  rankSince: string;
  education: string;
  partyJoinedAt?: string | null;
}

/** What a screen sees of a cadre: never the ciphertext, the ID number only masked. */
export interface CadreView {
  id: number;
  memberId: number | null;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  age: number;
  idCardMasked: string | null;
  orgUnitId: number;
  unitName: string;
  postTitle: string;
  postIsKey: boolean;
  postSince: string;
  yearsInPost: number;
  rank: Rank;
  rankSince: string;
  education: string;
  partyJoinedAt: string | null;
  status: 'active' | 'retired';
  /** From the thousand-point results that apply today. */
  keyAdjustment: boolean;
  promotionPriority: boolean;
}

const cadreColumns = [
  'c.id',
  'c.member_id',
  'c.name',
  'c.gender',
  'c.birth_date',
  'c.id_card_masked',
  'c.org_unit_id',
  'u.name as unit_name',
  'c.post_title',
  'c.post_is_key',
  'c.post_since',
  'c.rank',
  'c.rank_since',
  'c.education',
  'c.party_joined_at',
  'c.status',
] as const;

type CadreRow = {
  id: number;
  member_id: number | null;
  name: string;
  gender: 'M' | 'F';
  birth_date: string;
  id_card_masked: string | null;
  org_unit_id: number;
  unit_name: string;
  post_title: string;
  post_is_key: number;
  post_since: string;
  rank: Rank;
  rank_since: string;
  education: string;
  party_joined_at: string | null;
  status: 'active' | 'retired';
};

function toView(r: CadreRow, asOf: string, flags: AppraisalSnapshot): CadreView {
  return {
    id: r.id,
    memberId: r.member_id,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    age: fullYears(r.birth_date, asOf),
    idCardMasked: r.id_card_masked,
    orgUnitId: r.org_unit_id,
    unitName: r.unit_name,
    postTitle: r.post_title,
    postIsKey: r.post_is_key === 1,
    postSince: r.post_since,
    yearsInPost: fullYears(r.post_since, asOf),
    rank: r.rank,
    rankSince: r.rank_since,
    education: r.education,
    partyJoinedAt: r.party_joined_at,
    status: r.status,
    keyAdjustment: flags.keyAdjustment.has(r.org_unit_id),
    promotionPriority: flags.promotionPriority.has(r.org_unit_id),
  };
}

/**
 * Creates a cadre file and its first post-history entry; the ID number is validated,
 * stored SM4-encrypted and masked.
 * @example await createCadre(db, { name: '张伟', gender: 'M', birthDate: '1988-04-02', … })
 */
export async function createCadre(db: Db, input: NewCadre): Promise<{ id: number }> {
  const sealed = input.idCard ? sealIdCard(input.idCard) : null;
  const now = nowIso();
  const row = await db
    .insertInto('cadre')
    .values({
      member_id: input.memberId ?? null,
      name: input.name,
      gender: input.gender,
      birth_date: input.birthDate,
      id_card_enc: sealed?.enc ?? null,
      id_card_masked: sealed?.masked ?? null,
      org_unit_id: input.orgUnitId,
      post_title: input.postTitle,
      post_is_key: input.postIsKey ? 1 : 0,
      post_since: input.postSince,
      rank: input.rank,
      rank_since: input.rankSince,
      education: input.education,
      party_joined_at: input.partyJoinedAt ?? null,
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('cadre_post')
    .values({
      cadre_id: row.id,
      org_unit_id: input.orgUnitId,
      title: input.postTitle,
      rank: input.rank,
      is_key: input.postIsKey ? 1 : 0,
      start_date: input.postSince,
      end_date: null,
      source: 'initial',
      source_id: null,
    })
    .execute();
  return row;
}

/** One cadre as a view; NOT_FOUND when absent, FORBIDDEN outside the scope. */
export async function getCadre(
  db: Db,
  id: number,
  scopeRootId: number,
  asOf: string,
  flags: AppraisalSnapshot,
): Promise<CadreView> {
  const row = await db
    .selectFrom('cadre as c')
    .innerJoin('org_unit as u', 'u.id', 'c.org_unit_id')
    .select(cadreColumns)
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'cadres.cadreNotFound', { id });
  await assertUnitInScope(db, scopeRootId, row.org_unit_id);
  return toView(row as CadreRow, asOf, flags);
}

export interface CadreListQuery {
  scopeRootId: number;
  orgUnitId?: number;
  rank?: Rank;
  q?: string;
  page: number;
  pageSize: number;
}

/** Cadres of the scope (a unit's subtree when given), by name, with the total for paging. */
export async function listCadres(db: Db, query: CadreListQuery, asOf: string, flags: AppraisalSnapshot) {
  let base = db
    .selectFrom('cadre as c')
    .innerJoin('org_unit as u', 'u.id', 'c.org_unit_id')
    .where('c.org_unit_id', 'in', subtreeIds(db, query.scopeRootId));
  if (query.orgUnitId !== undefined)
    base = base.where('c.org_unit_id', 'in', subtreeIds(db, query.orgUnitId));
  if (query.rank) base = base.where('c.rank', '=', query.rank);
  if (query.q) base = base.where('c.name', 'like', `%${query.q.replace(/[%_]/g, '')}%`);
  const total = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(cadreColumns)
    .orderBy('c.name')
    .orderBy('c.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute()
    // units of several streets may share a name: shown with their street where it is needed
    .then((r) =>
      withUnitDisplayNames(db, r, 'org_unit_id', 'unit_name', query.orgUnitId ?? query.scopeRootId),
    );
  return { total: Number(total.n), rows: rows.map((r) => toView(r as CadreRow, asOf, flags)) };
}

export interface CadrePatch {
  name?: string;
  education?: string;
  partyJoinedAt?: string | null;
  status?: 'active' | 'retired';
  idCard?: string | null;
  memberId?: number | null;
}

/**
 * Edits a file's personal fields (the post and rank change only through appointment,
 * rotation or exchange, so that the history stays whole). Returns the raw rows before and
 * after without the ciphertext, for the audit record.
 */
export async function updateCadre(db: Db, id: number, scopeRootId: number, patch: CadrePatch) {
  const before = await db.selectFrom('cadre').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new DomainError('NOT_FOUND', 'cadres.cadreNotFound', { id });
  await assertUnitInScope(db, scopeRootId, before.org_unit_id);
  const set: Record<string, unknown> = { updated_at: nowIso() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.education !== undefined) set.education = patch.education;
  if (patch.partyJoinedAt !== undefined) set.party_joined_at = patch.partyJoinedAt;
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.memberId !== undefined) set.member_id = patch.memberId;
  if (patch.idCard !== undefined) {
    const sealed = patch.idCard ? sealIdCard(patch.idCard) : null;
    set.id_card_enc = sealed?.enc ?? null;
    set.id_card_masked = sealed?.masked ?? null;
  }
  await db.updateTable('cadre').set(set).where('id', '=', id).execute();
  const after = await db.selectFrom('cadre').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const strip = ({ id_card_enc: _e, ...rest }: typeof before) => rest;
  return { before: strip(before), after: strip(after) };
}

/** The clear ID number, for a permitted role (the caller audits the reveal). */
export async function revealIdCard(db: Db, id: number, scopeRootId: number): Promise<string> {
  const row = await db
    .selectFrom('cadre')
    .select(['org_unit_id', 'id_card_enc'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'cadres.cadreNotFound', { id });
  await assertUnitInScope(db, scopeRootId, row.org_unit_id);
  if (!row.id_card_enc) throw new DomainError('NOT_FOUND', 'cadres.noIdCard');
  return openIdCard(row.id_card_enc);
}

/** Post history, newest first. */
export async function postHistory(db: Db, cadreId: number) {
  const rows = await db
    .selectFrom('cadre_post as p')
    .innerJoin('org_unit as u', 'u.id', 'p.org_unit_id')
    .select([
      'p.id',
      'p.org_unit_id',
      'u.name as unit_name',
      'p.title',
      'p.rank',
      'p.is_key',
      'p.start_date',
      'p.end_date',
      'p.source',
      'p.source_id',
    ])
    .where('p.cadre_id', '=', cadreId)
    .orderBy('p.start_date', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, is_key: r.is_key === 1 }));
}

/**
 * Moves a cadre to a new post in the history: closes the open entry on `on` and opens the
 * new one; the file's current post (and rank, when it changes) follows.
 */
export async function changePost(
  db: Db,
  cadreId: number,
  to: { orgUnitId: number; title: string; rank: Rank; isKey: boolean },
  on: string,
  source: 'appointment' | 'rotation' | 'exchange',
  sourceId: number,
): Promise<void> {
  const cur = await db.selectFrom('cadre').selectAll().where('id', '=', cadreId).executeTakeFirstOrThrow();
  await db
    .updateTable('cadre_post')
    .set({ end_date: on })
    .where('cadre_id', '=', cadreId)
    .where('end_date', 'is', null)
    .execute();
  await db
    .insertInto('cadre_post')
    .values({
      cadre_id: cadreId,
      org_unit_id: to.orgUnitId,
      title: to.title,
      rank: to.rank,
      is_key: to.isKey ? 1 : 0,
      start_date: on,
      end_date: null,
      source,
      source_id: sourceId,
    })
    .execute();
  await db
    .updateTable('cadre')
    .set({
      org_unit_id: to.orgUnitId,
      post_title: to.title,
      post_is_key: to.isKey ? 1 : 0,
      post_since: on,
      rank: to.rank,
      rank_since: to.rank === cur.rank ? cur.rank_since : on,
      updated_at: nowIso(),
    })
    .where('id', '=', cadreId)
    .execute();
}

// ---------------------------------------------------------------- five-quality evaluations

/** The year's weights, or the equal default (20% each). */
export async function getEvalWeights(db: Db, year: number): Promise<DimensionWeights> {
  const row = await db
    .selectFrom('cadre_eval_weight')
    .selectAll()
    .where('year', '=', year)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_WEIGHTS };
  return {
    morality: row.morality,
    ability: row.ability,
    passion: row.passion,
    performance: row.performance,
    image: row.image,
  };
}

/** Sets the year's weights (hundredths of a percent, summing to 10000); returns before/after. */
export async function setEvalWeights(db: Db, year: number, w: DimensionWeights) {
  assertWeights(w);
  const before = await getEvalWeights(db, year);
  await db.deleteFrom('cadre_eval_weight').where('year', '=', year).execute();
  await db
    .insertInto('cadre_eval_weight')
    .values({ year, ...w, updated_at: nowIso() })
    .execute();
  return { before, after: { ...w } };
}

const assertScore = (s: number) => {
  if (!Number.isInteger(s) || s < 0 || s > 10000) throw new DomainError('BAD_INPUT', 'cadres.badScore');
};

/** Records one rater's scores for a cadre and year; a second score by the same rater is a CONFLICT. */
export async function recordEvaluation(
  db: Db,
  input: { cadreId: number; year: number; rater: string; scores: DimensionScores; createdBy: number | null },
) {
  for (const d of DIMENSIONS) assertScore(input.scores[d]);
  const dup = await db
    .selectFrom('cadre_evaluation')
    .select('id')
    .where('cadre_id', '=', input.cadreId)
    .where('year', '=', input.year)
    .where('rater', '=', input.rater)
    .executeTakeFirst();
  if (dup) throw new DomainError('CONFLICT', 'cadres.duplicateEvaluation');
  return db
    .insertInto('cadre_evaluation')
    .values({
      cadre_id: input.cadreId,
      year: input.year,
      rater: input.rater,
      ...input.scores,
      created_by: input.createdBy,
      created_at: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A cadre's evaluations per year with the weighted summary (newest year first). */
export async function evaluationsOf(db: Db, cadreId: number) {
  const rows = await db
    .selectFrom('cadre_evaluation')
    .selectAll()
    .where('cadre_id', '=', cadreId)
    .orderBy('year', 'desc')
    .orderBy('id')
    .execute();
  const years = [...new Set(rows.map((r) => r.year))];
  const out = [];
  for (const year of years) {
    const w = await getEvalWeights(db, year);
    const ys = rows.filter((r) => r.year === year);
    out.push({ year, weights: w, raters: ys, summary: summarizeEvaluations(ys, w)! });
  }
  return out;
}

/**
 * The year's five-quality results for every cadre in scope, best first: the chart-ready
 * table of the evaluation screen.
 */
export async function evaluationTable(db: Db, scopeRootId: number, year: number) {
  const rows = await db
    .selectFrom('cadre_evaluation as e')
    .innerJoin('cadre as c', 'c.id', 'e.cadre_id')
    .innerJoin('org_unit as u', 'u.id', 'c.org_unit_id')
    .select([
      'e.cadre_id',
      'c.name',
      'u.name as unit_name',
      'e.morality',
      'e.ability',
      'e.passion',
      'e.performance',
      'e.image',
    ])
    .where('e.year', '=', year)
    .where('c.org_unit_id', 'in', subtreeIds(db, scopeRootId))
    .orderBy('e.cadre_id')
    .execute();
  const w = await getEvalWeights(db, year);
  const by = new Map<number, typeof rows>();
  for (const r of rows) by.set(r.cadre_id, [...(by.get(r.cadre_id) ?? []), r]);
  const items = [...by.entries()].map(([cadreId, rs]) => ({
    cadreId,
    name: rs[0]!.name,
    unitName: rs[0]!.unit_name,
    ...summarizeEvaluations(rs, w)!,
  }));
  items.sort((a, b) => b.total - a.total || a.cadreId - b.cadreId);
  return { year, weights: w, total: items.length, rows: items };
}
