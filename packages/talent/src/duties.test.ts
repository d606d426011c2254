import { t } from '@zhanqian/core';
import { describe, expect, it } from 'vitest';
import {
  assertSeparateDuties,
  DEFAULT_DUTY_PAIRS,
  DUTY_STEPS,
  type DutyActors,
  type DutyPair,
  type DutyStep,
  dutyConflict,
  dutyStepOf,
  normalizeDutyPairs,
} from './duties.ts';

const errOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return e as { kind: string; messageKey: string; params: Record<string, string> };
  }
};

/** Every subset of the six pairs. */
const ALL_SUBSETS: DutyPair[][] = Array.from({ length: 1 << DEFAULT_DUTY_PAIRS.length }, (_, mask) =>
  DEFAULT_DUTY_PAIRS.filter((_, i) => mask & (1 << i)),
);
/** Every assignment of accounts 1–4, or none (null), to the four steps: 5⁴ = 625. */
const ACCOUNTS = [1, 2, 3, 4, null] as const;
const ASSIGNMENTS: Record<DutyStep, number | null>[] = [];
for (const a of ACCOUNTS)
  for (const b of ACCOUNTS)
    for (const c of ACCOUNTS)
      for (const d of ACCOUNTS) ASSIGNMENTS.push({ apply: a, review: b, approve: c, disburse: d });

/** Runs review, approve and disburse in order as the workflow does; the first refused step, or null. */
function walk(pairs: readonly DutyPair[], who: Record<DutyStep, number | null>): DutyStep | null {
  const done: DutyActors = { apply: who.apply };
  for (const step of ['review', 'approve', 'disburse'] as const) {
    if (errOf(() => assertSeparateDuties(pairs, done, step, who[step]))) return step;
    done[step] = who[step];
  }
  return null;
}

/** The specification: every configured pair done by two different accounts (a step without an account is not compared). */
const allowed = (pairs: readonly DutyPair[], who: Record<DutyStep, number | null>) =>
  pairs.every(([a, b]) => who[a] === null || who[b] === null || who[a] !== who[b]);

describe('separation of duties (pure)', () => {
  it('exhaustively: a whole application passes step by step exactly when every configured pair differs (64 configurations × 625 assignments)', () => {
    let checked = 0;
    let refused = 0;
    for (const pairs of ALL_SUBSETS)
      for (const who of ASSIGNMENTS) {
        const stopped = walk(pairs, who);
        expect(stopped === null, JSON.stringify({ pairs, who })).toBe(allowed(pairs, who));
        checked++;
        if (stopped) refused++;
      }
    expect(checked).toBe(64 * 625);
    expect(refused).toBeGreaterThan(0);
  });

  it('by default the four steps are four different accounts', () => {
    const ok = ASSIGNMENTS.filter(
      (who) => walk(DEFAULT_DUTY_PAIRS, who) === null && !Object.values(who).includes(null),
    );
    // 4 × 3 × 2 × 1 orderings of four distinct accounts
    expect(ok).toHaveLength(24);
    for (const who of ok) expect(new Set(Object.values(who)).size).toBe(4);
    expect(walk(DEFAULT_DUTY_PAIRS, { apply: 1, review: 2, approve: 3, disburse: 4 })).toBeNull();
    expect(walk(DEFAULT_DUTY_PAIRS, { apply: 1, review: 1, approve: 3, disburse: 4 })).toBe('review');
    expect(walk(DEFAULT_DUTY_PAIRS, { apply: 1, review: 2, approve: 2, disburse: 4 })).toBe('approve');
    expect(walk(DEFAULT_DUTY_PAIRS, { apply: 1, review: 2, approve: 3, disburse: 1 })).toBe('disburse');
    expect(walk(DEFAULT_DUTY_PAIRS, { apply: 1, review: 2, approve: 3, disburse: 2 })).toBe('disburse');
  });

  it('with no pairs configured anyone may do every step; with one pair only that pair is held', () => {
    expect(walk([], { apply: 1, review: 1, approve: 1, disburse: 1 })).toBeNull();
    const onlyPay: DutyPair[] = [['approve', 'disburse']];
    expect(walk(onlyPay, { apply: 1, review: 1, approve: 1, disburse: 2 })).toBeNull();
    expect(walk(onlyPay, { apply: 1, review: 1, approve: 2, disburse: 2 })).toBe('disburse');
  });

  it('names the earliest step the person already did, and both steps in the message (zh-CN and English)', () => {
    expect(dutyConflict(DEFAULT_DUTY_PAIRS, { apply: 7, review: 7 }, 'approve', 7)).toBe('apply');
    expect(dutyConflict(DEFAULT_DUTY_PAIRS, { apply: 6, review: 7 }, 'approve', 7)).toBe('review');
    expect(dutyConflict(DEFAULT_DUTY_PAIRS, { apply: 6, review: 7 }, 'approve', 8)).toBeNull();
    expect(dutyConflict(DEFAULT_DUTY_PAIRS, { apply: 6, review: 7 }, 'approve', null)).toBeNull();
    const e = errOf(() => assertSeparateDuties(DEFAULT_DUTY_PAIRS, { apply: 6, review: 7 }, 'approve', 7))!;
    expect(e).toMatchObject({ kind: 'FORBIDDEN', messageKey: 'talent.duty.separate' });
    expect(t(e.messageKey, 'zh-CN', e.params)).toBe(
      '职责分离：您已办理该申请的“审核”，“批准”须由另一账号办理',
    );
    expect(t(e.messageKey, 'en', e.params)).toBe(
      'Separation of duties: you already did the review step of this application; its approval must be done by another account',
    );
  });

  it('normalizes a configuration: order within a pair, duplicates, canonical order; refuses self-pairs and unknown steps', () => {
    expect(
      normalizeDutyPairs([
        ['disburse', 'approve'],
        ['approve', 'disburse'],
        ['review', 'apply'],
      ]),
    ).toEqual([
      ['apply', 'review'],
      ['approve', 'disburse'],
    ]);
    expect(normalizeDutyPairs([...DEFAULT_DUTY_PAIRS].reverse())).toEqual(DEFAULT_DUTY_PAIRS);
    expect(normalizeDutyPairs([])).toEqual([]);
    expect(errOf(() => normalizeDutyPairs([['review', 'review']]))).toMatchObject({
      kind: 'BAD_INPUT',
      messageKey: 'talent.duty.samePair',
    });
    expect(errOf(() => normalizeDutyPairs([['review', 'pay']]))).toMatchObject({
      kind: 'BAD_INPUT',
      messageKey: 'talent.duty.unknownStep',
    });
    // every subset normalizes to itself
    for (const pairs of ALL_SUBSETS) expect(normalizeDutyPairs(pairs)).toEqual(pairs);
  });

  it('maps the separated actions to their steps and leaves the rest alone', () => {
    expect(DUTY_STEPS.map((s) => dutyStepOf(s))).toEqual([null, 'review', 'approve', 'disburse']);
    for (const a of ['reject', 'withdraw', 'cancel']) expect(dutyStepOf(a)).toBeNull();
  });
});
