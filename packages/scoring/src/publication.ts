import { shanghaiDate } from '@zhanqian/core';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written 'YYYY-MM-DD' (no 2026-02-30). */
function isCalendarDate(date: string): boolean {
  if (!CALENDAR_DATE.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/**
 * What is wrong with an objection deadline given when results are published (null: nothing).
 * The objection window runs from publication until that day inclusive, so the day must be a
 * real date after today in Shanghai: a deadline of today or earlier would open no window.
 *
 * @example objectionDeadlineProblem('2026-12-31', '2026-12-03') // null
 * @example objectionDeadlineProblem('2026-12-03', '2026-12-03') // 'scoring.objectionUntilNotAfterToday'
 */
export function objectionDeadlineProblem(
  date: string | null | undefined,
  today: string = shanghaiDate(),
):
  | 'scoring.objectionUntilRequired'
  | 'scoring.objectionUntilInvalid'
  | 'scoring.objectionUntilNotAfterToday'
  | null {
  if (!date) return 'scoring.objectionUntilRequired';
  if (!isCalendarDate(date)) return 'scoring.objectionUntilInvalid';
  return date > today ? null : 'scoring.objectionUntilNotAfterToday';
}
