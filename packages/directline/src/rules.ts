import { addDays, isWorkingDay, nthWorkingDayFrom } from '@zhanqian/cadres/holidays';
import type { DirectLineStatus } from '@zhanqian/db';

/** Working days the department has to answer a message (党代表直通车 time limit). */
export const ANSWER_LIMIT_WORKING_DAYS = 5;

export type DirectLineAction = 'assign' | 'answer' | 'followUp' | 'close' | 'rate';

/**
 * The thread's state machine: received → assigned (again: reassigned) → answered → closed.
 * The department may answer without assigning; the member may add to an unanswered thread,
 * and rates an answered one (which closes it) or a closed one not yet rated. Returns the next
 * status, or null when the action is not allowed in this status.
 *
 * @example nextStatus('received', 'assign') // 'assigned'
 * @example nextStatus('closed', 'answer') // null
 */
export function nextStatus(status: DirectLineStatus, action: DirectLineAction): DirectLineStatus | null {
  switch (action) {
    case 'assign':
      return status === 'received' || status === 'assigned' ? 'assigned' : null;
    case 'answer':
      return status === 'received' || status === 'assigned' ? 'answered' : null;
    case 'followUp':
      return status === 'received' || status === 'assigned' ? status : null;
    case 'close':
      return status === 'answered' ? 'closed' : null;
    case 'rate':
      return status === 'answered' || status === 'closed' ? 'closed' : null;
  }
}

/**
 * The date by which a message received on `receivedOn` must be answered: the limit counts
 * working days (the State Council's holiday table, kept in @zhanqian/cadres) from the day
 * after it was received.
 *
 * @example dueDate('2026-09-29') // '2026-10-12' (30 Sep; 8, 9 Oct; Sat 10 Oct 调休上班; 12 Oct)
 */
export function dueDate(receivedOn: string, limit = ANSWER_LIMIT_WORKING_DAYS): string {
  return nthWorkingDayFrom(addDays(receivedOn, 1), limit);
}

/**
 * Overdue: still unanswered after its due date (Shanghai dates).
 * @example isOverdue({ status: 'assigned', due_on: '2026-10-12' }, '2026-10-13') // true
 */
export function isOverdue(t: { status: DirectLineStatus; due_on: string }, today: string): boolean {
  return (t.status === 'received' || t.status === 'assigned') && today > t.due_on;
}

/** A day on which due reminders go out (no reminders on days off). */
export const isReminderDay = isWorkingDay;
