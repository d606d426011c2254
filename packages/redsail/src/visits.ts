/**
 * Contact points (联系点): each district-level leader's enterprises and visit records; a
 * yearly minimum of visits per leader, with the worker's reminder before the year ends.
 * Pure rules first, the repository below them.
 */
import { DomainError, nowIso, shanghaiDate } from '@zhanqian/core';
import { sql } from '@zhanqian/db';
import { type Area, assertAccounts, type Db, isUniqueViolation, streetsIn } from './db.ts';

/** The default yearly minimum and the default start of the year-end reminder window. */
export const DEFAULT_MIN_VISITS = 4;
export const DEFAULT_REMIND_FROM = '12-01';

export interface VisitRule {
  year: number;
  minVisits: number;
  /** 'YYYY-MM-DD': from this day to Dec 31 the worker reminds leaders below the minimum. */
  remindFrom: string;
}

export const defaultRule = (year: number): VisitRule => ({
  year,
  minVisits: DEFAULT_MIN_VISITS,
  remindFrom: `${year}-${DEFAULT_REMIND_FROM}`,
});

export interface LeaderVisits {
  leaderId: number;
  visits: number;
}

/**
 * The leaders below the year's minimum, with how many visits they miss (fewest visits first,
 * then by id). A leader with no visit at all counts with 0.
 *
 * @example belowMinimum([{ leaderId: 1, visits: 1 }, { leaderId: 2, visits: 4 }], 4) // [{ leaderId: 1, visits: 1, missing: 3 }]
 */
export function belowMinimum(counts: readonly LeaderVisits[], minVisits: number) {
  return counts
    .filter((c) => c.visits < minVisits)
    .map((c) => ({ ...c, missing: minVisits - c.visits }))
    .sort((a, b) => a.visits - b.visits || a.leaderId - b.leaderId);
}

/**
 * Whether a day is in the year-end reminder window of a rule: from `remindFrom` to Dec 31.
 *
 * @example inReminderWindow('2026-12-05', defaultRule(2026)) // true
 * @example inReminderWindow('2027-01-02', defaultRule(2026)) // false
 */
export const inReminderWindow = (day: string, rule: VisitRule): boolean =>
  day >= rule.remindFrom && day <= `${rule.year}-12-31`;

// ---------------------------------------------------------------- repository

export async function visitRule(db: Db, year: number): Promise<VisitRule> {
  const r = await db.selectFrom('rs_visit_minimum').selectAll().where('year', '=', year).executeTakeFirst();
  return r ? { year, minVisits: r.min_visits, remindFrom: r.remind_from } : defaultRule(year);
}

export async function setVisitRule(
  db: Db,
  rule: VisitRule,
): Promise<{ before: VisitRule; after: VisitRule }> {
  const before = await visitRule(db, rule.year);
  await db
    .insertInto('rs_visit_minimum')
    .values({
      year: rule.year,
      min_visits: rule.minVisits,
      remind_from: rule.remindFrom,
      updated_at: nowIso(),
    })
    .onConflict((oc) =>
      oc
        .column('year')
        .doUpdateSet({ min_visits: rule.minVisits, remind_from: rule.remindFrom, updated_at: nowIso() }),
    )
    .execute();
  return { before, after: rule };
}

export async function createLeader(db: Db, input: { name: string; title: string; userId: number | null }) {
  if (input.userId !== null) await assertAccounts(db, [input.userId]);
  return db
    .insertInto('rs_leader')
    .values({ name: input.name, title: input.title, user_id: input.userId, created_at: nowIso() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getLeader(db: Db, id: number) {
  const l = await db.selectFrom('rs_leader').selectAll().where('id', '=', id).executeTakeFirst();
  if (!l) throw new DomainError('NOT_FOUND', 'redsail.leaderNotFound', { id });
  return l;
}

export async function addContactPoint(
  db: Db,
  input: { leaderId: number; enterpriseId: number; since: string },
) {
  await getLeader(db, input.leaderId);
  try {
    return await db
      .insertInto('rs_contact_point')
      .values({
        leader_id: input.leaderId,
        enterprise_id: input.enterpriseId,
        since: input.since,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError('CONFLICT', 'redsail.contactPointExists');
    throw e;
  }
}

export async function getContactPoint(db: Db, id: number) {
  const cp = await db
    .selectFrom('rs_contact_point as cp')
    .innerJoin('rs_enterprise as e', 'e.id', 'cp.enterprise_id')
    .select([
      'cp.id',
      'cp.leader_id',
      'cp.enterprise_id',
      'cp.since',
      'e.street_id',
      'e.name as enterprise_name',
    ])
    .where('cp.id', '=', id)
    .executeTakeFirst();
  if (!cp) throw new DomainError('NOT_FOUND', 'redsail.contactPointNotFound', { id });
  return cp;
}

export interface VisitInput {
  contactPointId: number;
  visitDate: string;
  content: string;
  problemsRaised: string;
  problemsSolved: string;
  followUpOwner: string;
}

/** Records a visit (not in the future: a record of what happened). */
export async function recordVisit(db: Db, input: VisitInput, actorId: number | null, today = shanghaiDate()) {
  await getContactPoint(db, input.contactPointId);
  if (input.visitDate > today)
    throw new DomainError('BAD_INPUT', 'redsail.visitInFuture', { date: input.visitDate });
  return db
    .insertInto('rs_visit')
    .values({
      contact_point_id: input.contactPointId,
      visit_date: input.visitDate,
      content: input.content,
      problems_raised: input.problemsRaised,
      problems_solved: input.problemsSolved,
      follow_up_owner: input.followUpOwner,
      created_by: actorId,
      created_at: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Visits of the year per leader (every leader, 0 when none), set-based. */
export async function visitCounts(db: Db, year: number): Promise<LeaderVisits[]> {
  const rows = await db
    .selectFrom('rs_leader as l')
    .leftJoin('rs_contact_point as cp', 'cp.leader_id', 'l.id')
    .leftJoin('rs_visit as v', (j) =>
      j
        .onRef('v.contact_point_id', '=', 'cp.id')
        .on('v.visit_date', '>=', `${year}-01-01`)
        .on('v.visit_date', '<=', `${year}-12-31`),
    )
    .select(['l.id as leaderId', sql<number>`count(v.id)`.as('visits')])
    .groupBy('l.id')
    .orderBy('l.id')
    .execute();
  return rows.map((r) => ({ leaderId: r.leaderId, visits: Number(r.visits) }));
}

/** Leaders with their contact points and this year's visit count against the minimum. */
export async function leadersOverview(db: Db, area: Area, year: number) {
  const rule = await visitRule(db, year);
  const counts = new Map((await visitCounts(db, year)).map((c) => [c.leaderId, c.visits]));
  const leaders = await db.selectFrom('rs_leader').selectAll().orderBy('id').execute();
  const points = await db
    .selectFrom('rs_contact_point as cp')
    .innerJoin('rs_enterprise as e', 'e.id', 'cp.enterprise_id')
    .select([
      'cp.id',
      'cp.leader_id',
      'cp.enterprise_id',
      'cp.since',
      'e.name as enterprise_name',
      'e.street_id',
    ])
    .where('e.street_id', 'in', streetsIn(db, area))
    .orderBy('cp.id')
    .execute();
  return {
    rule,
    leaders: leaders.map((l) => {
      const visits = counts.get(l.id) ?? 0;
      return {
        id: l.id,
        name: l.name,
        title: l.title,
        visits,
        minVisits: rule.minVisits,
        below: visits < rule.minVisits,
        contactPoints: points.filter((p) => p.leader_id === l.id),
      };
    }),
  };
}

export async function listVisits(
  db: Db,
  area: Area,
  f: { contactPointId?: number; leaderId?: number; year?: number },
) {
  let q = db
    .selectFrom('rs_visit as v')
    .innerJoin('rs_contact_point as cp', 'cp.id', 'v.contact_point_id')
    .innerJoin('rs_enterprise as e', 'e.id', 'cp.enterprise_id')
    .innerJoin('rs_leader as l', 'l.id', 'cp.leader_id')
    .selectAll('v')
    .select(['e.name as enterprise_name', 'l.name as leader_name', 'cp.leader_id'])
    .where('e.street_id', 'in', streetsIn(db, area));
  if (f.contactPointId !== undefined) q = q.where('v.contact_point_id', '=', f.contactPointId);
  if (f.leaderId !== undefined) q = q.where('cp.leader_id', '=', f.leaderId);
  if (f.year !== undefined)
    q = q.where('v.visit_date', '>=', `${f.year}-01-01`).where('v.visit_date', '<=', `${f.year}-12-31`);
  return q.orderBy('v.visit_date', 'desc').orderBy('v.id', 'desc').limit(500).execute();
}

/**
 * The worker's year-end reminder: on a day in the window, every leader below the minimum gets
 * one notice for the year. The reminder row (primary key leader + year) is inserted first and
 * the notice only when that insert took, in one transaction: a retried or concurrent run, or
 * the next day's run, sends nothing twice.
 *
 * @example await sendVisitReminders(db, '2026-12-01') // { inWindow: true, below: 3, sent: 3 }
 */
export async function sendVisitReminders(db: Db, day: string = shanghaiDate()) {
  const year = Number(day.slice(0, 4));
  const rule = await visitRule(db, year);
  if (!inReminderWindow(day, rule)) return { inWindow: false, below: 0, sent: 0 };
  const below = belowMinimum(await visitCounts(db, year), rule.minVisits);
  let sent = 0;
  await db.transaction().execute(async (trx) => {
    for (const b of below) {
      const took = await trx
        .insertInto('rs_visit_reminder')
        .values({
          leader_id: b.leaderId,
          year,
          visits: b.visits,
          min_visits: rule.minVisits,
          sent_at: nowIso(),
        })
        .onConflict((oc) => oc.columns(['leader_id', 'year']).doNothing())
        .returning('leader_id')
        .executeTakeFirst();
      if (!took) continue;
      sent++;
      const leader = await getLeader(trx, b.leaderId);
      if (leader.user_id === null) continue;
      await trx
        .insertInto('notice')
        .values({
          recipient_user_id: leader.user_id,
          recipient_org_id: null,
          sender_user_id: null,
          kind: 'redsail_visit_reminder',
          title: `联系点走访提醒：${year} 年度还差 ${b.missing} 次`,
          body: `${leader.name}同志：您 ${year} 年度已走访联系点 ${b.visits} 次，年度最低要求 ${rule.minVisits} 次，请在年底前完成走访并登记。`,
          link: '/redsail/contacts',
          created_at: nowIso(),
        })
        .execute();
    }
  });
  return { inWindow: true, below: below.length, sent };
}
