import { type Database, type Kysely, sql } from '@zhanqian/db';

/** The median of a list of times (the list is not changed). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs `fn` `runs` times (after one warm-up) and returns the median in milliseconds. */
export async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  return (await interleavedMedians(runs, [fn]))[0]!;
}

/**
 * Runs each function once to warm up, then `runs` rounds of all of them in turn (so that a busy
 * machine weighs on each alike); the median of each, in milliseconds.
 */
export async function interleavedMedians(runs: number, fns: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const fn of fns) await fn();
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++)
    for (const [k, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      times[k]!.push(performance.now() - t0);
    }
  return times.map(median);
}

/** Runs `fn` in a PostgreSQL transaction planned without parallel workers (a reference baseline). */
export function withoutParallelWorkers<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>) {
  return db.transaction().execute(async (trx) => {
    await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
    return fn(trx);
  });
}
