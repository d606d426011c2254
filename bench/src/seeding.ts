import { sql } from '@zhanqian/db';
import { createTestDb } from '@zhanqian/db/testing';
import { loadDistrict, planDistrict } from '@zhanqian/seeds';
import type { BenchRow } from './types.ts';

/**
 * Seeding throughput (rows/s) of the district at a scale on one engine, against the engine's
 * own floor for the same number of household rows: rows generated inside the database
 * (generate_series / a recursive CTE) and inserted in one statement.
 */
export async function runSeedingBench(opts: {
  dialect: 'sqlite' | 'postgres';
  scale: number;
}): Promise<BenchRow[]> {
  const t = await createTestDb(opts.dialect);
  try {
    const plan = planDistrict(opts.scale);
    const rows = plan.units.length + plan.closure.length + plan.members.length * 2 + plan.householdCount;
    const t0 = performance.now();
    await loadDistrict(t.db, plan);
    const seedMs = performance.now() - t0;
    await sql`create table floor_household (id integer primary key, zone_id integer not null, head_name text not null, address text not null)`.execute(
      t.db,
    );
    const n = plan.householdCount;
    const t1 = performance.now();
    if (opts.dialect === 'postgres') {
      await sql`insert into floor_household select g, 1 + g % 9800, '张三' || g, '财富路' || g || '号' from generate_series(1, ${n}) g`.execute(
        t.db,
      );
    } else {
      await sql`with recursive g(i) as (select 1 union all select i + 1 from g where i < ${n})
        insert into floor_household select i, 1 + i % 9800, '张三' || i, '财富路' || i || '号' from g`.execute(
        t.db,
      );
    }
    const floorMs = performance.now() - t1;
    return [
      {
        name: `seeding: district at scale ${opts.scale} (${rows.toLocaleString('en-US')} rows)`,
        dialect: opts.dialect,
        scale: opts.scale,
        medianMs: seedMs,
        runs: 1,
        baselineName: `in-database insert of ${n.toLocaleString('en-US')} generated household rows`,
        baselineMedianMs: floorMs,
        ratio: seedMs / floorMs,
        notes: `${Math.round(rows / (seedMs / 1000)).toLocaleString('en-US')} rows/s (${opts.dialect === 'postgres' ? 'COPY' : 'multi-row INSERT in one transaction'})`,
      },
    ];
  } finally {
    await t.destroy();
  }
}
