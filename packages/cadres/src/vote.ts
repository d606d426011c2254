import { divRoundHalfUp } from '@zhanqian/core';
import type { CampaignKind, Refusal, Stage } from './campaign.ts';

/**
 * 公推直选: the direct election of a 公推直选 campaign, as pure rules.
 *
 * - The vote is held in the decision stage (讨论决定): the members elect, and whoever is elected
 *   becomes the campaign's decided candidate (拟任人选), which then goes to publicity.
 * - The electorate is fixed when the vote opens: the full members (正式党员) on the roll of the
 *   branches in the subtree of the post's unit. Probationary members have no vote (党章第七条:
 *   预备党员……除了没有表决权、选举权和被选举权以外，也同正式党员一样).
 * - A ballot marks at most as many candidates as there are seats; a blank ballot is a ballot.
 * - Elected: more than half of the ballots cast (《中国共产党基层组织选举工作条例》: 被选举人获得的
 *   赞成票超过实到会有选举权的人数的一半，始得当选), the most votes first, up to the seats. When
 *   candidates with equal votes straddle the last seat, none of them is elected and they go to
 *   another round for the seats left (得票数相等不能确定当选人时，应当就票数相等的被选举人重新投票).
 * - Quorum: optional, set when the vote opens as a percentage of the electorate that the ballots
 *   cast must exceed (the 条例's 党员大会 asks for more than four fifths: 80). Below it the
 *   round elects nobody.
 */

/** The stage a 公推直选 vote is held in. */
export const VOTE_STAGE: Stage = 'decision';
/** The quorum of the 条例's 党员大会: ballots cast must exceed four fifths of the electorate. */
export const PARTY_CONGRESS_QUORUM_PCT = 80;

export interface OpenVoteFacts {
  kind: CampaignKind;
  stage: Stage;
  slots: number;
  /** Candidates already decided (by an earlier round). */
  decided: number;
  /** A round of this campaign is open. */
  openVote: boolean;
  /** The qualified candidates not yet decided: who may stand. */
  standing: readonly number[];
  /** Who is put on the ballot (defaults to everyone standing). */
  ballot: readonly number[];
  /** Full members on the roll of the post's unit. */
  electorate: number;
  quorumPct: number | null;
}

/**
 * Whether a round may open, and if not, why: a 公推直选 campaign in its decision stage, no
 * other round open, a seat left, a ballot of standing candidates, somebody to vote.
 * @example checkOpenVote({ ...facts, kind: 'competitive' }) // { key: 'cadres.vote.notDirect', params: {} }
 */
export function checkOpenVote(f: OpenVoteFacts): Refusal | null {
  if (f.kind !== 'direct_election') return { key: 'cadres.vote.notDirect', params: {} };
  if (f.stage !== VOTE_STAGE) return { key: 'cadres.vote.wrongStage', params: { stage: f.stage } };
  if (f.openVote) return { key: 'cadres.vote.alreadyOpen', params: {} };
  if (f.slots - f.decided < 1) return { key: 'cadres.vote.noSeats', params: { slots: f.slots } };
  if (f.ballot.length === 0) return { key: 'cadres.vote.noCandidates', params: {} };
  if (new Set(f.ballot).size !== f.ballot.length) return { key: 'cadres.vote.duplicateChoice', params: {} };
  const standing = new Set(f.standing);
  const off = f.ballot.filter((c) => !standing.has(c));
  if (off.length > 0) return { key: 'cadres.vote.notStanding', params: { ids: off.join(', ') } };
  if (f.electorate < 1) return { key: 'cadres.vote.noElectorate', params: {} };
  if (f.quorumPct !== null && (!Number.isInteger(f.quorumPct) || f.quorumPct < 1 || f.quorumPct > 99))
    return { key: 'cadres.vote.badQuorum', params: {} };
  return null;
}

/** The seats a new round fills: the campaign's slots less those already decided. */
export const seatsLeft = (slots: number, decided: number): number => Math.max(0, slots - decided);

/**
 * Whether a ballot is valid: distinct candidates, all on the ballot, no more than the seats.
 * @example checkBallot([1, 1], { candidates: [1, 2], seats: 1 }) // { key: 'cadres.vote.duplicateChoice', params: {} }
 */
export function checkBallot(
  choices: readonly number[],
  ballot: { candidates: readonly number[]; seats: number },
): Refusal | null {
  if (new Set(choices).size !== choices.length) return { key: 'cadres.vote.duplicateChoice', params: {} };
  const on = new Set(ballot.candidates);
  if (choices.some((c) => !on.has(c))) return { key: 'cadres.vote.notOnBallot', params: {} };
  if (choices.length > ballot.seats)
    return { key: 'cadres.vote.tooManyChoices', params: { seats: ballot.seats } };
  return null;
}

export interface Tally {
  candidateId: number;
  votes: number;
  /** Share of the ballots cast, in hundredths of a percent (10000 = every ballot). */
  share: number;
  /** More than half of the ballots cast. */
  majority: boolean;
}

export interface VoteCount {
  electorate: number;
  seats: number;
  /** Ballots cast: the turnout (到会人数), blank and invalid ones included. */
  cast: number;
  blank: number;
  /** Ballots that mark too many candidates, one twice or one not on the ballot (废票). */
  invalid: number;
  /** Turnout in hundredths of a percent of the electorate. */
  turnout: number;
  quorumPct: number | null;
  quorumMet: boolean;
  /** The least number of votes that is more than half of the ballots cast. */
  needed: number;
  /** Every candidate on the ballot, most votes first (equal votes by candidate id). */
  tallies: Tally[];
  /** Elected, most votes first. */
  elected: number[];
  /** Equal votes straddling the last seat: none of them elected, they go to another round. */
  tied: number[];
  /** Seats this round leaves unfilled. */
  unfilled: number;
}

/**
 * Counts one round: turnout and quorum, each candidate's votes, who is elected and who ties.
 * @example countVotes({ electorate: 3, seats: 1, candidates: [1, 2], ballots: [[1], [1], [2]], quorumPct: null }).elected // [1]
 */
export function countVotes(input: {
  electorate: number;
  seats: number;
  candidates: readonly number[];
  ballots: readonly (readonly number[])[];
  quorumPct: number | null;
}): VoteCount {
  const { electorate, seats, candidates, ballots, quorumPct } = input;
  const votes = new Map<number, number>(candidates.map((c) => [c, 0]));
  let blank = 0;
  let invalid = 0;
  for (const b of ballots) {
    if (checkBallot(b, { candidates, seats }) !== null) invalid++;
    else if (b.length === 0) blank++;
    else for (const c of b) votes.set(c, votes.get(c)! + 1);
  }
  const cast = ballots.length;
  const needed = Math.floor(cast / 2) + 1;
  const quorumMet = quorumPct === null || cast * 100 > electorate * quorumPct;
  const tallies: Tally[] = [...votes]
    .map(([candidateId, v]) => ({
      candidateId,
      votes: v,
      share: cast === 0 ? 0 : divRoundHalfUp(v * 10000, cast),
      majority: v * 2 > cast,
    }))
    .sort((a, b) => b.votes - a.votes || a.candidateId - b.candidateId);
  let elected: number[] = [];
  let tied: number[] = [];
  if (quorumMet && seats >= 1) {
    const passing = tallies.filter((t) => t.majority);
    if (passing.length <= seats) elected = passing.map((t) => t.candidateId);
    else {
      const cut = passing[seats - 1]!.votes;
      if (passing[seats]!.votes === cut) {
        elected = passing.filter((t) => t.votes > cut).map((t) => t.candidateId);
        tied = passing.filter((t) => t.votes === cut).map((t) => t.candidateId);
      } else elected = passing.slice(0, seats).map((t) => t.candidateId);
    }
  }
  return {
    electorate,
    seats,
    cast,
    blank,
    invalid,
    turnout: electorate === 0 ? 0 : divRoundHalfUp(cast * 10000, electorate),
    quorumPct,
    quorumMet,
    needed,
    tallies,
    elected,
    tied,
    unfilled: seats - elected.length,
  };
}
