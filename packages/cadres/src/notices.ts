import type { Database, Kysely } from '@zhanqian/db';
import { notify } from '@zhanqian/notify';

type Db = Kysely<Database>;

const OUTCOMES = {
  qualified: ['资格审查通过', 'passed the qualification review'],
  unqualified: ['资格审查未通过', 'did not pass the qualification review'],
  decided: ['确定为拟任人选', 'chosen as the appointee'],
  undecided: ['不再作为拟任人选', 'no longer the appointee'],
} as const;

/**
 * Tells a candidate (the account of the cadre's member record) and whoever nominated them
 * how their entry was decided, in the decision's transaction.
 */
export async function notifyCandidateDecided(
  db: Db,
  candidate: { id: number; campaign_id: number; cadre_id: number; nomination_id: number | null },
  outcome: keyof typeof OUTCOMES,
): Promise<void> {
  const campaign = await db
    .selectFrom('cadre_campaign')
    .select('title')
    .where('id', '=', candidate.campaign_id)
    .executeTakeFirst();
  const own = await db
    .selectFrom('app_user as u')
    .innerJoin('cadre as c', 'c.member_id', 'u.member_id')
    .select('u.id')
    .where('c.id', '=', candidate.cadre_id)
    .where('u.disabled', '=', 0)
    .execute();
  const nominator =
    candidate.nomination_id === null
      ? undefined
      : await db
          .selectFrom('cadre_nomination')
          .select('recommender_user_id')
          .where('id', '=', candidate.nomination_id)
          .executeTakeFirst();
  const to = [...own.map((u) => u.id), nominator?.recommender_user_id ?? null].filter(
    (u): u is number => u !== null,
  );
  const [zh, en] = OUTCOMES[outcome];
  await notify(db, {
    to: { userIds: to },
    kind: 'cadres.nomination_decided',
    params: { campaign: campaign?.title ?? String(candidate.campaign_id), outcomeZh: zh, outcomeEn: en },
    link: `/cadres/campaigns/${candidate.campaign_id}`,
    linkM: `/cadres/campaign/${candidate.campaign_id}`,
  });
}
