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
