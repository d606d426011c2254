import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STAGES, type Stage } from './campaign.ts';
import { checkBallot, checkOpenVote, countVotes, type OpenVoteFacts, seatsLeft } from './vote.ts';

const facts: OpenVoteFacts = {
  kind: 'direct_election',
  stage: 'decision',
  slots: 1,
  decided: 0,
  openVote: false,
  standing: [1, 2, 3],
  ballot: [1, 2, 3],
  electorate: 25,
  quorumPct: null,
};
const ALL: Stage[] = [...STAGES, 'cancelled'];

describe('opening a round of the direct election', () => {
  it('opens only for 公推直选 in the decision stage', () => {
    expect(checkOpenVote(facts)).toBeNull();
    for (const kind of ['public_selection', 'competitive'] as const)
      expect(checkOpenVote({ ...facts, kind })).toEqual({ key: 'cadres.vote.notDirect', params: {} });
    for (const stage of ALL)
      expect(checkOpenVote({ ...facts, stage }), stage).toEqual(
        stage === 'decision' ? null : { key: 'cadres.vote.wrongStage', params: { stage } },
      );
  });
  it('refuses a second open round, full seats, an empty or foreign ballot, nobody to vote, a bad quorum', () => {
    expect(checkOpenVote({ ...facts, openVote: true })?.key).toBe('cadres.vote.alreadyOpen');
    expect(checkOpenVote({ ...facts, decided: 1 })).toEqual({
      key: 'cadres.vote.noSeats',
      params: { slots: 1 },
    });
    expect(checkOpenVote({ ...facts, slots: 2, decided: 1 })).toBeNull();
    expect(checkOpenVote({ ...facts, ballot: [] })?.key).toBe('cadres.vote.noCandidates');
    expect(checkOpenVote({ ...facts, ballot: [1, 1] })?.key).toBe('cadres.vote.duplicateChoice');
    expect(checkOpenVote({ ...facts, ballot: [2, 9] })).toEqual({
      key: 'cadres.vote.notStanding',
      params: { ids: '9' },
    });
    expect(checkOpenVote({ ...facts, ballot: [2, 3] })).toBeNull(); // a runoff between two
    expect(checkOpenVote({ ...facts, electorate: 0 })?.key).toBe('cadres.vote.noElectorate');
    for (const q of [0, 100, 12.5, -1])
      expect(checkOpenVote({ ...facts, quorumPct: q })?.key, `${q}`).toBe('cadres.vote.badQuorum');
    expect(checkOpenVote({ ...facts, quorumPct: 80 })).toBeNull();
  });
  it('fills the seats left', () => {
    expect(seatsLeft(3, 1)).toBe(2);
    expect(seatsLeft(1, 1)).toBe(0);
  });
});

describe('a ballot', () => {
  const ballot = { candidates: [1, 2, 3], seats: 2 };
  it('marks up to the seats, each once, only names on the ballot; blank is allowed', () => {
    expect(checkBallot([], ballot)).toBeNull();
    expect(checkBallot([3, 1], ballot)).toBeNull();
    expect(checkBallot([1, 2, 3], ballot)).toEqual({
      key: 'cadres.vote.tooManyChoices',
      params: { seats: 2 },
    });
    expect(checkBallot([2, 2], ballot)?.key).toBe('cadres.vote.duplicateChoice');
    expect(checkBallot([4], ballot)?.key).toBe('cadres.vote.notOnBallot');
  });
});

describe('the count', () => {
  const count = (ballots: number[][], over: Partial<Parameters<typeof countVotes>[0]> = {}) =>
    countVotes({ electorate: 10, seats: 1, candidates: [1, 2, 3], ballots, quorumPct: null, ...over });

  it('elects the candidate with more than half of the ballots cast', () => {
    const r = count([[1], [1], [2], [1], []]);
    expect(r).toMatchObject({
      cast: 5,
      blank: 1,
      invalid: 0,
      needed: 3,
      elected: [1],
      tied: [],
      unfilled: 0,
    });
    expect(r.turnout).toBe(5000);
    expect(r.tallies).toEqual([
      { candidateId: 1, votes: 3, share: 6000, majority: true },
      { candidateId: 2, votes: 1, share: 2000, majority: false },
      { candidateId: 3, votes: 0, share: 0, majority: false },
    ]);
  });
  it('elects nobody without a majority: exactly half is not more than half, blank ballots count in the turnout', () => {
    expect(count([[1], [2]]).elected).toEqual([]);
    expect(count([[1], [1], [2], [2]])).toMatchObject({ elected: [], tied: [], unfilled: 1, needed: 3 });
    expect(count([[1], [], []])).toMatchObject({ elected: [], blank: 2 });
    expect(count([]).elected).toEqual([]);
  });
  it('leaves candidates with equal votes straddling the last seat to another round', () => {
    // two seats, four ballots of two marks: 1 gets 4, 2 and 3 get 3 each (both more than half)
    const r = count(
      [
        [1, 2],
        [1, 3],
        [1, 2],
        [1, 3],
        [2, 3],
      ],
      { seats: 2 },
    );
    expect(r.tallies.map((t) => [t.candidateId, t.votes])).toEqual([
      [1, 4],
      [2, 3],
      [3, 3],
    ]);
    expect(r).toMatchObject({ elected: [1], tied: [2, 3], unfilled: 1 });
    // a tie that fits inside the seats elects both
    expect(count([[1, 2], [1, 2], [3]], { seats: 2 })).toMatchObject({
      elected: [1, 2],
      tied: [],
      unfilled: 0,
    });
    // three tied for two seats: nobody elected, all three to another round
    expect(
      count(
        [
          [1, 2],
          [2, 3],
          [1, 3],
        ],
        { seats: 2 },
      ),
    ).toMatchObject({ elected: [], tied: [1, 2, 3], unfilled: 2 });
  });
  it('a round below the quorum elects nobody', () => {
    // quorum 80%: 8 of 10 is not more than four fifths, 9 is
    const eight = Array.from({ length: 8 }, () => [1]);
    expect(count(eight, { quorumPct: 80 })).toMatchObject({ quorumMet: false, elected: [], unfilled: 1 });
    expect(count([...eight, [2]], { quorumPct: 80 })).toMatchObject({ quorumMet: true, elected: [1] });
    expect(count(eight)).toMatchObject({ quorumMet: true, elected: [1] });
  });
  it('counts an ill-formed ballot as cast but invalid (废票)', () => {
    expect(count([[1, 2], [1], [1, 1], [9]])).toMatchObject({ cast: 4, invalid: 3, needed: 3, elected: [] });
  });
  it('holds for any ballots: votes add up, the elected have a majority and fit the seats, nobody both elected and tied', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.subarray([1, 2, 3, 4, 5]), { maxLength: 40 }),
        fc.option(fc.integer({ min: 1, max: 99 }), { nil: null }),
        (seats, raw, quorumPct) => {
          const ballots = raw.map((b) => b.slice(0, seats));
          const electorate = 40;
          const r = countVotes({ electorate, seats, candidates: [1, 2, 3, 4, 5], ballots, quorumPct });
          expect(r.cast).toBe(ballots.length);
          expect(r.tallies.reduce((a, t) => a + t.votes, 0)).toBe(ballots.reduce((a, b) => a + b.length, 0));
          expect(r.elected.length).toBeLessThanOrEqual(seats);
          expect(r.unfilled).toBe(seats - r.elected.length);
          const votes = new Map(r.tallies.map((t) => [t.candidateId, t.votes]));
          for (const e of r.elected) expect(votes.get(e)! * 2).toBeGreaterThan(r.cast);
          for (const t of r.tied) expect(r.elected).not.toContain(t);
          if (r.tied.length > 0) expect(r.elected.length + r.tied.length).toBeGreaterThan(seats);
          // every elected candidate has more votes than anyone not elected
          const minElected = Math.min(...r.elected.map((e) => votes.get(e)!));
          for (const t of r.tallies)
            if (!r.elected.includes(t.candidateId) && r.elected.length > 0)
              expect(t.votes).toBeLessThan(minElected);
          if (!r.quorumMet) expect(r.elected).toEqual([]);
          expect(r.quorumMet).toBe(quorumPct === null || ballots.length * 100 > electorate * quorumPct);
        },
      ),
    );
  });
});
