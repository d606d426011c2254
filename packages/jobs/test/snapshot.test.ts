import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { beginVersion, completeVersion, currentVersion, pruneVersions } from '../src/snapshot.ts';

describeEachDialect('snapshot versions', (t) => {
  it('readers stay on the last complete version until the new one is switched to', async () => {
    expect(await currentVersion(t.db, 'd', 's')).toBeNull();
    const a = await beginVersion(t.db, 'd', 's');
    expect(a).toEqual({ version: 1, discarded: [] });
    expect(await currentVersion(t.db, 'd', 's')).toBeNull();
    await completeVersion(t.db, 'd', 's', 1);
    expect(await currentVersion(t.db, 'd', 's')).toBe(1);
    const b = await beginVersion(t.db, 'd', 's');
    expect(b.version).toBe(2);
    expect(await currentVersion(t.db, 'd', 's')).toBe(1);
    // another scope is independent
    expect(await currentVersion(t.db, 'd', 'other')).toBeNull();
    await completeVersion(t.db, 'd', 's', 2);
    expect(await currentVersion(t.db, 'd', 's')).toBe(2);
  });

  it('a killed build is discarded by the next run, and can no longer be completed', async () => {
    await beginVersion(t.db, 'd', 's');
    await completeVersion(t.db, 'd', 's', 1);
    await beginVersion(t.db, 'd', 's'); // v2: its run dies
    const next = await beginVersion(t.db, 'd', 's');
    expect(next).toEqual({ version: 3, discarded: [2] });
    await expect(completeVersion(t.db, 'd', 's', 2)).rejects.toThrow(/no longer building/);
    expect(await currentVersion(t.db, 'd', 's')).toBe(1);
    await completeVersion(t.db, 'd', 's', 3);
    expect(await currentVersion(t.db, 'd', 's')).toBe(3);
  });

  it('a failed switch inside a transaction rolls back the whole commit', async () => {
    await beginVersion(t.db, 'd', 's');
    await beginVersion(t.db, 'd', 's'); // discards v1
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.insertInto('job_tally').values({ scope: 's', version: 1, unit: 0, total: 5 }).execute();
        await completeVersion(trx, 'd', 's', 1);
      }),
    ).rejects.toThrow();
    expect(await t.db.selectFrom('job_tally').selectAll().execute()).toEqual([]);
  });

  it('pruning keeps the newest complete versions and drops discarded ones', async () => {
    for (let i = 0; i < 4; i++) {
      const { version } = await beginVersion(t.db, 'd', 's');
      await completeVersion(t.db, 'd', 's', version);
    }
    await beginVersion(t.db, 'd', 's'); // v5 building
    await beginVersion(t.db, 'd', 's'); // v5 discarded, v6 building
    const dropped: number[][] = [];
    const gone = await pruneVersions(t.db, 'd', 's', 2, async (vs) => dropped.push(vs));
    expect(gone.sort()).toEqual([1, 2, 5]);
    expect(dropped).toEqual([gone]);
    const left = await t.db
      .selectFrom('snapshot_version')
      .select(['version', 'status'])
      .orderBy('version')
      .execute();
    expect(left.map((r) => [Number(r.version), r.status])).toEqual([
      [3, 'complete'],
      [4, 'complete'],
      [6, 'building'],
    ]);
  });
});
