import { describe, expect, it } from 'vitest';
import {
  type CandidateFacts,
  checkTransition,
  isLegalMove,
  nextStage,
  publicityEnd,
  rankCandidates,
  STAGES,
  type Stage,
  selfNominationRefusal,
  type TransitionFacts,
  weightedTotal,
} from './campaign.ts';

const cand = (id: number, over: Partial<CandidateFacts> = {}): CandidateFacts => ({
  id,
  qualified: true,
  exam: 8000,
  interview: 8000,
  inspection: 8000,
  decided: false,
  ...over,
});
const ready: TransitionFacts = {
  stage: 'announced',
  slots: 1,
  on: '2026-10-20',
  lastOn: '2026-10-01',
  publicityEnd: '2026-10-16',
  openObjections: 0,
  candidates: [cand(1, { decided: true }), cand(2)],
};
const at = (stage: Stage, over: Partial<TransitionFacts> = {}) => ({ ...ready, stage, ...over });
const ALL: Stage[] = [...STAGES, 'cancelled'];

describe('campaign state machine', () => {
  it('allows exactly the next stage, cancel before appointment, and publicity → decision', () => {
    for (const from of ALL)
      for (const to of ALL) {
        const legal =
          (to === nextStage(from) && to !== null) ||
          (to === 'cancelled' && from !== 'appointed' && from !== 'cancelled') ||
          (from === 'publicity' && to === 'decision');
        expect(isLegalMove(from, to), `${from} → ${to}`).toBe(legal);
        const r = checkTransition(at(from, { candidates: [cand(1)], slots: 1 }), to);
        if (!legal)
          expect(r, `${from} → ${to}`).toEqual({ key: 'cadres.campaign.illegal', params: { from, to } });
      }
  });
  it('goes back from publicity to decision only when upheld objections left nobody decided', () => {
    expect(checkTransition(at('publicity'), 'decision')).toEqual({
      key: 'cadres.campaign.redecide',
      params: { count: 1 },
    });
    expect(checkTransition(at('publicity', { candidates: [cand(1), cand(2)] }), 'decision')).toBeNull();
  });
  it('runs the whole path announce → … → appointment', () => {
    let stage: Stage = 'announced';
    const path: Stage[] = [stage];
    for (let next = nextStage(stage); next; next = nextStage(stage)) {
      expect(checkTransition(at(stage), next)).toBeNull();
      stage = next;
      path.push(stage);
    }
    expect(path).toEqual([...STAGES]);
  });
  it('refuses qualification review with no candidate', () => {
    expect(checkTransition(at('registration', { candidates: [] }), 'qualification')?.key).toBe(
      'cadres.campaign.noCandidates',
    );
  });
  it('refuses the exam while a review is pending or nobody qualified', () => {
    expect(
      checkTransition(at('qualification', { candidates: [cand(1, { qualified: null })] }), 'exam'),
    ).toEqual({
      key: 'cadres.campaign.reviewPending',
      params: { count: 1 },
    });
    expect(
      checkTransition(at('qualification', { candidates: [cand(1, { qualified: false })] }), 'exam')?.key,
    ).toBe('cadres.campaign.noneQualified');
  });
  it('refuses to leave a scored stage while a qualified candidate lacks its score', () => {
    const cs = [
      cand(1, { exam: null, interview: null, inspection: null }),
      cand(2, { qualified: false, exam: null }),
    ];
    expect(checkTransition(at('exam', { candidates: cs }), 'interview')).toEqual({
      key: 'cadres.campaign.scoresMissing',
      params: { stage: 'exam', count: 1 },
    });
    expect(checkTransition(at('interview', { candidates: cs }), 'inspection')?.params.stage).toBe(
      'interview',
    );
    expect(checkTransition(at('inspection', { candidates: cs }), 'decision')?.params.stage).toBe(
      'inspection',
    );
  });
  it('needs between 1 and the number of slots decided before publicity', () => {
    expect(checkTransition(at('decision', { candidates: [cand(1)] }), 'publicity')?.key).toBe(
      'cadres.campaign.decidedCount',
    );
    const two = [cand(1, { decided: true }), cand(2, { decided: true })];
    expect(checkTransition(at('decision', { candidates: two }), 'publicity')?.params).toEqual({
      count: 2,
      slots: 1,
    });
    expect(checkTransition(at('decision', { candidates: two, slots: 2 }), 'publicity')).toBeNull();
  });
  it('refuses appointment during publicity, with open objections, or with nobody decided', () => {
    expect(checkTransition(at('publicity', { on: '2026-10-16' }), 'appointed')).toEqual({
      key: 'cadres.campaign.publicityRunning',
      params: { end: '2026-10-16' },
    });
    expect(checkTransition(at('publicity', { publicityEnd: null }), 'appointed')?.key).toBe(
      'cadres.campaign.publicityRunning',
    );
    expect(checkTransition(at('publicity', { openObjections: 2 }), 'appointed')?.key).toBe(
      'cadres.campaign.openObjections',
    );
    expect(checkTransition(at('publicity', { candidates: [cand(1)] }), 'appointed')?.key).toBe(
      'cadres.campaign.decidedCount',
    );
  });
  it('refuses a transition dated before the last one', () => {
    expect(checkTransition(at('announced', { on: '2026-09-30' }), 'registration')?.key).toBe(
      'cadres.campaign.backdated',
    );
  });
  it('puts 5 working days of publicity across the National Day holiday', () => {
    expect(publicityEnd('2026-09-29')).toBe('2026-10-10');
    expect(
      checkTransition(at('publicity', { publicityEnd: '2026-10-10', on: '2026-10-10' }), 'appointed'),
    ).not.toBeNull();
    expect(
      checkTransition(at('publicity', { publicityEnd: '2026-10-10', on: '2026-10-11' }), 'appointed'),
    ).toBeNull();
  });
});

describe('self-nomination window (nominations close with registration)', () => {
  it('is open for an open post with no campaign or a campaign in registration, and only then', () => {
    for (const status of ['open', 'filled', 'closed'] as const)
      for (const stage of [null, ...ALL]) {
        const r = selfNominationRefusal(status, stage);
        const label = `${status} / ${stage}`;
        if (status !== 'open') expect(r, label).toEqual({ key: 'cadres.vacancyNotOpen', params: {} });
        else if (stage === null || stage === 'registration') expect(r, label).toBeNull();
        else if (stage === 'announced')
          expect(r, label).toEqual({ key: 'cadres.selfNomination.notYet', params: {} });
        else if (stage === 'cancelled')
          expect(r, label).toEqual({ key: 'cadres.selfNomination.cancelled', params: {} });
        else expect(r, label).toEqual({ key: 'cadres.selfNomination.closed', params: { stage } });
      }
  });
  it('refuses every stage past registration, 任前公示 included', () => {
    const past = STAGES.slice(STAGES.indexOf('registration') + 1);
    expect(past).toContain('publicity');
    for (const stage of past)
      expect(selfNominationRefusal('open', stage)?.key, stage).toBe('cadres.selfNomination.closed');
  });
});

describe('open vote', () => {
  it('keeps the campaign where it is while a vote is open, but lets it be cancelled', () => {
    const decided = at('decision', { openVote: true });
    expect(checkTransition(decided, 'publicity')).toEqual({ key: 'cadres.campaign.voteOpen', params: {} });
    expect(checkTransition(decided, 'cancelled')).toBeNull();
    expect(checkTransition(at('decision', { openVote: false }), 'publicity')).toBeNull();
  });
});

describe('scores and ranking', () => {
  const w = { exam: 4000, interview: 4000, inspection: 2000 };
  it('weights stage scores in integers, rounding half up once', () => {
    expect(weightedTotal({ exam: 8000, interview: 9000, inspection: 8500 }, w)).toBe(8500);
    expect(weightedTotal({ exam: 8001, interview: 8000, inspection: 8000 }, w)).toBe(8000); // 8000.4
    expect(
      weightedTotal(
        { exam: 8001, interview: 8001, inspection: 8000 },
        { exam: 2500, interview: 2500, inspection: 5000 },
      ),
    ).toBe(8001); // 8000.5
  });
  it('ranks qualified candidates with ties shown (1, 2, 2, 4)', () => {
    const r = rankCandidates(
      [
        cand(1, { exam: 7000 }),
        cand(2, { exam: 9000 }),
        cand(3, { exam: 8000 }),
        cand(4, { exam: 8000 }),
        cand(5, { qualified: false, exam: 10000 }),
      ],
      w,
    );
    expect(r.map((x) => [x.id, x.rank, x.tied])).toEqual([
      [2, 1, false],
      [3, 2, true],
      [4, 2, true],
      [1, 4, false],
    ]);
  });
});
