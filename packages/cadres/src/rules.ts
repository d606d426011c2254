import { DomainError, divRoundHalfUp } from '@zhanqian/core';

/** Ranks (职级), lowest first. Labels are what screens show. */
export const RANKS = ['staff', 'deputy_section', 'section', 'deputy_division', 'division'] as const;
export type Rank = (typeof RANKS)[number];
export const RANK_LABELS: Record<Rank, { 'zh-CN': string; en: string }> = {
  staff: { 'zh-CN': '科员', en: 'Staff member' },
  deputy_section: { 'zh-CN': '副科级', en: 'Deputy section chief level' },
  section: { 'zh-CN': '正科级', en: 'Section chief level' },
  deputy_division: { 'zh-CN': '副处级', en: 'Deputy division chief level' },
  division: { 'zh-CN': '正处级', en: 'Division chief level' },
};
export const rankIndex = (r: Rank): number => RANKS.indexOf(r);
/** The rank just below; null for the lowest. @example lowerRank('deputy_section') // 'staff' */
export const lowerRank = (r: Rank): Rank | null => RANKS[rankIndex(r) - 1] ?? null;

/**
 * Whole years from `from` to `to` (dates 'YYYY-MM-DD'); a 29 February start completes its
 * year on 1 March of a common year.
 * @example fullYears('2020-03-01', '2026-02-28') // 5
 */
export function fullYears(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years--;
  return Math.max(0, years);
}

/** Adds whole years to a date (29 Feb → 1 Mar in a common year). @example addYears('2020-02-29', 1) // '2021-03-01' */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y + years, m - 1, d));
  return t.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- five qualities (五有)

/** 有道德、有能力、有激情、有业绩、有形象. */
export const DIMENSIONS = ['morality', 'ability', 'passion', 'performance', 'image'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DIMENSION_LABELS: Record<Dimension, { 'zh-CN': string; en: string }> = {
  morality: { 'zh-CN': '有道德', en: 'Morality' },
  ability: { 'zh-CN': '有能力', en: 'Ability' },
  passion: { 'zh-CN': '有激情', en: 'Passion' },
  performance: { 'zh-CN': '有业绩', en: 'Performance' },
  image: { 'zh-CN': '有形象', en: 'Image' },
};
/** Scores per dimension in hundredths of a point, 0–10000 (a 100-point scale). */
export type DimensionScores = Record<Dimension, number>;
/** Weights in hundredths of a percent: they sum to exactly 10000 (100.00%). */
export type DimensionWeights = Record<Dimension, number>;
export const DEFAULT_WEIGHTS: DimensionWeights = {
  morality: 2000,
  ability: 2000,
  passion: 2000,
  performance: 2000,
  image: 2000,
};

/** Throws BAD_INPUT unless the weights are non-negative integers summing to 10000. */
export function assertWeights(w: DimensionWeights): void {
  const sum = DIMENSIONS.reduce((s, d) => s + w[d], 0);
  if (DIMENSIONS.some((d) => !Number.isInteger(w[d]) || w[d] < 0) || sum !== 10000)
    throw new DomainError('BAD_INPUT', 'cadres.weightsSum', { sum: (sum / 100).toFixed(2) });
}

export interface EvaluationSummary {
  raters: number;
  /** Mean per dimension, hundredths, rounded half up. */
  mean: DimensionScores;
  /** Weighted total, hundredths: Σ over raters and dimensions of score × weight ÷ (raters × 10000), rounded once. */
  total: number;
}

/**
 * Combines several raters' five-quality scores with the year's weights, exactly in integers.
 * @example summarizeEvaluations([{ morality: 9000, ability: 8000, passion: 8000, performance: 7000, image: 9000 }], DEFAULT_WEIGHTS).total // 8200
 */
export function summarizeEvaluations(rows: DimensionScores[], w: DimensionWeights): EvaluationSummary | null {
  if (rows.length === 0) return null;
  const n = rows.length;
  const mean = {} as DimensionScores;
  let weighted = 0;
  for (const d of DIMENSIONS) {
    const sum = rows.reduce((s, r) => s + r[d], 0);
    mean[d] = divRoundHalfUp(sum, n);
    weighted += sum * w[d];
  }
  return { raters: n, mean, total: divRoundHalfUp(weighted, n * 10000) };
}

// ---------------------------------------------------------------- nominations and eligibility

/** 群众推荐 / 组织推荐 / 领导干部个人推荐 / 干部自荐. */
export const SOURCES = ['mass', 'organization', 'leader', 'self'] as const;
export type NominationSource = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<NominationSource, { 'zh-CN': string; en: string }> = {
  mass: { 'zh-CN': '群众推荐', en: 'Mass recommendation' },
  organization: { 'zh-CN': '组织推荐', en: 'Organization recommendation' },
  leader: { 'zh-CN': '领导干部个人推荐', en: "Leading cadre's personal recommendation" },
  self: { 'zh-CN': '干部自荐', en: 'Self-recommendation' },
};

export interface EligibilityCadre {
  rank: Rank;
  rankSince: string;
  birthDate: string;
  orgUnitId: number;
  status: 'active' | 'retired';
}
export interface EligibilityPost {
  rank: Rank;
  /** Years the candidate must have served in the rank just below. */
  minYearsLower: number;
  /** Oldest age accepted at the reference date. */
  maxAge: number;
  /** Mass recommendation: share of votes cast needed, in percent (以上 includes the figure). */
  massThresholdPct: number;
}
export interface EligibilityFacts {
  asOf: string;
  /** Units put up for key adjustment (重点调整) by the appraisal. */
  keyAdjustmentUnitIds: ReadonlySet<number>;
  /** Units on the promotion-priority list (优先考虑). */
  promotionPriorityUnitIds: ReadonlySet<number>;
  source: NominationSource;
  votes?: { for: number; cast: number };
}
export type ReasonCode =
  | 'notActive'
  | 'rankMismatch'
  | 'yearsInLowerRank'
  | 'tooOld'
  | 'keyAdjustment'
  | 'massVotesBelowThreshold';
export interface Reason {
  code: ReasonCode;
  params: Record<string, string | number>;
}
export interface Eligibility {
  eligible: boolean;
  reasons: Reason[];
  /** Advisory: the cadre's unit is on the appraisal's promotion-priority list. */
  promotionPriority: boolean;
}

/**
 * Whether a cadre may be nominated for a post, with every failing reason (not only the first).
 * Rules: active; rank exactly one below the post's; `minYearsLower` full years in that rank;
 * age at most `maxAge`; the cadre's unit not under key adjustment; for a mass recommendation,
 * votes for ≥ threshold% of votes cast, compared in integers (100·for ≥ pct·cast).
 * @example checkEligibility(cadre, post, facts).reasons.map((r) => r.code) // ['tooOld']
 */
export function checkEligibility(
  c: EligibilityCadre,
  post: EligibilityPost,
  f: EligibilityFacts,
): Eligibility {
  const reasons: Reason[] = [];
  if (c.status !== 'active') reasons.push({ code: 'notActive', params: {} });
  const need = lowerRank(post.rank);
  if (need === null || c.rank !== need)
    reasons.push({ code: 'rankMismatch', params: { have: c.rank, need: need ?? post.rank } });
  else {
    const years = fullYears(c.rankSince, f.asOf);
    if (years < post.minYearsLower)
      reasons.push({ code: 'yearsInLowerRank', params: { have: years, need: post.minYearsLower } });
  }
  const age = fullYears(c.birthDate, f.asOf);
  if (age > post.maxAge) reasons.push({ code: 'tooOld', params: { age, max: post.maxAge } });
  if (f.keyAdjustmentUnitIds.has(c.orgUnitId)) reasons.push({ code: 'keyAdjustment', params: {} });
  if (f.source === 'mass') {
    const v = f.votes ?? { for: 0, cast: 0 };
    if (v.cast === 0 || 100 * v.for < post.massThresholdPct * v.cast)
      reasons.push({
        code: 'massVotesBelowThreshold',
        params: { for: v.for, cast: v.cast, pct: post.massThresholdPct },
      });
  }
  return {
    eligible: reasons.length === 0,
    reasons,
    promotionPriority: f.promotionPriorityUnitIds.has(c.orgUnitId),
  };
}

// ---------------------------------------------------------------- rotation (轮岗交流)

export interface RotationPolicy {
  /** Years in the same post after which a cadre is due for rotation. */
  limitYears: number;
  /** Stricter limit for key posts (组织人事、纪检、财务…). */
  keyPostLimitYears: number;
}
/** 《党政领导干部交流工作规定》: 10 years in one post; 5 for key posts. Configurable. */
export const DEFAULT_ROTATION_POLICY: RotationPolicy = { limitYears: 10, keyPostLimitYears: 5 };

/**
 * When a cadre in a post since `postSince` becomes due for rotation, and whether that is by
 * `asOf`. @example rotationDue('2016-03-01', false, '2026-11-28').due // true
 */
export function rotationDue(
  postSince: string,
  isKeyPost: boolean,
  asOf: string,
  policy: RotationPolicy = DEFAULT_ROTATION_POLICY,
): { dueDate: string; due: boolean; yearsInPost: number; limitYears: number } {
  const limitYears = isKeyPost ? policy.keyPostLimitYears : policy.limitYears;
  const dueDate = addYears(postSince, limitYears);
  return { dueDate, due: dueDate <= asOf, yearsInPost: fullYears(postSince, asOf), limitYears };
}
