/**
 * One figure of bench/RESULTS.md: a median of several runs, and its ratio against a baseline
 * measured in the same run on the same engine.
 */
export interface BenchRow {
  /** What was measured, e.g. 'stars: full recomputation'. */
  name: string;
  dialect: 'sqlite' | 'postgres' | 'http';
  scale?: number;
  medianMs: number;
  runs: number;
  baselineName: string;
  baselineMedianMs: number;
  /** medianMs / baselineMedianMs. */
  ratio: number;
  /** The target for the ratio, e.g. '≤ 1.5×'. */
  target?: string;
  notes?: string;
}

/** Runs `fn` `runs` times (after one warm-up) and returns the median in milliseconds. */
export async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}
