import {
  appraisalSnapshot,
  eligibilityFor,
  NO_APPRAISAL_FLAGS,
  rotationDueList,
  rotationPersonTimes,
} from '@zhanqian/cadres';
import type { Database, Kysely } from '@zhanqian/db';
import { dialectOf, sql } from '@zhanqian/db';
import { createTestDb, describeEachDialect } from '@zhanqian/db/testing';
import { planDistrict } from '@zhanqian/seeds';
import { expect, it } from 'vitest';
import { seedCadres } from '../../../seeds/src/cadres.ts';

/** The org tree and members of the scale-1 district (households are not needed here). */
async function loadTree(db: Kysely<Database>, scale = 1) {
  const plan = planDistrict(scale);
  for (const [table, rows] of [
    ['org_unit', plan.units],
    ['org_closure', plan.closure],
    ['member', plan.members],
  ] as const)
    for (let i = 0; i < rows.length; i += 2000)
      await db
        .insertInto(table)
        .values(rows.slice(i, i + 2000) as any)
        .execute();
  if (dialectOf(db) === 'postgres')
    for (const table of ['org_unit', 'member'])
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
        db,
      );
}

const count = async (q: any) =>
  Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

describeEachDialect('cadre seeds', (t) => {
  it('reproduces the seed figures at scale 1: two public selections, 10 selected, 54 person-times', async () => {
    await loadTree(t.db);
    const res = await seedCadres(t.db, { scale: 1, year: 2026 });
    expect(res).toMatchObject({ cadres: 6 * 10 + 5 * 6, selected: 10, rotations: 54 });
    const selections = await t.db
      .selectFrom('cadre_campaign')
      .select(['kind', 'stage', 'slots'])
      .where('kind', '=', 'public_selection')
      .orderBy('id')
      .execute();
    expect(selections).toEqual([
      { kind: 'public_selection', stage: 'appointed', slots: 5 },
      { kind: 'public_selection', stage: 'appointed', slots: 5 },
    ]);
    expect(await count(t.db.selectFrom('cadre_candidate').where('appointed', '=', 1))).toBe(10);
    const appointedPosts = await count(
      t.db.selectFrom('cadre_post').where('source', '=', 'appointment').where('rank', '=', 'deputy_section'),
    );
    expect(appointedPosts).toBe(10);
    expect(await rotationPersonTimes(t.db, 1)).toEqual([
      { year: 2026, rotation: 18, exchange: 36, total: 54 },
    ]);
    expect(await count(t.db.selectFrom('cadre').where('member_id', 'is not', null))).toBe(1);
    const raw = await t.db
      .selectFrom('cadre')
      .select(['id_card_enc', 'id_card_masked'])
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(raw.id_card_enc).toMatch(/^sm4gcm1:/);
    expect(raw.id_card_masked).toMatch(/^210\*{11}\d{3}[\dX]$/);
    const open = await t.db
      .selectFrom('cadre_campaign')
      .select('stage')
      .where('kind', '=', 'competitive')
      .executeTakeFirstOrThrow();
    expect(open.stage).toBe('registration');
    // The demo member's cadre file (the member app's self-nominee) stays a 科员 no seeded selection
    // took: eligible for the open post, so dangyuan can nominate himself in the demo.
    const demo = await t.db
      .selectFrom('cadre')
      .select(['id', 'rank'])
      .where('member_id', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(demo.rank).toBe('staff');
    expect(await count(t.db.selectFrom('cadre_candidate').where('cadre_id', '=', demo.id))).toBe(0);
    const openPost = await t.db
      .selectFrom('cadre_campaign')
      .select('vacancy_id')
      .where('kind', '=', 'competitive')
      .executeTakeFirstOrThrow();
    const e = await eligibilityFor(
      t.db,
      demo.id,
      openPost.vacancy_id,
      '2026-11-28',
      await appraisalSnapshot(NO_APPRAISAL_FLAGS, '2026-11-28'),
      'self',
    );
    expect(e).toMatchObject({ eligible: true, reasons: [] });
    expect((await rotationDueList(t.db, { scopeRootId: 1, asOf: '2026-11-28' })).total).toBeGreaterThan(0);
  }, 60_000);

  it('is deterministic: two databases seeded alike hold the same cadres, scores and moves', async () => {
    const other = await createTestDb(t.dialect);
    try {
      const dump = async (db: Kysely<Database>) => {
        await loadTree(db);
        await seedCadres(db, { scale: 1, year: 2026 });
        return {
          cadres: await db
            .selectFrom('cadre')
            .select([
              'name',
              'birth_date',
              'id_card_masked',
              'org_unit_id',
              'post_title',
              'post_since',
              'rank',
            ])
            .orderBy('id')
            .execute(),
          scores: await db
            .selectFrom('cadre_evaluation')
            .select(['cadre_id', 'morality', 'image'])
            .orderBy('id')
            .execute(),
          moves: await db
            .selectFrom('cadre_rotation')
            .select(['cadre_id', 'to_unit_id', 'on_date'])
            .orderBy('id')
            .execute(),
        };
      };
      const a = await dump(t.db);
      expect(await dump(other.db)).toEqual(a);
      expect(a.cadres).toHaveLength(90);
    } finally {
      await other.destroy();
    }
  }, 60_000);

  it('multiplies the figures at scale 2', async () => {
    await loadTree(t.db, 2);
    const res = await seedCadres(t.db, { scale: 2, year: 2026 });
    expect(res).toMatchObject({ cadres: 12 * 10 + 5 * 6, selected: 20, rotations: 108 });
    expect(await rotationPersonTimes(t.db, 1)).toEqual([
      { year: 2026, rotation: 36, exchange: 72, total: 108 },
    ]);
  }, 60_000);
});
