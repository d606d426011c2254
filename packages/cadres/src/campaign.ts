import { divRoundHalfUp } from '@zhanqian/core';
import { nthWorkingDayFrom } from './holidays.ts';

/** 公开选拔 / 竞争上岗 / 公推直选. */
export const CAMPAIGN_KINDS = ['public_selection', 'competitive', 'direct_election'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const KIND_LABELS: Record<CampaignKind, { 'zh-CN': string; en: string }> = {
  public_selection: { 'zh-CN': '公开选拔', en: 'Public selection' },
  competitive: { 'zh-CN': '竞争上岗', en: 'Competitive recruitment' },
  direct_election: { 'zh-CN': '公推直选', en: 'Public recommendation and direct election' },
};

/** The stages in order; `cancelled` is reachable from every stage before `appointed`. */
export const STAGES = [
  'announced',
  'registration',
  'qualification',
  'exam',
  'interview',
  'inspection',
  'decision',
  'publicity',
  'appointed',
] as const;
export type Stage = (typeof STAGES)[number] | 'cancelled';
export const STAGE_LABELS: Record<Stage, { 'zh-CN': string; en: string }> = {
  announced: { 'zh-CN': '发布公告', en: 'Announced' },
  registration: { 'zh-CN': '报名', en: 'Registration' },
  qualification: { 'zh-CN': '资格审查', en: 'Qualification review' },
  exam: { 'zh-CN': '笔试', en: 'Exam' },
  interview: { 'zh-CN': '面试', en: 'Interview' },
  inspection: { 'zh-CN': '考察', en: 'Inspection' },
  decision: { 'zh-CN': '讨论决定', en: 'Decision' },
  publicity: { 'zh-CN': '任前公示', en: 'Publicity' },
  appointed: { 'zh-CN': '任职', en: 'Appointed' },
  cancelled: { 'zh-CN': '已撤销', en: 'Cancelled' },
};

/** Stage weights in hundredths of a percent, summing to 10000. */
export interface StageWeights {
  exam: number;
  interview: number;
  inspection: number;
}
export const DEFAULT_STAGE_WEIGHTS: Record<CampaignKind, StageWeights> = {
  public_selection: { exam: 4000, interview: 4000, inspection: 2000 },
  competitive: { exam: 3000, interview: 4000, inspection: 3000 },
  // 公推直选: the "exam" stage holds the public recommendation score, the interview the speech
  // and defence before the electors, the inspection the organization's inspection; the direct
  // election itself is the members' vote of the decision stage (vote.ts), which decides.
  direct_election: { exam: 3000, interview: 3000, inspection: 4000 },
};
/** Working days of publicity before appointment (任前公示不少于5个工作日). */
export const MIN_PUBLICITY_DAYS = 5;

export interface CandidateFacts {
  id: number;
  qualified: boolean | null;
  exam: number | null;
  interview: number | null;
  inspection: number | null;
  decided: boolean;
}
export interface TransitionFacts {
  stage: Stage;
  slots: number;
  on: string;
  /** The date of the campaign's last transition: a new one may not be dated earlier. */
  lastOn: string | null;
  publicityEnd: string | null;
  openObjections: number;
  candidates: CandidateFacts[];
  /** A 公推直选 vote of the campaign is open: the campaign stays where it is until it is counted. */
  openVote?: boolean;
}
export interface Refusal {
  key: string;
  params: Record<string, string | number>;
}

/** The next stage, or null at the end. @example nextStage('exam') // 'interview' */
export function nextStage(s: Stage): Stage | null {
  if (s === 'cancelled' || s === 'appointed') return null;
  return STAGES[STAGES.indexOf(s) + 1] ?? null;
}

/**
 * The edges of the state machine: the next stage; `cancelled` before appointment; and back
 * from publicity to decision (重新讨论决定) once upheld objections have withdrawn every
 * decided candidate. @example isLegalMove('publicity', 'decision') // true
 */
export function isLegalMove(from: Stage, to: Stage): boolean {
  if (to === 'cancelled') return from !== 'appointed' && from !== 'cancelled';
  if (from === 'publicity' && to === 'decision') return true;
  return nextStage(from) === to;
}

/**
 * Whether a campaign may move from its stage to `to`, and if not, why. Only the edges of
 * {@link isLegalMove} are legal; each has its guard (publicity → decision: nobody decided is left);
 * registration → qualification needs a candidate; → exam needs every candidate reviewed and
 * one qualified; → interview / → inspection / → decision need every qualified candidate's score
 * of the stage; → publicity needs 1..slots decided candidates; → appointed needs the publicity
 * window over (the day after its last working day), no open objection and a decided candidate.
 * @example checkTransition({ ...facts, stage: 'announced' }, 'exam') // { key: 'cadres.campaign.illegal', … }
 */
export function checkTransition(f: TransitionFacts, to: Stage): Refusal | null {
  if (f.lastOn !== null && f.on < f.lastOn)
    return { key: 'cadres.campaign.backdated', params: { on: f.on, last: f.lastOn } };
  if (to === 'cancelled') {
    if (f.stage === 'appointed' || f.stage === 'cancelled')
      return { key: 'cadres.campaign.illegal', params: { from: f.stage, to } };
    return null;
  }
  if (!isLegalMove(f.stage, to)) return { key: 'cadres.campaign.illegal', params: { from: f.stage, to } };
  if (f.openVote) return { key: 'cadres.campaign.voteOpen', params: {} };
  if (f.stage === 'publicity' && to === 'decision') {
    const n = f.candidates.filter((c) => c.decided).length;
    return n > 0 ? { key: 'cadres.campaign.redecide', params: { count: n } } : null;
  }
  const qualified = f.candidates.filter((c) => c.qualified === true);
  const missing = (field: 'exam' | 'interview' | 'inspection'): Refusal | null => {
    const n = qualified.filter((c) => c[field] === null).length;
    return n > 0 ? { key: 'cadres.campaign.scoresMissing', params: { stage: field, count: n } } : null;
  };
  switch (to) {
    case 'qualification':
      return f.candidates.length === 0 ? { key: 'cadres.campaign.noCandidates', params: {} } : null;
    case 'exam': {
      const pending = f.candidates.filter((c) => c.qualified === null).length;
      if (pending > 0) return { key: 'cadres.campaign.reviewPending', params: { count: pending } };
      return qualified.length === 0 ? { key: 'cadres.campaign.noneQualified', params: {} } : null;
    }
    case 'interview':
      return missing('exam');
    case 'inspection':
      return missing('interview');
    case 'decision':
      return missing('inspection');
    case 'publicity': {
      const n = f.candidates.filter((c) => c.decided).length;
      return n < 1 || n > f.slots
        ? { key: 'cadres.campaign.decidedCount', params: { count: n, slots: f.slots } }
        : null;
    }
    case 'appointed': {
      if (f.publicityEnd === null || f.on <= f.publicityEnd)
        return { key: 'cadres.campaign.publicityRunning', params: { end: f.publicityEnd ?? '' } };
      if (f.openObjections > 0)
        return { key: 'cadres.campaign.openObjections', params: { count: f.openObjections } };
      return f.candidates.some((c) => c.decided)
        ? null
        : { key: 'cadres.campaign.decidedCount', params: { count: 0, slots: f.slots } };
    }
    default:
      return null;
  }
}

/**
 * Whether a member may nominate themself (干部自荐) for a post, and if not, why. Nominations close
 * with registration: the post must be open, and its campaign (the latest, if any) must not have
 * gone past registration. A post with no campaign yet takes nominations; an announced campaign
 * does not yet (registration has not opened). The member app lists only the posts this allows.
 * @example selfNominationRefusal('open', 'publicity') // { key: 'cadres.selfNomination.closed', params: { stage: 'publicity' } }
 */
export function selfNominationRefusal(
  postStatus: 'open' | 'filled' | 'closed',
  campaignStage: Stage | null,
): Refusal | null {
  if (postStatus !== 'open') return { key: 'cadres.vacancyNotOpen', params: {} };
  if (campaignStage === null || campaignStage === 'registration') return null;
  if (campaignStage === 'announced') return { key: 'cadres.selfNomination.notYet', params: {} };
  if (campaignStage === 'cancelled') return { key: 'cadres.selfNomination.cancelled', params: {} };
  return { key: 'cadres.selfNomination.closed', params: { stage: campaignStage } };
}

/** The last day of a publicity period that starts on `start`. @example publicityEnd('2026-09-29') // '2026-10-10' */
export const publicityEnd = (start: string, days = MIN_PUBLICITY_DAYS): string =>
  nthWorkingDayFrom(start, days);

export interface Ranked {
  id: number;
  total: number;
  rank: number;
  /** True when another candidate has the same total (a tie the screen must show). */
  tied: boolean;
}

/**
 * The weighted total of a candidate, in hundredths: Σ stage score × weight ÷ 10000, rounded
 * half up once. Missing scores count 0. @example weightedTotal({ exam: 8000, interview: 9000, inspection: 8500 }, { exam: 4000, interview: 4000, inspection: 2000 }) // 8500
 */
export function weightedTotal(
  s: { exam: number | null; interview: number | null; inspection: number | null },
  w: StageWeights,
): number {
  return divRoundHalfUp(
    (s.exam ?? 0) * w.exam + (s.interview ?? 0) * w.interview + (s.inspection ?? 0) * w.inspection,
    10000,
  );
}

/**
 * Ranks qualified candidates by weighted total, highest first, in standard competition
 * ranking (1, 2, 2, 4); ties keep id order and are flagged.
 */
export function rankCandidates(cands: CandidateFacts[], w: StageWeights): Ranked[] {
  const scored = cands
    .filter((c) => c.qualified === true)
    .map((c) => ({ id: c.id, total: weightedTotal(c, w) }))
    .sort((a, b) => b.total - a.total || a.id - b.id);
  const count = new Map<number, number>();
  for (const s of scored) count.set(s.total, (count.get(s.total) ?? 0) + 1);
  let rank = 0;
  return scored.map((s, i) => {
    if (i === 0 || scored[i - 1]!.total !== s.total) rank = i + 1;
    return { ...s, rank, tied: count.get(s.total)! > 1 };
  });
}

/**
 * Adds the zh-CN label of every stage-valued parameter as `<name>Label` (the zh-CN messages
 * show labels, the English ones the codes). @example withStageLabels({ to: 'exam' }) // { to: 'exam', toLabel: '笔试' }
 */
export function withStageLabels(params: Record<string, string | number>): Record<string, string | number> {
  const out = { ...params };
  for (const [k, v] of Object.entries(params))
    if (typeof v === 'string' && v in STAGE_LABELS) out[`${k}Label`] = STAGE_LABELS[v as Stage]['zh-CN'];
  return out;
}
