import type { Database, Kysely, ScoringReport } from '@zhanqian/db';
import { notify } from '@zhanqian/notify';

type Db = Kysely<Database>;

/**
 * Tells each reporter that their report was approved or returned (with the reason), in the
 * review's transaction. Reports loaded by the seeds or an import (no reporter) notify nobody.
 */
export async function notifyReviewed(db: Db, reports: readonly ScoringReport[]): Promise<void> {
  const mine = reports.filter(
    (r) => r.reported_by !== null && (r.status === 'approved' || r.status === 'returned'),
  );
  if (!mine.length) return;
  const names = new Map<number, string>();
  const ids = [...new Set(mine.map((r) => r.indicator_id))];
  for (let i = 0; i < ids.length; i += 500)
    for (const n of await db
      .selectFrom('scoring_node')
      .select(['id', 'name'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute())
      names.set(n.id, n.name);
  await notify(
    db,
    mine.map((r) => ({
      to: { userId: r.reported_by! },
      kind:
        r.status === 'approved' ? ('scoring.report_approved' as const) : ('scoring.report_returned' as const),
      params: {
        year: r.year,
        indicator: names.get(r.indicator_id) ?? String(r.indicator_id),
        ...(r.status === 'returned' ? { reason: r.return_reason ?? '' } : {}),
      },
      link: '/scoring/report',
      linkM: `/scoring/report/${r.indicator_id}`,
      senderUserId: r.reviewed_by,
    })),
  );
}

/** Tells whoever raised an objection how it was answered. */
export async function notifyObjectionAnswered(
  db: Db,
  o: {
    raised_by: number | null;
    year: number;
    status: string;
    response: string | null;
    resolved_by: number | null;
  },
): Promise<void> {
  if (o.raised_by === null) return;
  await notify(db, {
    to: { userId: o.raised_by },
    kind: o.status === 'upheld' ? 'scoring.objection_upheld' : 'scoring.objection_rejected',
    params: { year: o.year, response: o.response ?? '' },
    link: '/scoring/objections',
    senderUserId: o.resolved_by,
  });
}
