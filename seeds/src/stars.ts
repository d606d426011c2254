import { nowIso } from '@zhanqian/core';
import type { Database, Kysely, StarLevel } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { ensureDefaultCriteria, recomputeStarsFull, setConfig } from '@zhanqian/stars';

/**
 * Star ratings for the seeded district, set-based: one INSERT … SELECT per level, with the
 * stars of each entity drawn from a deterministic integer hash of its id (the same on SQLite
 * and PostgreSQL, the same on every run). Nothing is generated row by row in JS, so scale 10
 * (1.2 M households) takes seconds.
 *
 * The distribution is realistic: branches fall in three tiers (about 50% / 30% / 20%) whose
 * households are ten-star with probability 95% / 85% / 70%, the rest mostly 9 or 8 stars and a
 * few 5–7; members, branches and committees likewise mostly 10 stars. That certifies most
 * members of good branches, a good share of branches and a few committees. Then the year is
 * recomputed in full. Seeding two years (e.g. 2025 and 2026) gives year-over-year series.
 *
 * @example await seedStars(db, { scale: 1, year: 2026 })
 */
export async function seedStars(
  db: Kysely<Database>,
  opts: { scale: number; year: number },
): Promise<{ ratings: Record<StarLevel, number> }> {
  const { year, scale } = opts;
  await ensureDefaultCriteria(db, year);
  await setConfig(db, {
    year,
    policy: { num: 4, den: 5, emptyPasses: false },
    // 1 July: 5 yuan per ten-star household, 100 per member, 1,000 per branch, 5,000 per committee,
    // within the district's 1,500,000 yuan (per scale unit).
    bonusFen: { household: 500, member: 10_000, branch: 100_000, committee: 500_000 },
    budgetFen: 150_000_000 * scale,
  });
  const ratings = { household: 0, member: 0, branch: 0, committee: 0 };
  const salt = (level: number) => (year % 10_000) * 7919 + level * 104_729;
  /** A deterministic value in 0–999 from an integer column: Knuth's multiplicative hash. */
  const h = (col: string, s: number) =>
    sql.raw(`((((${col}) + ${s}) * 2654435761) % 4294967296) * 1000 / 4294967296`);
  /** The tier threshold (per mille ten-star) of the branch an entity belongs to. */
  const tier = (branchCol: string, a: number, b: number, c: number) =>
    sql.raw(
      `case when ((((${branchCol}) + ${salt(9)}) * 2654435761) % 4294967296) * 10 / 4294967296 < 5 then ${a}
            when ((((${branchCol}) + ${salt(9)}) * 2654435761) % 4294967296) * 10 / 4294967296 < 8 then ${b}
            else ${c} end`,
    );
  // Every (stars, rotation) → mask: `stars` consecutive criteria met, starting at `rotation`.
  const masks: string[] = [];
  for (let s = 0; s <= 10; s++)
    for (let r = 0; r < 10; r++) {
      const run = (1 << s) - 1;
      const mask = ((run << r) | (run >>> (10 - r))) & 1023;
      masks.push(`select ${s} as s, ${r} as r, ${mask} as mask`);
    }
  const maskTable = sql.raw(masks.join(' union all '));
  const starsOf = sql.raw(`case when x.u < x.p then 10
      when x.u < x.p + (1000 - x.p) * 6 / 10 then 9
      when x.u < x.p + (1000 - x.p) * 9 / 10 then 8
      else 5 + x.u % 3 end`);
  const now = nowIso();
  const insert = async (ex: Kysely<Database>, level: StarLevel, source: ReturnType<typeof sql>) => {
    await ex.deleteFrom('star_rating').where('year', '=', year).where('level', '=', level).execute();
    const r = await sql`insert into star_rating (year, level, entity_id, met_mask, stars, rated_by, rated_at)
      select ${sql.lit(year)}, ${sql.lit(level)}, y.id, v.mask, v.s, null, ${now}
      from (select x.id, ${starsOf} as s, x.rot as r from (${source}) x) y
      join (${maskTable}) v on v.s = y.s and v.r = y.r`.execute(ex);
    ratings[level] = Number(r.numAffectedRows ?? 0);
  };
  await db.transaction().execute(async (trx) => {
    const run = (level: StarLevel, source: ReturnType<typeof sql>) => insert(trx, level, source);
    await run(
      'household',
      sql`select hh.id, ${h('hh.id', salt(1))} as u, ${h('hh.id', salt(2))} % 10 as rot, ${tier('m.branch_id', 950, 850, 700)} as p
        from household hh join zone z on z.id = hh.zone_id join member m on m.id = z.member_id`,
    );
    await run(
      'member',
      sql`select m.id, ${h('m.id', salt(3))} as u, ${h('m.id', salt(4))} % 10 as rot, ${tier('m.branch_id', 970, 880, 750)} as p
        from member m`,
    );
    await run(
      'branch',
      sql`select b.id, ${h('b.id', salt(5))} as u, ${h('b.id', salt(6))} % 10 as rot, ${tier('b.id', 960, 850, 650)} as p
        from org_unit b where b.kind = 'branch'`,
    );
    await run(
      'committee',
      sql`select c.id, ${h('c.id', salt(7))} as u, ${h('c.id', salt(8))} % 10 as rot, 850 as p
        from org_unit c where c.kind = 'committee'`,
    );
    await recomputeStarsFull(trx, year);
  });
  return { ratings };
}
