import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { currentSnapshot, recomputeStarsFull } from '@zhanqian/stars';
import { expect, it } from 'vitest';
import { startEmbeddedWorker } from '../src/embedded.ts';
import { jobDefinitions } from '../src/jobs/index.ts';
import { enqueueInTx } from '../src/outbox.ts';
import { silent } from '../src/testing.ts';

const YEAR = 2026;
const TEN = 1023;
const NINE = 511;

/** district → street → committee → branch → one member → a zone of three households. */
async function tinyDistrict(db: Kysely<Database>) {
  const unit = async (
    parent: number | null,
    kind: 'district' | 'street' | 'committee' | 'branch',
    code: string,
  ) => {
    const u = await db
      .insertInto('org_unit')
      .values({ parent_id: parent, kind, name: code, code, portal: null, created_at: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return u.id;
  };
  const d = await unit(null, 'district', 'D');
  const s = await unit(d, 'street', 'S');
  const c = await unit(s, 'committee', 'C');
  const b = await unit(c, 'branch', 'B');
  const chain = [d, s, c, b];
  for (let i = 0; i < chain.length; i++)
    for (let j = i; j < chain.length; j++)
      await db
        .insertInto('org_closure')
        .values({ ancestor_id: chain[i]!, descendant_id: chain[j]!, depth: j - i })
        .execute();
  const m = await db
    .insertInto('member')
    .values({
      branch_id: b,
      name: 'm',
      gender: 'F',
      birth_date: null,
      joined_at: null,
      id_card_enc: null,
      phone_enc: null,
      created_at: 'x',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const z = await db
    .insertInto('zone')
    .values({ member_id: m.id, name: 'z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const households: number[] = [];
  for (let i = 0; i < 3; i++) {
    const h = await db
      .insertInto('household')
      .values({ zone_id: z.id, head_name: `h${i}`, address: 'a' })
      .returning('id')
      .executeTakeFirstOrThrow();
    households.push(h.id);
  }
  const rate = (level: 'household' | 'member' | 'branch' | 'committee', id: number, mask: number) =>
    db
      .insertInto('star_rating')
      .values({
        year: YEAR,
        level,
        entity_id: id,
        met_mask: mask,
        stars: mask === TEN ? 10 : 9,
        rated_by: null,
        rated_at: 'x',
      })
      .execute();
  for (const h of households) await rate('household', h, TEN);
  await rate('member', m.id, TEN);
  await rate('branch', b, TEN);
  await rate('committee', c, TEN);
  return { member: m.id, branch: b, committee: c, households };
}

async function results(db: Kysely<Database>) {
  const snap = await currentSnapshot(db, YEAR);
  if (!snap) return [];
  const rows = await db
    .selectFrom('star_result')
    .select(['level', 'entity_id', 'children_total', 'children_ten', 'ten_star', 'reason'])
    .where('snapshot_id', '=', snap.snapshotId)
    .orderBy('level')
    .orderBy('entity_id')
    .execute();
  return rows.map((r) => ({ ...r, entity_id: Number(r.entity_id) }));
}

describeEachDialect('domain jobs', (t) => {
  it('registers scoring.recompute, stars.recompute-full (nightly) and stars.recompute-incremental', () => {
    const byName = Object.fromEntries(jobDefinitions.map((d) => [d.name, d]));
    expect(byName['scoring.recompute']).toBeDefined();
    expect(byName['stars.recompute-full']!.cron).toBe('30 2 * * *');
    expect(byName['stars.recompute-incremental']).toBeDefined();
    expect(byName['stars.recompute-incremental']!.singletonKey!({ year: 2026 })).toBe('year:2026');
  });

  it('stars: a full run from the outbox, then rating changes taken by an incremental run whose result equals a full recomputation', async () => {
    const f = await tinyDistrict(t.db);
    await t.db
      .transaction()
      .execute((trx) => enqueueInTx(trx, 'stars.recompute-full', { year: YEAR }, `year:${YEAR}`));
    const worker = await startEmbeddedWorker(t.db, silent, {
      singleProcess: true,
      relayIntervalMs: 50,
      cron: false,
    });
    try {
      await worker.idle();
      const first = await results(t.db);
      expect(first.find((r) => r.level === 'member')).toMatchObject({
        children_total: 3,
        children_ten: 3,
        ten_star: 1,
      });

      // Two households drop to nine stars, each change its own business transaction.
      for (const h of f.households.slice(0, 2)) {
        await t.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('star_rating')
            .set({ met_mask: NINE, stars: 9 })
            .where('year', '=', YEAR)
            .where('level', '=', 'household')
            .where('entity_id', '=', h)
            .execute();
          await enqueueInTx(
            trx,
            'stars.recompute-incremental',
            { year: YEAR, change: { level: 'household', entityId: h } },
            `year:${YEAR}`,
          );
        });
      }
      await worker.idle();
      const after = await results(t.db);
      expect(after.find((r) => r.level === 'member')).toMatchObject({
        children_total: 3,
        children_ten: 1,
        ten_star: 0,
        reason: 'share',
      });
      const inc = await t.db
        .selectFrom('job_run')
        .select(['job_name', 'status', 'changes'])
        .where('job_name', '=', 'stars.recompute-incremental')
        .execute();
      // Each change taken once: one run, or two if the relay passed between the commits (the
      // second is 'skipped' when the first had already taken both).
      expect(inc.every((r) => r.status === 'completed' || r.status === 'skipped')).toBe(true);
      expect(inc.reduce((s, r) => s + Number(r.changes), 0)).toBe(2);

      await recomputeStarsFull(t.db, YEAR);
      expect(await results(t.db)).toEqual(after);
    } finally {
      await worker.stop();
    }
  });

  it('scoring.recompute without a scheme for the year fails, is recorded, and changes nothing', async () => {
    const worker = await startEmbeddedWorker(t.db, silent, {
      singleProcess: true,
      relayIntervalMs: 50,
      cron: false,
      retryDelayMs: 10,
      retryLimit: 1,
    });
    try {
      await t.db
        .transaction()
        .execute((trx) => enqueueInTx(trx, 'scoring.recompute', { year: 2031 }, 'year:2031'));
      await worker.idle();
    } finally {
      await worker.stop();
    }
    const runs = await t.db.selectFrom('job_run').select(['status', 'error']).execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('failed');
    const pending = await t.db.selectFrom('job_outbox').select('consumed_at').execute();
    expect(pending).toEqual([{ consumed_at: null }]);
  });
});
