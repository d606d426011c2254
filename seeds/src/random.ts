/** mulberry32: a tiny, fast, deterministic PRNG — the same seed gives the same district. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/**
 * Splits `total` into `parts` positive integers that vary around the mean by ±`spread`
 * and sum exactly to `total` (needed so that scale 1 has exactly 120,000 households).
 */
export function splitExactly(r: () => number, total: number, parts: number, spread = 0.3): number[] {
  const weights = Array.from({ length: parts }, () => 1 - spread + 2 * spread * r());
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.max(1, Math.floor((w / sum) * total)));
  let diff = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % parts) {
    if (diff > 0) {
      out[i]!++;
      diff--;
    } else if (out[i]! > 1) {
      out[i]!--;
      diff++;
    }
  }
  return out;
}
