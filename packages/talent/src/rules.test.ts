import { DomainError } from '@zhanqian/core';
import type { TalentSubsidyStatus } from '@zhanqian/db';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertMovementFits,
  assertPublicityWindow,
  CYCLE_TRANSITIONS,
  combineScores,
  entryEffect,
  FUND_ENTRY_KINDS,
  foldBalances,
  monthlyFlow,
  nextCycleStatus,
  nextSubsidyStatus,
  SUBSIDY_TRANSITIONS,
  type SubsidyAction,
  shortlist,
  subsidyEligibility,
} from './rules.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? `${e.kind}:${e.messageKey}` : String(e);
  }
  return 'ok';
};

describe('subsidy state machine', () => {
  const actions: SubsidyAction[] = ['review', 'approve', 'reject', 'withdraw', 'disburse', 'cancel'];
  it('allows exactly the listed transitions and refuses every other with CONFLICT', () => {
    let allowed = 0;
    let refused = 0;
    for (const from of Object.keys(SUBSIDY_TRANSITIONS) as TalentSubsidyStatus[]) {
      for (const action of actions) {
        const to = SUBSIDY_TRANSITIONS[from][action];
        if (to) {
          expect(nextSubsidyStatus(from, action)).toBe(to);
          allowed++;
        } else {
          expect(code(() => nextSubsidyStatus(from, action))).toBe('CONFLICT:talent.illegalTransition');
          refused++;
        }
      }
    }
    expect(allowed).toBe(8);
    expect(refused).toBe(34);
  });
  it('the happy path and terminal states', () => {
    expect(nextSubsidyStatus('submitted', 'review')).toBe('reviewed');
    expect(nextSubsidyStatus('reviewed', 'approve')).toBe('approved');
    expect(nextSubsidyStatus('approved', 'disburse')).toBe('disbursed');
    expect(code(() => nextSubsidyStatus('submitted', 'approve'))).toBe('CONFLICT:talent.illegalTransition');
    expect(code(() => nextSubsidyStatus('disbursed', 'cancel'))).toBe('CONFLICT:talent.illegalTransition');
    expect(code(() => nextSubsidyStatus('approved', 'withdraw'))).toBe('CONFLICT:talent.illegalTransition');
  });
});

describe('selection cycle state machine', () => {
  it('runs nominating → scoring → shortlisted → publicity → awarded and nothing else', () => {
    expect(nextCycleStatus('nominating', 'startScoring')).toBe('scoring');
    expect(nextCycleStatus('scoring', 'shortlist')).toBe('shortlisted');
    expect(nextCycleStatus('shortlisted', 'publish')).toBe('publicity');
    expect(nextCycleStatus('publicity', 'award')).toBe('awarded');
    let refused = 0;
    for (const from of Object.keys(CYCLE_TRANSITIONS) as (keyof typeof CYCLE_TRANSITIONS)[])
      for (const action of ['startScoring', 'shortlist', 'publish', 'award'] as const)
        if (!CYCLE_TRANSITIONS[from][action]) {
          expect(code(() => nextCycleStatus(from, action))).toBe('CONFLICT:talent.illegalTransition');
          refused++;
        }
    expect(refused).toBe(16);
  });
});

describe('ledger arithmetic', () => {
  it('each kind moves the right balances; a reversal undoes its entry', () => {
    expect(entryEffect('budget', 100)).toEqual({ dAvailable: 100, dCommitted: 0, dDisbursed: 0 });
    expect(entryEffect('commitment', 100)).toEqual({ dAvailable: -100, dCommitted: 100, dDisbursed: 0 });
    expect(entryEffect('disbursement', 100)).toEqual({ dAvailable: 0, dCommitted: -100, dDisbursed: 100 });
    for (const k of ['budget', 'commitment', 'disbursement'] as const) {
      const e = entryEffect(k, 37);
      const r = entryEffect('reversal', 37, k);
      expect(e.dAvailable + r.dAvailable).toBe(0);
      expect(e.dCommitted + r.dCommitted).toBe(0);
      expect(e.dDisbursed + r.dDisbursed).toBe(0);
    }
  });
  it('refuses non-positive or fractional amounts and reversing a reversal', () => {
    expect(code(() => entryEffect('budget', 0))).toBe('BAD_INPUT:talent.badAmount');
    expect(code(() => entryEffect('budget', -5))).toBe('BAD_INPUT:talent.badAmount');
    expect(code(() => entryEffect('budget', 1.5))).toBe('BAD_INPUT:talent.badAmount');
    expect(code(() => entryEffect('reversal', 5, 'reversal'))).toBe('BAD_INPUT:talent.cannotReverseReversal');
    expect(code(() => entryEffect('reversal', 5))).toBe('BAD_INPUT:talent.cannotReverseReversal');
  });
  it('refuses a movement that takes a balance below zero, accepts the last fen', () => {
    const b = foldBalances([
      { kind: 'budget', d_available_fen: 100, d_committed_fen: 0, d_disbursed_fen: 0 },
    ]);
    expect(code(() => assertMovementFits(b, entryEffect('commitment', 100)))).toBe('ok');
    expect(code(() => assertMovementFits(b, entryEffect('commitment', 101)))).toBe(
      'PRECONDITION_FAILED:talent.insufficientFund',
    );
    expect(code(() => assertMovementFits(b, entryEffect('disbursement', 1)))).toBe(
      'PRECONDITION_FAILED:talent.ledgerWouldGoNegative',
    );
  });
  it('property: any sequence of accepted movements keeps every balance ≥ 0 and budget = a + c + d', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('budget', 'commitment', 'disbursement' as const),
            fc.integer({ min: 1, max: 1000 }),
          ),
          {
            maxLength: 60,
          },
        ),
        (moves) => {
          const lines: {
            kind: 'budget';
            d_available_fen: number;
            d_committed_fen: number;
            d_disbursed_fen: number;
          }[] = [];
          for (const [kind, amount] of moves) {
            const e = entryEffect(kind, amount);
            try {
              assertMovementFits(foldBalances(lines), e);
            } catch {
              continue;
            }
            lines.push({
              kind: 'budget',
              d_available_fen: e.dAvailable,
              d_committed_fen: e.dCommitted,
              d_disbursed_fen: e.dDisbursed,
            });
            const b = foldBalances(lines);
            expect(b.availableFen).toBeGreaterThanOrEqual(0);
            expect(b.committedFen).toBeGreaterThanOrEqual(0);
            expect(b.disbursedFen).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
  it('monthly flow groups by month and kind and sums to the fold', () => {
    const lines = [
      {
        entry_date: '2026-01-05',
        kind: 'budget' as const,
        amount_fen: 500,
        d_available_fen: 500,
        d_committed_fen: 0,
        d_disbursed_fen: 0,
      },
      {
        entry_date: '2026-01-20',
        kind: 'commitment' as const,
        amount_fen: 100,
        d_available_fen: -100,
        d_committed_fen: 100,
        d_disbursed_fen: 0,
      },
      {
        entry_date: '2026-02-01',
        kind: 'commitment' as const,
        amount_fen: 50,
        d_available_fen: -50,
        d_committed_fen: 50,
        d_disbursed_fen: 0,
      },
    ];
    const rows = monthlyFlow(lines);
    expect(rows.map((r) => `${r.month}/${r.kind}/${r.amountFen}`)).toEqual([
      '2026-01/budget/500',
      '2026-01/commitment/100',
      '2026-02/commitment/50',
    ]);
    expect(rows.reduce((s, r) => s + r.dAvailableFen, 0)).toBe(foldBalances(lines).availableFen);
    expect(FUND_ENTRY_KINDS).toHaveLength(4);
  });
});

describe('subsidy eligibility', () => {
  const tier = { code: 'B', name: 'B类', settling_fen: 20_000_000, housing_fen: 0 };
  const base = {
    kind: 'settling' as const,
    introducedVia: 'introduction' as const,
    introducedOn: '2024-03-01',
    fieldCode: 'IC',
    tier,
    catalogueFieldCodes: new Set(['IC', 'AI']),
  };
  it('eligible with every reason passed and the tier amount', () => {
    const e = subsidyEligibility(base);
    expect(e).toMatchObject({ eligible: true, amountFen: 20_000_000, catalogueYear: 2024 });
    expect(e.reasons.map((r) => r.ok)).toEqual([true, true, true]);
  });
  it('lists every failed reason', () => {
    const e = subsidyEligibility({ ...base, kind: 'housing', introducedVia: 'local', fieldCode: 'XX' });
    expect(e.eligible).toBe(false);
    expect(e.reasons.filter((r) => !r.ok).map((r) => r.messageKey)).toEqual([
      'talent.elig.local',
      'talent.elig.notInCatalogue',
      'talent.elig.tierNoAmount',
    ]);
  });
});

describe('panel scoring', () => {
  it('combines in integer hundredths, rounding half up', () => {
    const r = combineScores(
      [1, 2],
      [10, 11, 12],
      [
        { nominationId: 1, expertId: 10, score: 9000 },
        { nominationId: 1, expertId: 11, score: 8500 },
        { nominationId: 1, expertId: 12, score: 8501 },
        { nominationId: 2, expertId: 10, score: 7000 },
        { nominationId: 2, expertId: 11, score: 7001 },
        { nominationId: 2, expertId: 12, score: 7001 },
      ],
    );
    expect(r.complete).toBe(true);
    expect(r.rows.map((x) => x.combined)).toEqual([8667, 7001]);
  });
  it('reports every missing score and leaves the combined score null', () => {
    const r = combineScores([1, 2], [10, 11], [{ nominationId: 1, expertId: 10, score: 9000 }]);
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual([
      { nominationId: 1, expertId: 11 },
      { nominationId: 2, expertId: 10 },
      { nominationId: 2, expertId: 11 },
    ]);
    expect(r.rows.map((x) => x.combined)).toEqual([null, null]);
    expect(r.rows[0]!.sum).toBe(9000);
  });
  it('refuses duplicate, unknown-expert, unknown-nominee and out-of-range scores', () => {
    const s = { nominationId: 1, expertId: 10, score: 9000 };
    expect(code(() => combineScores([1], [10], [s, s]))).toBe('CONFLICT:talent.duplicateScore');
    expect(code(() => combineScores([1], [10], [{ ...s, expertId: 99 }]))).toBe(
      'BAD_INPUT:talent.scoreUnknownExpert',
    );
    expect(code(() => combineScores([1], [10], [{ ...s, nominationId: 9 }]))).toBe(
      'BAD_INPUT:talent.scoreUnknownNominee',
    );
    expect(code(() => combineScores([1], [10], [{ ...s, score: 10_001 }]))).toBe('BAD_INPUT:talent.badScore');
    expect(code(() => combineScores([1], [10], [{ ...s, score: 50.5 }]))).toBe('BAD_INPUT:talent.badScore');
  });
  it('an empty panel is never complete', () => {
    expect(combineScores([1], [], []).complete).toBe(false);
  });
  it('property: with every score present the combined score is the rounded mean, nothing dropped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 10_000 })),
        (nn, ne, stream) => {
          const noms = Array.from({ length: nn }, (_, i) => i + 1);
          const exps = Array.from({ length: ne }, (_, i) => 100 + i);
          const it = stream[Symbol.iterator]();
          const scores = noms.flatMap((n) =>
            exps.map((e) => ({ nominationId: n, expertId: e, score: it.next().value as number })),
          );
          const r = combineScores(noms, exps, scores);
          expect(r.complete).toBe(true);
          for (const row of r.rows) {
            const own = scores.filter((s) => s.nominationId === row.nominationId).map((s) => s.score);
            const sum = own.reduce((a, b) => a + b, 0);
            expect(row.sum).toBe(sum);
            expect(row.scores).toHaveLength(ne);
            expect(row.combined).toBe(Math.floor((2 * sum + ne) / (2 * ne)));
          }
        },
      ),
    );
  });
});

describe('shortlist', () => {
  it('ranks within each title by competition ranking and takes the quota', () => {
    const { ranked, overQuota } = shortlist(
      [
        { nominationId: 1, title: 'expert', combined: 9000 },
        { nominationId: 2, title: 'expert', combined: 8000 },
        { nominationId: 3, title: 'expert', combined: 8500 },
        { nominationId: 4, title: 'leading', combined: 7000 },
      ],
      { expert: 2, leading: 1 },
    );
    expect(ranked.map((r) => [r.nominationId, r.rank, r.shortlisted])).toEqual([
      [4, 1, true],
      [1, 1, true],
      [3, 2, true],
      [2, 3, false],
    ]);
    expect(overQuota).toEqual([]);
  });
  it('a tie on the quota line keeps every tied nominee and reports it', () => {
    const { ranked, overQuota } = shortlist(
      [
        { nominationId: 1, title: 'expert', combined: 9000 },
        { nominationId: 2, title: 'expert', combined: 8000 },
        { nominationId: 3, title: 'expert', combined: 8000 },
        { nominationId: 5, title: 'expert', combined: 7000 },
      ],
      { expert: 2 },
    );
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 2, 4]);
    expect(ranked.filter((r) => r.shortlisted).map((r) => r.nominationId)).toEqual([1, 2, 3]);
    expect(overQuota).toEqual([{ title: 'expert', quota: 2, shortlisted: 3 }]);
  });
  it('a title with no quota shortlists no one', () => {
    expect(
      shortlist([{ nominationId: 1, title: 'entrepreneur', combined: 9999 }], {}).ranked[0]!.shortlisted,
    ).toBe(false);
  });
});

describe('publicity window', () => {
  it('needs at least five days, both ends included, and valid dates', () => {
    expect(code(() => assertPublicityWindow('2026-06-01', '2026-06-05'))).toBe('ok');
    expect(code(() => assertPublicityWindow('2026-06-01', '2026-06-04'))).toBe(
      'BAD_INPUT:talent.publicityTooShort',
    );
    expect(code(() => assertPublicityWindow('2026-6-1', '2026-06-30'))).toBe('BAD_INPUT:talent.badDate');
  });
});
