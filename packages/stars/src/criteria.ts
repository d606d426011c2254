import { DomainError, nowIso } from '@zhanqian/core';
import type { Database, Kysely, StarLevel } from '@zhanqian/db';
import { type CertifyPolicy, DEFAULT_POLICY } from './certify.ts';

type Db = Kysely<Database>;

export const STAR_LEVELS: readonly StarLevel[] = ['household', 'member', 'branch', 'committee'];

/** The published default ten criteria per level (GLOSSARY), used when a year is set up. */
export const DEFAULT_CRITERIA: Record<StarLevel, readonly string[]> = {
  household: [
    '爱国守法',
    '诚实守信',
    '团结互助',
    '家庭和睦',
    '尊老爱幼',
    '移风易俗',
    '环境卫生',
    '勤劳致富',
    '热心公益',
    '平安和谐',
  ],
  member: [
    '理想信念',
    '学习提高',
    '组织生活',
    '遵纪守法',
    '服务群众',
    '带富领富',
    '和谐稳定',
    '文明新风',
    '责任区管理',
    '廉洁自律',
  ],
  branch: [
    '班子建设',
    '党员管理',
    '组织生活',
    '阵地建设',
    '制度落实',
    '服务群众',
    '网格管理',
    '共驻共建',
    '文明创建',
    '作风廉洁',
  ],
  committee: [
    '领导核心',
    '队伍建设',
    '民主管理',
    '社会服务',
    '工作覆盖',
    '社会稳定',
    '共驻共建',
    '精神文明',
    '环境整洁',
    '清正廉洁',
  ],
};

export interface Criterion {
  position: number;
  name: string;
  description: string | null;
}

/** The ten criteria of a level in a year, by position (empty when not set up). */
export async function listCriteria(db: Db, year: number, level: StarLevel): Promise<Criterion[]> {
  return db
    .selectFrom('star_criterion')
    .select(['position', 'name', 'description'])
    .where('year', '=', year)
    .where('level', '=', level)
    .orderBy('position')
    .execute();
}

/** Replaces a level's ten criteria for a year; returns before/after for the audit. */
export async function setCriteria(
  db: Db,
  year: number,
  level: StarLevel,
  criteria: readonly { name: string; description?: string | null }[],
): Promise<{ before: Criterion[]; after: Criterion[] }> {
  if (criteria.length !== 10) throw new DomainError('BAD_INPUT', 'stars.criteriaCount');
  const before = await listCriteria(db, year, level);
  await db.deleteFrom('star_criterion').where('year', '=', year).where('level', '=', level).execute();
  await db
    .insertInto('star_criterion')
    .values(
      criteria.map((c, i) => ({
        year,
        level,
        position: i + 1,
        name: c.name,
        description: c.description ?? null,
      })),
    )
    .execute();
  return { before, after: await listCriteria(db, year, level) };
}

/** Sets every level of a year that has no criteria yet to the defaults. Returns the levels set. */
export async function ensureDefaultCriteria(db: Db, year: number): Promise<StarLevel[]> {
  const set: StarLevel[] = [];
  for (const level of STAR_LEVELS) {
    if ((await listCriteria(db, year, level)).length === 0) {
      await setCriteria(
        db,
        year,
        level,
        DEFAULT_CRITERIA[level].map((name) => ({ name })),
      );
      set.push(level);
    }
  }
  return set;
}

export async function assertCriteria(db: Db, year: number, level: StarLevel): Promise<void> {
  const row = await db
    .selectFrom('star_criterion')
    .select('position')
    .where('year', '=', year)
    .where('level', '=', level)
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new DomainError('PRECONDITION_FAILED', 'stars.noCriteria', { year, level });
}

/** A year's settings; defaults (4/5, empty fails, no bonuses) when none are stored. */
export interface StarConfig {
  year: number;
  policy: CertifyPolicy;
  bonusFen: Record<StarLevel, number>;
  budgetFen: number;
}

export async function getConfig(db: Db, year: number): Promise<StarConfig> {
  const row = await db.selectFrom('star_config').selectAll().where('year', '=', year).executeTakeFirst();
  if (!row)
    return {
      year,
      policy: DEFAULT_POLICY,
      bonusFen: { household: 0, member: 0, branch: 0, committee: 0 },
      budgetFen: 0,
    };
  return {
    year,
    policy: { num: row.threshold_num, den: row.threshold_den, emptyPasses: row.empty_passes === 1 },
    bonusFen: {
      household: row.bonus_household_fen,
      member: row.bonus_member_fen,
      branch: row.bonus_branch_fen,
      committee: row.bonus_committee_fen,
    },
    budgetFen: row.budget_fen,
  };
}

/** Stores a year's settings; returns before/after for the audit. */
export async function setConfig(
  db: Db,
  config: StarConfig,
): Promise<{ before: StarConfig; after: StarConfig }> {
  const { num, den } = config.policy;
  if (!Number.isInteger(num) || !Number.isInteger(den) || den < 1 || num < 0 || num > den)
    throw new DomainError('BAD_INPUT', 'stars.badPolicy', { num, den });
  const before = await getConfig(db, config.year);
  const values = {
    threshold_num: num,
    threshold_den: den,
    empty_passes: config.policy.emptyPasses ? 1 : 0,
    bonus_household_fen: config.bonusFen.household,
    bonus_member_fen: config.bonusFen.member,
    bonus_branch_fen: config.bonusFen.branch,
    bonus_committee_fen: config.bonusFen.committee,
    budget_fen: config.budgetFen,
    updated_at: nowIso(),
  };
  await db
    .insertInto('star_config')
    .values({ year: config.year, ...values })
    .onConflict((oc) => oc.column('year').doUpdateSet(values))
    .execute();
  return { before, after: await getConfig(db, config.year) };
}
