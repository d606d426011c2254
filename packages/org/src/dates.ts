import { DomainError, shanghaiDate } from '@zhanqian/core';

/**
 * The rule every dated change keeps: effective no later than today (Asia/Shanghai) — the
 * tree shows what is, not what is planned — and no earlier than the last change of the same
 * thing, so a back-dated entry never rewrites a period that a later change already closed.
 * Dates are 'YYYY-MM-DD', so string order is date order.
 *
 * @example checkEffectiveDate('2026-03-01', '2026-02-01', '2026-06-30') // passes
 */
export function checkEffectiveDate(date: string, last: string | null, today: string = shanghaiDate()): void {
  if (date > today) throw new DomainError('BAD_INPUT', 'org.futureDate', { date, today });
  if (last !== null && date < last) throw new DomainError('BAD_INPUT', 'org.dateBeforeLast', { date, last });
}

/**
 * The date a year is read at: its last day, or today for the year under way. A year's
 * ratings stay with the branch (and the unit's name) of that day.
 *
 * @example yearEnd(2025, '2026-06-30') // '2025-12-31'
 */
export function yearEnd(year: number, today: string = shanghaiDate()): string {
  const end = `${year}-12-31`;
  return end < today ? end : today;
}

/** True when `date` falls in the period [from, to); a null `from` is open to the past. */
export const inPeriod = (date: string, from: string | null, to: string | null): boolean =>
  (from === null || from <= date) && (to === null || date < to);
