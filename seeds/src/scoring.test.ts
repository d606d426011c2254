import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import {
  currentResults,
  exportSchemeXlsx,
  flatIndicators,
  importSchemeXlsx,
  loadScheme,
  schemeProblems,
} from '@zhanqian/scoring';
import { describe, expect, it } from 'vitest';
import { planDistrict } from './district.ts';
import { districtScheme, seedScoring } from './scoring.ts';

describe('the district scheme', () => {
  it('has 5 aspects, 38 work items and 102 indicators worth exactly 1000 base points', () => {
    const def = districtScheme(2026);
    expect(def.aspects.map((a) => a.name)).toEqual([
      '经济社会发展',
      '党的建设',
      '招商引资',
      '民生保障',
      '平安稳定',
    ]);
    expect(def.aspects.flatMap((a) => a.items)).toHaveLength(38);
    const flat = flatIndicators(def);
    expect(flat).toHaveLength(102);
    expect(new Set(flat.map((i) => i.assessingUnit))).toEqual(
      new Set(['D-KHB', 'D-GBK', 'D-RCB', 'D-FGDGW', 'D-ZZB']),
    );
    expect(new Set(flat.map((i) => i.rule.kind)).size).toBe(7);
    expect(schemeProblems(def)).toEqual([]);
  });
  it('survives an xlsx round trip unchanged', async () => {
    const def = districtScheme(2026);
    expect(await importSchemeXlsx(await exportSchemeXlsx(def))).toEqual({ ok: true, def });
  });
});

/** Only the org tree of the district plan: what seedScoring needs, loaded quickly. */
async function loadUnits(db: Kysely<Database>) {
  const plan = planDistrict(1);
  for (let i = 0; i < plan.units.length; i += 200)
    await db
      .insertInto('org_unit')
      .values(plan.units.slice(i, i + 200))
      .execute();
  for (let i = 0; i < plan.closure.length; i += 500)
    await db
      .insertInto('org_closure')
      .values(plan.closure.slice(i, i + 500))
      .execute();
}

describeEachDialect('seedScoring', (t) => {
  it('seeds last year published with results and this year open with approved reports', async () => {
    await loadUnits(t.db);
    const res = await seedScoring(t.db, { scale: 1, year: 2026 });
    expect(res).toEqual({ year: 2026, schemes: 2, subjects: 6 + 5 + 42, reports: 2 * 53 * 102 });
    const schemes = await t.db
      .selectFrom('scoring_scheme')
      .select(['year', 'status'])
      .orderBy('year')
      .execute();
    expect(schemes).toEqual([
      { year: 2025, status: 'published' },
      { year: 2026, status: 'open' },
    ]);
    expect((await loadScheme(t.db, 2026)).def).toEqual(districtScheme(2026));
    const prev = await currentResults(t.db, 2025);
    const cur = await currentResults(t.db, 2026);
    expect(prev.rows).toHaveLength(53);
    expect(new Set(cur.rows.map((r) => r.category))).toEqual(new Set(['street', 'department', 'community']));
    const streets = cur.rows.filter((r) => r.category === 'street');
    expect(streets.map((r) => r.rank)[0]).toBe(1);
    expect(streets.filter((r) => r.bottomTwo).length).toBeGreaterThanOrEqual(2);
    // Realistic totals: most teams between 600 and 1030 points.
    const totals = cur.rows.map((r) => r.total);
    expect(Math.min(...totals)).toBeGreaterThan(50_000);
    expect(Math.max(...totals)).toBeLessThanOrEqual(103_000);
    const pending = await t.db
      .selectFrom('scoring_report')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'reported')
      .executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBeGreaterThan(0);
  }, 60_000);
});
