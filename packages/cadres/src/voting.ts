import { randomUUID } from 'node:crypto';
import { DomainError, nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { subtreeIds } from '@zhanqian/org';
import { type CampaignKind, type Refusal, type Stage, withStageLabels } from './campaign.ts';
import { getCampaign } from './selection.ts';
import { checkBallot, checkOpenVote, countVotes, seatsLeft, VOTE_STAGE, type VoteCount } from './vote.ts';

type Db = Kysely<Database>;

// 公推直选 votes: the queries around the pure rules of vote.ts. What a voter chose is written
// only to cadre_ballot (random id, no voter, no time); that they voted only to cadre_vote_roll.

function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

const refuse = (kind: 'PRECONDITION_FAILED' | 'CONFLICT' | 'BAD_INPUT', r: Refusal): never => {
  throw new DomainError(kind, r.key, withStageLabels(r.params));
};

/**
 * The electors of a unit: full members (正式党员) on the roll (status active) of the branches in
 * its subtree. Probationary members have no vote.
 */
export const electorsOf = (db: Db, unitId: number) =>
  db
    .selectFrom('member')
    .where('member.branch_id', 'in', subtreeIds(db, unitId))
    .where('member.status', '=', 'active')
    .where('member.category', '=', 'full');

const parseIds = (json: string) => JSON.parse(json) as number[];

export async function getVote(db: Db, id: number) {
  const v = await db.selectFrom('cadre_vote').selectAll().where('id', '=', id).executeTakeFirst();
  if (!v) throw new DomainError('NOT_FOUND', 'cadres.vote.notFound', { id });
  return v;
}

/**
 * Opens a round of a 公推直选 campaign in its decision stage: the ballot (every qualified
 * candidate not yet decided, or the ones given, e.g. those tied in the last round), the seats
 * left, the roll of electors fixed now, and an optional quorum (percent of the electorate).
 */
export async function openVote(
  db: Db,
  input: {
    campaignId: number;
    candidateIds?: number[] | undefined;
    quorumPct: number | null;
    on: string;
    today: string;
    actorId: number | null;
  },
) {
  if (input.on > input.today) throw new DomainError('BAD_INPUT', 'cadres.futureDate', { on: input.on });
  return inTransaction(db, async (trx) => {
    const k = await getCampaign(trx, input.campaignId);
    const cands = await trx
      .selectFrom('cadre_candidate')
      .select(['id', 'qualified', 'decided'])
      .where('campaign_id', '=', k.id)
      .orderBy('id')
      .execute();
    const decided = cands.filter((c) => c.decided === 1).length;
    const standing = cands.filter((c) => c.qualified === 1 && c.decided !== 1).map((c) => c.id);
    const ballot = input.candidateIds ? [...input.candidateIds].sort((a, b) => a - b) : standing;
    const open = await trx
      .selectFrom('cadre_vote')
      .select('id')
      .where('campaign_id', '=', k.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    const electorate = Number(
      (await electorsOf(trx, k.org_unit_id).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow())
        .n,
    );
    const refusal = checkOpenVote({
      kind: k.kind as CampaignKind,
      stage: k.stage as Stage,
      slots: k.slots,
      decided,
      openVote: open !== undefined,
      standing,
      ballot,
      electorate,
      quorumPct: input.quorumPct,
    });
    if (refusal)
      refuse(
        refusal.key === 'cadres.vote.alreadyOpen'
          ? 'CONFLICT'
          : refusal.key === 'cadres.vote.badQuorum'
            ? 'BAD_INPUT'
            : 'PRECONDITION_FAILED',
        refusal,
      );
    const last = await trx
      .selectFrom('cadre_vote')
      .select(sql<number>`max(round)`.as('n'))
      .where('campaign_id', '=', k.id)
      .executeTakeFirst();
    const vote = await trx
      .insertInto('cadre_vote')
      .values({
        campaign_id: k.id,
        round: Number(last?.n ?? 0) + 1,
        status: 'open',
        seats: seatsLeft(k.slots, decided),
        candidates_json: JSON.stringify(ballot),
        electorate,
        quorum_pct: input.quorumPct,
        opened_on: input.on,
        opened_at: nowIso(),
        opened_by: input.actorId,
        closed_at: null,
        closed_by: null,
        result_json: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('cadre_vote_roll')
      .columns(['vote_id', 'member_id', 'voted'])
      .expression(
        electorsOf(trx, k.org_unit_id).select([
          sql<number>`cast(${vote.id} as integer)`.as('vote_id'),
          'member.id as member_id',
          sql<number>`cast(0 as integer)`.as('voted'),
        ]),
      )
      .execute();
    return { vote, campaign: k };
  });
}

/**
 * Casts a member's ballot in an open round: the member must be on its roll and not have voted;
 * the ballot marks at most the seats, each candidate once. In one transaction the roll marks
 * that the member voted (a conditional update: counted once, also under parallel requests) and
 * a ballot with a random id and no voter is stored. Returns nothing about the choice.
 */
export async function castBallot(db: Db, input: { voteId: number; memberId: number; choices: number[] }) {
  return inTransaction(db, async (trx) => {
    const v = await getVote(trx, input.voteId);
    // Takes the round's row lock on PostgreSQL: a count waits for ballots being cast, and a
    // ballot cast after the count began finds the round closed.
    const still = await trx
      .updateTable('cadre_vote')
      .set({ status: 'open' })
      .where('id', '=', v.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(still.numUpdatedRows) !== 1)
      throw new DomainError('PRECONDITION_FAILED', 'cadres.vote.closed');
    const k = await getCampaign(trx, v.campaign_id);
    if (k.stage !== VOTE_STAGE) throw new DomainError('PRECONDITION_FAILED', 'cadres.vote.closed');
    const onRoll = await trx
      .selectFrom('cadre_vote_roll')
      .select('voted')
      .where('vote_id', '=', v.id)
      .where('member_id', '=', input.memberId)
      .executeTakeFirst();
    if (!onRoll) throw new DomainError('FORBIDDEN', 'cadres.vote.notElector');
    if (onRoll.voted === 1) throw new DomainError('CONFLICT', 'cadres.vote.alreadyVoted');
    const bad = checkBallot(input.choices, { candidates: parseIds(v.candidates_json), seats: v.seats });
    if (bad) refuse('BAD_INPUT', bad);
    const marked = await trx
      .updateTable('cadre_vote_roll')
      .set({ voted: 1 })
      .where('vote_id', '=', v.id)
      .where('member_id', '=', input.memberId)
      .where('voted', '=', 0)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', 'cadres.vote.alreadyVoted');
    await trx
      .insertInto('cadre_ballot')
      .values({
        vote_id: v.id,
        id: randomUUID(),
        choices: JSON.stringify([...input.choices].sort((a, b) => a - b)),
      })
      .execute();
    return { voteId: v.id, campaignId: k.id, round: v.round, orgUnitId: k.org_unit_id };
  });
}

/**
 * Closes a round and counts it. The elected become the campaign's decided candidates (拟任人选)
 * in the same transaction; ties and unfilled seats are left for another round. The ballots are
 * rewritten in the order of their random ids, so that no physical order follows the voting.
 */
export async function closeVote(db: Db, input: { voteId: number; actorId: number | null }) {
  return inTransaction(db, async (trx) => {
    const before = await getVote(trx, input.voteId);
    const closedAt = nowIso();
    const closing = await trx
      .updateTable('cadre_vote')
      .set({ status: 'counted', closed_at: closedAt, closed_by: input.actorId })
      .where('id', '=', before.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(closing.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', 'cadres.vote.closed');
    const k = await getCampaign(trx, before.campaign_id);
    const ballots = await trx
      .selectFrom('cadre_ballot')
      .select(['id', 'choices'])
      .where('vote_id', '=', before.id)
      .orderBy('id')
      .execute();
    const count = countVotes({
      electorate: before.electorate,
      seats: before.seats,
      candidates: parseIds(before.candidates_json),
      ballots: ballots.map((b) => parseIds(b.choices)),
      quorumPct: before.quorum_pct,
    });
    await trx
      .updateTable('cadre_vote')
      .set({ result_json: JSON.stringify(count) })
      .where('id', '=', before.id)
      .execute();
    if (ballots.length > 0) {
      await trx.deleteFrom('cadre_ballot').where('vote_id', '=', before.id).execute();
      for (let i = 0; i < ballots.length; i += 500)
        await trx
          .insertInto('cadre_ballot')
          .values(ballots.slice(i, i + 500).map((b) => ({ vote_id: before.id, ...b })))
          .execute();
    }
    if (k.stage === VOTE_STAGE && count.elected.length > 0)
      await trx
        .updateTable('cadre_candidate')
        .set({ decided: 1 })
        .where('campaign_id', '=', k.id)
        .where('id', 'in', count.elected)
        .execute();
    const after = await getVote(trx, before.id);
    return { before, after, count, campaign: k };
  });
}

export interface VoteView {
  id: number;
  campaignId: number;
  round: number;
  status: 'open' | 'counted';
  seats: number;
  candidateIds: number[];
  electorate: number;
  voted: number;
  quorumPct: number | null;
  openedOn: string;
  openedAt: string;
  closedAt: string | null;
  result: VoteCount | null;
}

async function viewOf(db: Db, v: Awaited<ReturnType<typeof getVote>>): Promise<VoteView> {
  const voted = await db
    .selectFrom('cadre_vote_roll')
    .select(sql<number>`count(*)`.as('n'))
    .where('vote_id', '=', v.id)
    .where('voted', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    id: v.id,
    campaignId: v.campaign_id,
    round: v.round,
    status: v.status,
    seats: v.seats,
    candidateIds: parseIds(v.candidates_json),
    electorate: v.electorate,
    voted: Number(voted.n),
    quorumPct: v.quorum_pct,
    openedOn: v.opened_on,
    openedAt: v.opened_at,
    closedAt: v.closed_at,
    result: v.result_json ? (JSON.parse(v.result_json) as VoteCount) : null,
  };
}

/** The rounds of a campaign, latest first, with turnout and (once counted) the result. */
export async function campaignVotes(db: Db, campaignId: number): Promise<VoteView[]> {
  const rows = await db
    .selectFrom('cadre_vote')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('round', 'desc')
    .execute();
  const out: VoteView[] = [];
  for (const v of rows) out.push(await viewOf(db, v));
  return out;
}

/** A round's view (turnout, result) for the cadre section. */
export async function voteView(db: Db, voteId: number): Promise<VoteView> {
  return viewOf(db, await getVote(db, voteId));
}

/**
 * The rounds a member is on the roll of (open ones first), each with its campaign, the
 * candidates on the ballot (name, unit, post: what an elector needs), whether the member has
 * voted, and once counted who was elected. Never what the member chose.
 */
export async function votesForMember(db: Db, memberId: number) {
  const rows = await db
    .selectFrom('cadre_vote_roll as r')
    .innerJoin('cadre_vote as v', 'v.id', 'r.vote_id')
    .innerJoin('cadre_campaign as k', 'k.id', 'v.campaign_id')
    .innerJoin('cadre_vacancy as p', 'p.id', 'k.vacancy_id')
    .innerJoin('org_unit as u', 'u.id', 'p.org_unit_id')
    .select([
      'v.id',
      'v.round',
      'v.status',
      'v.seats',
      'v.candidates_json',
      'v.opened_on',
      'v.result_json',
      'r.voted',
      'k.id as campaign_id',
      'k.title as campaign_title',
      'k.stage as campaign_stage',
      'p.title as vacancy_title',
      'u.name as unit_name',
    ])
    .where('r.member_id', '=', memberId)
    .orderBy('v.id', 'desc')
    .execute();
  const ids = [...new Set(rows.flatMap((r) => parseIds(r.candidates_json)))];
  const people =
    ids.length === 0
      ? []
      : await db
          .selectFrom('cadre_candidate as cc')
          .innerJoin('cadre as c', 'c.id', 'cc.cadre_id')
          .innerJoin('org_unit as u', 'u.id', 'c.org_unit_id')
          .select(['cc.id', 'c.name', 'c.post_title', 'u.name as unit_name'])
          .where('cc.id', 'in', ids)
          .execute();
  const byId = new Map(people.map((p) => [p.id, p]));
  const items = rows.map((r) => {
    const result = r.result_json ? (JSON.parse(r.result_json) as VoteCount) : null;
    // A round of a campaign cancelled meanwhile takes no more ballots.
    const open = r.status === 'open' && r.campaign_stage === VOTE_STAGE;
    return {
      id: r.id,
      round: r.round,
      status: r.status,
      open,
      seats: r.seats,
      openedOn: r.opened_on,
      voted: r.voted === 1,
      campaignId: r.campaign_id,
      campaignTitle: r.campaign_title,
      vacancyTitle: r.vacancy_title,
      unitName: r.unit_name,
      candidates: parseIds(r.candidates_json).map((id) => {
        const p = byId.get(id);
        return {
          id,
          name: p?.name ?? '',
          post: p ? `${p.unit_name} · ${p.post_title}` : '',
        };
      }),
      elected: result ? result.elected : null,
      quorumMet: result ? result.quorumMet : null,
    };
  });
  items.sort((a, b) => Number(b.open) - Number(a.open) || b.id - a.id);
  return { total: items.length, rows: items };
}
