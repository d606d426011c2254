import { isDomainError } from '@zhanqian/core';
import { describe, expect, it } from 'vitest';
import { closureOf } from './closure.ts';
import { checkEffectiveDate, inPeriod, yearEnd } from './dates.ts';
import { dayBefore } from './history.ts';
import { childKindsOf, parentKindsOf } from './kinds.ts';

const refusal = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return isDomainError(e) ? e.messageKey : String(e);
  }
  return null;
};

describe('effective dates', () => {
  it('are no later than today and no earlier than the last change', () => {
    expect(refusal(() => checkEffectiveDate('2026-06-30', '2026-01-01', '2026-06-30'))).toBeNull();
    expect(refusal(() => checkEffectiveDate('2026-01-01', '2026-01-01', '2026-06-30'))).toBeNull();
    expect(refusal(() => checkEffectiveDate('2026-07-01', null, '2026-06-30'))).toBe('org.futureDate');
    expect(refusal(() => checkEffectiveDate('2025-12-31', '2026-01-01', '2026-06-30'))).toBe(
      'org.dateBeforeLast',
    );
  });
  it('read a year at its last day, or today while it runs', () => {
    expect(yearEnd(2025, '2026-06-30')).toBe('2025-12-31');
    expect(yearEnd(2026, '2026-06-30')).toBe('2026-06-30');
  });
  it('periods are half-open, open to the past when they have no start', () => {
    expect(inPeriod('2026-01-01', null, '2026-01-02')).toBe(true);
    expect(inPeriod('2026-01-02', null, '2026-01-02')).toBe(false);
    expect(inPeriod('2026-01-02', '2026-01-02', null)).toBe(true);
  });
  it('the day before crosses months, years and leap days', () => {
    expect(dayBefore('2026-03-01')).toBe('2026-02-28');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
  });
});

describe('closure from scratch and the kind rules', () => {
  it('lists every ancestor of every unit with its depth, and refuses a cycle', () => {
    const rows = closureOf(
      new Map([
        [1, null],
        [2, 1],
        [3, 2],
      ]),
    );
    expect(rows).toHaveLength(6);
    expect(rows).toContainEqual({ ancestor_id: 1, descendant_id: 3, depth: 2 });
    expect(() =>
      closureOf(
        new Map([
          [1, 2],
          [2, 1],
        ]),
      ),
    ).toThrow(/cycle/);
  });
  it('names where a unit may go and what it may hold', () => {
    expect(parentKindsOf('branch')).toEqual(['committee']);
    expect(parentKindsOf('street')).toEqual(['district']);
    expect(childKindsOf('street')).toEqual(['committee']);
    expect(childKindsOf('branch')).toEqual([]);
  });
});
