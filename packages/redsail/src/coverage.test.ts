import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CoverageState,
  coverage,
  isWorkCovered,
  percent1,
  type StatusRow,
  statesAsOf,
  uncoveredIds,
} from './coverage.ts';

const e = (id: number, streetId: number, over: Partial<CoverageState> = {}): CoverageState => ({
  id,
  streetId,
  stationId: null,
  partyStatus: 'none',
  hasInstructor: false,
  ...over,
});

describe('coverage (pure reference)', () => {
  it('own and joint branches cover organizationally; instructor or station only for work', () => {
    const r = coverage([
      e(1, 10, { partyStatus: 'own' }),
      e(2, 10, { partyStatus: 'joint' }),
      e(3, 10, { hasInstructor: true }),
      e(4, 11, { stationId: 7 }),
      e(5, 11),
    ]);
    expect(r.district).toEqual({ total: 5, orgCovered: 2, workCovered: 4 });
    expect(r.streets).toEqual([
      { id: 10, total: 3, orgCovered: 2, workCovered: 3 },
      { id: 11, total: 2, orgCovered: 0, workCovered: 1 },
    ]);
    expect(r.stations).toEqual([{ id: 7, total: 1, orgCovered: 0, workCovered: 1 }]);
    expect(uncoveredIds([e(3, 1), e(1, 1), e(2, 1, { partyStatus: 'own' })])).toEqual([1, 3]);
  });

  it('an empty set has no rows and zero totals', () => {
    expect(coverage([])).toEqual({
      district: { total: 0, orgCovered: 0, workCovered: 0 },
      streets: [],
      stations: [],
    });
  });

  it('reads the newest status on or before the date; later rows and unborn enterprises do not count', () => {
    const h = (enterpriseId: number, onDate: string, over: Partial<StatusRow> = {}): StatusRow => ({
      enterpriseId,
      onDate,
      partyStatus: 'none',
      instructorName: null,
      stationId: null,
      ...over,
    });
    const ents = [
      { id: 1, streetId: 10 },
      { id: 2, streetId: 10 },
    ];
    const hist = [
      h(1, '2024-01-01'),
      h(1, '2025-06-01', { partyStatus: 'own' }),
      h(2, '2025-02-01', { instructorName: ' ' }),
    ];
    expect(statesAsOf(ents, hist, '2024-12-31')).toEqual([e(1, 10)]);
    expect(statesAsOf(ents, hist, '2025-06-01')).toEqual([e(1, 10, { partyStatus: 'own' }), e(2, 10)]);
  });

  it('work coverage includes organization coverage, on any state', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('own', 'joint', 'none' as const),
        fc.boolean(),
        fc.option(fc.nat(5)),
        (partyStatus, hasInstructor, stationId) => {
          const s = e(1, 1, { partyStatus, hasInstructor, stationId });
          if (partyStatus !== 'none') expect(isWorkCovered(s)).toBe(true);
          const r = coverage([s]).district;
          expect(r.orgCovered <= r.workCovered && r.workCovered <= r.total).toBe(true);
        },
      ),
    );
  });

  it('streets partition the district; stations are a part of it', () => {
    const state = fc.record({
      id: fc.nat(),
      streetId: fc.integer({ min: 1, max: 4 }),
      stationId: fc.option(fc.integer({ min: 1, max: 3 })),
      partyStatus: fc.constantFrom('own', 'joint', 'none' as const),
      hasInstructor: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(state, { maxLength: 60 }), (states) => {
        const r = coverage(states);
        for (const k of ['total', 'orgCovered', 'workCovered'] as const) {
          expect(r.streets.reduce((a, s) => a + s[k], 0)).toBe(r.district[k]);
          expect(r.stations.reduce((a, s) => a + s[k], 0)).toBeLessThanOrEqual(r.district[k]);
        }
      }),
    );
  });

  it('shows percentages with one decimal, half up, exactly', () => {
    expect(percent1(1, 3)).toBe('33.3');
    expect(percent1(2, 3)).toBe('66.7');
    expect(percent1(1, 8)).toBe('12.5');
    expect(percent1(1, 16)).toBe('6.3'); // 6.25 → 6.3
    expect(percent1(5, 5)).toBe('100.0');
    expect(percent1(0, 7)).toBe('0.0');
    expect(percent1(0, 0)).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), (whole, p) => {
        const part = p % (whole + 1);
        const shown = Number(percent1(part, whole));
        expect(Math.abs(shown - (part * 100) / whole)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });
});
