/**
 * Separation of duties on the special fund (职责分离): the applicant, the verifier (审核), the
 * approver (批准) and the payer (拨付) of one subsidy application are different accounts.
 * Which pairs of steps must differ is configuration (the talent office edits it); the default
 * is all four distinct (every one of the six pairs). Pure rules here; `duty-config.ts` stores
 * the configuration.
 */
import { DomainError } from '@zhanqian/core';
import './messages.ts';

/** The four steps of a subsidy application, in the order they happen. */
export const DUTY_STEPS = ['apply', 'review', 'approve', 'disburse'] as const;
export type DutyStep = (typeof DUTY_STEPS)[number];

export const DUTY_STEP_LABELS: Record<DutyStep, { 'zh-CN': string; en: string }> = {
  apply: { 'zh-CN': '申请', en: 'filing' },
  review: { 'zh-CN': '审核', en: 'review' },
  approve: { 'zh-CN': '批准', en: 'approval' },
  disburse: { 'zh-CN': '拨付', en: 'payment' },
};

/** Two steps that must be done by different accounts, earlier step first. */
export type DutyPair = readonly [DutyStep, DutyStep];

/** Every pair of the four steps: four eyes all the way (申请、审核、批准、拨付各不相同). */
export const DEFAULT_DUTY_PAIRS: readonly DutyPair[] = [
  ['apply', 'review'],
  ['apply', 'approve'],
  ['apply', 'disburse'],
  ['review', 'approve'],
  ['review', 'disburse'],
  ['approve', 'disburse'],
];

const order = (s: DutyStep) => DUTY_STEPS.indexOf(s);
const isStep = (s: unknown): s is DutyStep =>
  typeof s === 'string' && (DUTY_STEPS as readonly string[]).includes(s);

/**
 * A configuration in its one canonical form: each pair earlier step first, no pair twice,
 * pairs in step order. A step paired with itself or an unknown step is refused (BAD_INPUT).
 *
 * @example normalizeDutyPairs([['disburse', 'approve'], ['approve', 'disburse']]) // [['approve', 'disburse']]
 */
export function normalizeDutyPairs(pairs: readonly (readonly [string, string])[]): DutyPair[] {
  const seen = new Set<string>();
  const out: DutyPair[] = [];
  for (const [a, b] of pairs) {
    if (!isStep(a) || !isStep(b)) throw new DomainError('BAD_INPUT', 'talent.duty.unknownStep');
    if (a === b)
      throw new DomainError('BAD_INPUT', 'talent.duty.samePair', { stepZh: DUTY_STEP_LABELS[a]['zh-CN'] });
    const pair: DutyPair = order(a) < order(b) ? [a, b] : [b, a];
    const key = pair.join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(pair);
  }
  return out.sort((x, y) => order(x[0]) - order(y[0]) || order(x[1]) - order(y[1]));
}

/** Who did each step of an application so far (null: recorded without an account, e.g. carried over). */
export type DutyActors = Partial<Record<DutyStep, number | null>>;

/**
 * The earlier step the actor already did on this application that the configuration says must
 * be someone else's, or null when the actor may do `step`. A step recorded without an account
 * (or an actor without one, such as the seed's history) cannot be compared and never conflicts.
 *
 * @example dutyConflict(DEFAULT_DUTY_PAIRS, { apply: 7, review: 8 }, 'approve', 8) // 'review'
 * @example dutyConflict([['approve', 'disburse']], { apply: 7, review: 7 }, 'approve', 7) // null
 */
export function dutyConflict(
  pairs: readonly DutyPair[],
  actors: DutyActors,
  step: DutyStep,
  actorId: number | null,
): DutyStep | null {
  if (actorId === null) return null;
  // Earliest conflicting step first, so the message names the first thing the person did.
  for (const other of DUTY_STEPS) {
    if (other === step || actors[other] == null || actors[other] !== actorId) continue;
    if (pairs.some(([a, b]) => (a === other && b === step) || (a === step && b === other))) return other;
  }
  return null;
}

/**
 * Refuses (FORBIDDEN, `talent.duty.separate`) an actor who would do `step` after doing a step
 * that must be someone else's. The message names both steps in zh-CN and English.
 *
 * @example assertSeparateDuties(DEFAULT_DUTY_PAIRS, { apply: 7, review: 7 }, 'approve', 7) // throws: 审核 and 批准
 */
export function assertSeparateDuties(
  pairs: readonly DutyPair[],
  actors: DutyActors,
  step: DutyStep,
  actorId: number | null,
): void {
  const other = dutyConflict(pairs, actors, step, actorId);
  if (other)
    throw new DomainError('FORBIDDEN', 'talent.duty.separate', {
      step,
      other,
      stepZh: DUTY_STEP_LABELS[step]['zh-CN'],
      otherZh: DUTY_STEP_LABELS[other]['zh-CN'],
      stepEn: DUTY_STEP_LABELS[step].en,
      otherEn: DUTY_STEP_LABELS[other].en,
    });
}

/** The step a subsidy action performs, if it is one of the separated four. */
export function dutyStepOf(action: string): DutyStep | null {
  return action === 'review' || action === 'approve' || action === 'disburse' ? action : null;
}
