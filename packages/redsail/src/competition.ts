/**
 * The annual Party-building innovation project competition (党建创新项目评比): a call, entries
 * with documents, blind panel scoring (no judge reads another's score of an entry before
 * submitting their own, and a submitted score is final), ranking by the judges' mean with
 * ties sharing a rank (1, 2, 2, 4), awards by rank, and past winners kept as cases.
 */
import { DomainError, nowIso } from '@zhanqian/core';
import type { RsCompetitionStatus } from '@zhanqian/db';
import { type Area, assertAccounts, type Db, isUniqueViolation, parseStrings, streetsIn } from './db.ts';

const STATUS_ZH: Record<RsCompetitionStatus, string> = {
  open: '征集中',
  scoring: '评审中',
  closed: '已结束',
};

export interface AwardTier {
  award: string;
  /** The tier goes to ranks up to this one (after the tiers above it). */
  throughRank: number;
}

export interface EntryScores {
  entryId: number;
  /** Each judge's points in hundredths. */
  scores: readonly number[];
}

export interface RankedEntry {
  entryId: number;
  total: number;
  judges: number;
  /** The mean in hundredths, rounded half up (shown; ranking compares exactly). */
  mean: number;
  rank: number;
  award: string | null;
}

/** a/b vs c/d exactly, in integers (b, d > 0). */
const compareMeans = (a: { total: number; judges: number }, b: { total: number; judges: number }) =>
  b.total * a.judges - a.total * b.judges;

/**
 * Ranks entries by their judges' mean (exact comparison), ties share a rank (standard
 * competition ranking), then gives awards by rank from the plan; entries without a score rank
 * last, sharing the last rank, with no award.
 *
 * @example rankEntries([{ entryId: 1, scores: [9000] }, { entryId: 2, scores: [8000, 10000] }, { entryId: 3, scores: [7000] }], [{ award: '一等奖', throughRank: 1 }])
 *   // ranks 1, 1, 3: entries 1 and 2 tie at 90 points and both get 一等奖
 */
export function rankEntries(entries: readonly EntryScores[], plan: readonly AwardTier[] = []): RankedEntry[] {
  checkAwardPlan(plan);
  const rows = entries.map((e) => {
    const total = e.scores.reduce((a, b) => a + b, 0);
    const judges = e.scores.length;
    return {
      entryId: e.entryId,
      total,
      judges,
      mean: judges ? Math.floor((2 * total + judges) / (2 * judges)) : 0,
    };
  });
  const scored = rows.filter((r) => r.judges > 0).sort((a, b) => compareMeans(a, b) || a.entryId - b.entryId);
  const unscored = rows.filter((r) => r.judges === 0).sort((a, b) => a.entryId - b.entryId);
  const out: RankedEntry[] = [];
  scored.forEach((r, i) => {
    const prev = out[i - 1];
    const rank = prev && compareMeans(scored[i - 1]!, r) === 0 ? prev.rank : i + 1;
    out.push({ ...r, rank, award: awardFor(rank, plan) });
  });
  for (const r of unscored) out.push({ ...r, rank: scored.length + 1, award: null });
  return out;
}

/** The award of a rank under a plan, or null. */
export function awardFor(rank: number, plan: readonly AwardTier[]): string | null {
  for (const t of plan) if (rank <= t.throughRank) return t.award;
  return null;
}

/** A plan's tiers go down the ranks from 1: throughRank ≥ 1 and strictly increasing. */
export function checkAwardPlan(plan: readonly AwardTier[]): void {
  let last = 0;
  for (const t of plan) {
    if (!Number.isInteger(t.throughRank) || t.throughRank <= last)
      throw new DomainError('BAD_INPUT', 'redsail.badAwardPlan');
    last = t.throughRank;
  }
}

export interface ScoreRow {
  entryId: number;
  judgeUserId: number;
  points: number;
}

/**
 * What a viewer may read of the scores. After the competition closed: everything. Before:
 * a judge reads the scores of an entry only once they submitted their own for it; anybody
 * else (the organizers included) reads only how many judges have submitted.
 *
 * @example visibleScores(scores, { userId: 7, isJudge: true }, 'scoring') // only entries 7 has scored
 */
export function visibleScores(
  scores: readonly ScoreRow[],
  viewer: { userId: number; isJudge: boolean },
  status: RsCompetitionStatus,
): { scores: ScoreRow[]; submittedByEntry: Map<number, number> } {
  const submittedByEntry = new Map<number, number>();
  for (const s of scores) submittedByEntry.set(s.entryId, (submittedByEntry.get(s.entryId) ?? 0) + 1);
  if (status === 'closed') return { scores: [...scores], submittedByEntry };
  if (!viewer.isJudge) return { scores: [], submittedByEntry };
  const mine = new Set(scores.filter((s) => s.judgeUserId === viewer.userId).map((s) => s.entryId));
  return { scores: scores.filter((s) => mine.has(s.entryId)), submittedByEntry };
}

type Move = 'startScoring' | 'close' | 'enter' | 'score';
const MOVE_ZH: Record<Move, string> = {
  startScoring: '开始评审',
  close: '结束评比',
  enter: '报名参评',
  score: '评分',
};
const ALLOWED: Record<Move, RsCompetitionStatus> = {
  enter: 'open',
  startScoring: 'open',
  score: 'scoring',
  close: 'scoring',
};

/** Throws a CONFLICT unless the competition's status allows the move. */
export function assertCompetitionMove(status: RsCompetitionStatus, move: Move): void {
  if (ALLOWED[move] !== status)
    throw new DomainError('CONFLICT', 'redsail.competitionStatus', {
      status,
      statusZh: STATUS_ZH[status],
      action: move,
      actionZh: MOVE_ZH[move],
    });
}

// ---------------------------------------------------------------- repository

export async function getCompetition(db: Db, id: number) {
  const c = await db.selectFrom('rs_competition').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new DomainError('NOT_FOUND', 'redsail.competitionNotFound', { id });
  return { ...c, award_plan: JSON.parse(c.award_plan) as AwardTier[] };
}

export async function listCompetitions(db: Db) {
  const rows = await db.selectFrom('rs_competition').selectAll().orderBy('year', 'desc').execute();
  return rows.map((c) => ({ ...c, award_plan: JSON.parse(c.award_plan) as AwardTier[] }));
}

export interface CompetitionInput {
  year: number;
  title: string;
  callText: string;
  deadline: string;
  maxPoints: number;
  awardPlan: AwardTier[];
  judgeUserIds: number[];
}

/** Publishes the year's call with its judges and award plan. */
export async function callCompetition(db: Db, input: CompetitionInput) {
  checkAwardPlan(input.awardPlan);
  if (input.judgeUserIds.length === 0) throw new DomainError('BAD_INPUT', 'redsail.noJudges');
  await assertAccounts(db, input.judgeUserIds);
  const now = nowIso();
  let id: number;
  try {
    id = (
      await db
        .insertInto('rs_competition')
        .values({
          year: input.year,
          title: input.title,
          call_text: input.callText,
          deadline: input.deadline,
          status: 'open',
          max_points: input.maxPoints,
          award_plan: JSON.stringify(input.awardPlan),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  } catch (e) {
    if (isUniqueViolation(e))
      throw new DomainError('CONFLICT', 'redsail.competitionYearTaken', { year: input.year });
    throw e;
  }
  await db
    .insertInto('rs_judge')
    .values([...new Set(input.judgeUserIds)].map((user_id) => ({ competition_id: id, user_id })))
    .execute();
  return getCompetition(db, id);
}

export async function judgesOf(db: Db, competitionId: number) {
  return db
    .selectFrom('rs_judge as j')
    .innerJoin('app_user as u', 'u.id', 'j.user_id')
    .select(['j.user_id', 'u.display_name'])
    .where('j.competition_id', '=', competitionId)
    .orderBy('j.user_id')
    .execute();
}

export async function submitEntry(
  db: Db,
  input: {
    competitionId: number;
    enterpriseId: number;
    title: string;
    summary: string;
    documentFileIds: string[];
  },
) {
  const c = await getCompetition(db, input.competitionId);
  assertCompetitionMove(c.status, 'enter');
  try {
    return await db
      .insertInto('rs_entry')
      .values({
        competition_id: input.competitionId,
        enterprise_id: input.enterpriseId,
        title: input.title,
        summary: input.summary,
        document_file_ids: JSON.stringify(input.documentFileIds),
        award: null,
        rank: null,
        is_case: 0,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError('CONFLICT', 'redsail.entryTaken', { title: input.title });
    throw e;
  }
}

export async function startScoring(db: Db, competitionId: number) {
  const before = await getCompetition(db, competitionId);
  assertCompetitionMove(before.status, 'startScoring');
  const n = await db
    .selectFrom('rs_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('competition_id', '=', competitionId)
    .executeTakeFirstOrThrow();
  if (Number(n.n) === 0) throw new DomainError('PRECONDITION_FAILED', 'redsail.noEntries');
  await db
    .updateTable('rs_competition')
    .set({ status: 'scoring', updated_at: nowIso() })
    .where('id', '=', competitionId)
    .where('status', '=', 'open')
    .execute();
  return { before, after: await getCompetition(db, competitionId) };
}

/** A judge submits their score of an entry, once (points in hundredths, 0 to the competition's maximum). */
export async function submitScore(db: Db, input: { entryId: number; judgeUserId: number; points: number }) {
  const entry = await db
    .selectFrom('rs_entry')
    .selectAll()
    .where('id', '=', input.entryId)
    .executeTakeFirst();
  if (!entry) throw new DomainError('NOT_FOUND', 'redsail.entryNotFound', { id: input.entryId });
  const c = await getCompetition(db, entry.competition_id);
  assertCompetitionMove(c.status, 'score');
  const judge = await db
    .selectFrom('rs_judge')
    .select('user_id')
    .where('competition_id', '=', c.id)
    .where('user_id', '=', input.judgeUserId)
    .executeTakeFirst();
  if (!judge) throw new DomainError('FORBIDDEN', 'redsail.notAJudge');
  if (input.points < 0 || input.points > c.max_points)
    throw new DomainError('BAD_INPUT', 'redsail.scoreOutOfRange', { max: c.max_points / 100 });
  try {
    await db
      .insertInto('rs_score')
      .values({
        entry_id: input.entryId,
        judge_user_id: input.judgeUserId,
        points: input.points,
        submitted_at: nowIso(),
      })
      .execute();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError('CONFLICT', 'redsail.scoreSubmitted');
    throw e;
  }
  return { entryId: input.entryId, competitionId: c.id };
}

async function scoresOf(db: Db, competitionId: number): Promise<ScoreRow[]> {
  const rows = await db
    .selectFrom('rs_score as s')
    .innerJoin('rs_entry as e', 'e.id', 's.entry_id')
    .select(['s.entry_id', 's.judge_user_id', 's.points'])
    .where('e.competition_id', '=', competitionId)
    .execute();
  return rows.map((r) => ({ entryId: r.entry_id, judgeUserId: r.judge_user_id, points: r.points }));
}

/**
 * The competition as a viewer may see it: entries, the scores they may read (blind rule),
 * and after closing the ranking and awards.
 */
export async function competitionBoard(db: Db, competitionId: number, viewerUserId: number) {
  const c = await getCompetition(db, competitionId);
  const judges = await judgesOf(db, competitionId);
  const isJudge = judges.some((j) => j.user_id === viewerUserId);
  const entries = await db
    .selectFrom('rs_entry as e')
    .innerJoin('rs_enterprise as ent', 'ent.id', 'e.enterprise_id')
    .selectAll('e')
    .select('ent.name as enterprise_name')
    .where('e.competition_id', '=', competitionId)
    .orderBy('e.id')
    .execute();
  const vis = visibleScores(await scoresOf(db, competitionId), { userId: viewerUserId, isJudge }, c.status);
  return {
    competition: c,
    judges,
    isJudge,
    entries: entries.map((e) => ({
      ...e,
      document_file_ids: parseStrings(e.document_file_ids),
      submitted: vis.submittedByEntry.get(e.id) ?? 0,
      myScore: vis.scores.find((s) => s.entryId === e.id && s.judgeUserId === viewerUserId)?.points ?? null,
      scores: vis.scores
        .filter((s) => s.entryId === e.id)
        .map((s) => ({ judgeUserId: s.judgeUserId, points: s.points })),
    })),
  };
}

/**
 * Closes the competition once every judge scored every entry: ranks, awards, and keeps the
 * award winners as cases.
 */
export async function closeCompetition(db: Db, competitionId: number) {
  const before = await getCompetition(db, competitionId);
  assertCompetitionMove(before.status, 'close');
  const judges = await judgesOf(db, competitionId);
  const entries = await db
    .selectFrom('rs_entry')
    .select('id')
    .where('competition_id', '=', competitionId)
    .execute();
  const scores = await scoresOf(db, competitionId);
  const missing = judges.length * entries.length - scores.length;
  if (missing > 0) throw new DomainError('PRECONDITION_FAILED', 'redsail.scoresMissing', { missing });
  const ranked = rankEntries(
    entries.map((e) => ({
      entryId: e.id,
      scores: scores.filter((s) => s.entryId === e.id).map((s) => s.points),
    })),
    before.award_plan,
  );
  for (const r of ranked)
    await db
      .updateTable('rs_entry')
      .set({ rank: r.rank, award: r.award, is_case: r.award ? 1 : 0 })
      .where('id', '=', r.entryId)
      .execute();
  await db
    .updateTable('rs_competition')
    .set({ status: 'closed', updated_at: nowIso() })
    .where('id', '=', competitionId)
    .where('status', '=', 'scoring')
    .execute();
  return { before, after: await getCompetition(db, competitionId), ranked };
}

/** Marks (or unmarks) an entry of a closed competition as a case (典型案例), e.g. the 非公党建沙龙. */
export async function markCase(db: Db, entryId: number, isCase: boolean) {
  const e = await db.selectFrom('rs_entry').selectAll().where('id', '=', entryId).executeTakeFirst();
  if (!e) throw new DomainError('NOT_FOUND', 'redsail.entryNotFound', { id: entryId });
  const c = await getCompetition(db, e.competition_id);
  if (c.status !== 'closed')
    throw new DomainError('CONFLICT', 'redsail.competitionStatus', {
      status: c.status,
      statusZh: STATUS_ZH[c.status],
      action: 'markCase',
      actionZh: '设为案例',
    });
  await db
    .updateTable('rs_entry')
    .set({ is_case: isCase ? 1 : 0 })
    .where('id', '=', entryId)
    .execute();
  return { before: e, after: { ...e, is_case: isCase ? 1 : 0 } };
}

/** Past winners kept as cases, newest year first, within an area. */
export async function pastCases(db: Db, area: Area) {
  return db
    .selectFrom('rs_entry as e')
    .innerJoin('rs_competition as c', 'c.id', 'e.competition_id')
    .innerJoin('rs_enterprise as ent', 'ent.id', 'e.enterprise_id')
    .select([
      'e.id',
      'c.year',
      'e.title',
      'e.summary',
      'e.award',
      'e.rank',
      'ent.name as enterprise_name',
      'e.enterprise_id',
    ])
    .where('e.is_case', '=', 1)
    .where('c.status', '=', 'closed')
    .where('ent.street_id', 'in', streetsIn(db, area))
    .orderBy('c.year', 'desc')
    .orderBy('e.rank')
    .orderBy('e.id')
    .execute();
}
