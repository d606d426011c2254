import { describe, expect, it } from 'vitest';
import { percent1, percentValue } from './rate.ts';

describe('percent1: an exact fraction as a percentage with one decimal', () => {
  it('rounds half up on tenths', () => {
    expect(percent1(7, 9)).toBe('77.8%'); // 77.77…
    expect(percent1(1, 8)).toBe('12.5%'); // exact
    expect(percent1(1, 16)).toBe('6.3%'); // 6.25 → half up
    expect(percent1(2, 3)).toBe('66.7%');
    expect(percent1(1, 3)).toBe('33.3%');
    expect(percent1(0, 5)).toBe('0.0%');
    expect(percent1(5, 5)).toBe('100.0%');
  });
  it('has no rate for an empty set', () => {
    expect(percent1(0, 0)).toBe('—');
    expect(percentValue(0, 0)).toBe(0);
  });
  it('agrees with the exact decimal for every fraction up to 2,000 (no float drift)', () => {
    for (let whole = 1; whole <= 2000; whole += 7)
      for (let part = 0; part <= whole; part += Math.max(1, Math.floor(whole / 13))) {
        // 1000·part/whole rounded half up, in integers
        const tenths = Math.floor((2000 * part + whole) / (2 * whole));
        expect(percent1(part, whole)).toBe(`${(tenths / 10).toFixed(1)}%`);
        expect(percentValue(part, whole)).toBe(tenths / 10);
      }
  });
});
