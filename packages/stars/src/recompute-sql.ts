import { sql } from '@zhanqian/db';
import type { RawBuilder } from 'kysely';
import type { CertifyPolicy } from './certify.ts';

/**
 * The certification rule in SQL, over a derived table x(own, mask, n, t), with the policy as
 * SQL expressions: the ten-star flag, then the reason code (see certify.ts).
 */
export function certifyExpr(
  num: RawBuilder<unknown>,
  den: RawBuilder<unknown>,
  empty: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`case when x.own = 10 and ((x.n = 0 and ${empty} = 1) or (x.n > 0 and ${den} * x.t >= ${num} * x.n)) then 1 else 0 end as ten_star,
    case when x.own < 10 then 'own'
         when x.n = 0 and ${empty} = 0 then 'empty'
         when x.n > 0 and ${den} * x.t < ${num} * x.n then 'share'
         else null end as reason`;
}

/** The certification rule with a known policy inlined. */
export const certifyColumns = (p: CertifyPolicy): RawBuilder<unknown> =>
  certifyExpr(sql.lit(p.num), sql.lit(p.den), sql.lit(p.emptyPasses ? 1 : 0));

/**
 * Incremental writes replace the chain's rows of the current snapshot in place. (A full one
 * writes in whatever order its joins produce: sorting the rows first cost more than building
 * the partition's key from presorted rows saved, 1.51× → 1.44× the bare scan at scale 10.)
 */
export const upsertClause = (upsert: boolean) =>
  upsert
    ? sql`where true on conflict (snapshot_id, level, entity_id) do update set
        parent_id = excluded.parent_id, own_stars = excluded.own_stars, own_mask = excluded.own_mask,
        children_total = excluded.children_total, children_ten = excluded.children_ten,
        ten_star = excluded.ten_star, reason = excluded.reason`
    : sql``;
