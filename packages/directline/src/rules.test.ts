import { isWorkingDay, workingDaysBetween } from '@zhanqian/cadres/holidays';
import type { DirectLineStatus } from '@zhanqian/db';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DirectLineAction, dueDate, isOverdue, nextStatus } from './rules.ts';

const STATUSES: DirectLineStatus[] = ['received', 'assigned', 'answered', 'closed'];
const ACTIONS: DirectLineAction[] = ['assign', 'answer', 'followUp', 'close', 'rate'];

describe('the direct line’s state machine', () => {
  it('every (status, action) pair, exhaustively', () => {
    const table = Object.fromEntries(
      STATUSES.map((s) => [s, Object.fromEntries(ACTIONS.map((a) => [a, nextStatus(s, a)]))]),
    );
    expect(table).toEqual({
      received: { assign: 'assigned', answer: 'answered', followUp: 'received', close: null, rate: null },
      assigned: { assign: 'assigned', answer: 'answered', followUp: 'assigned', close: null, rate: null },
      answered: { assign: null, answer: null, followUp: null, close: 'closed', rate: 'closed' },
      closed: { assign: null, answer: null, followUp: null, close: null, rate: 'closed' },
    });
  });

  it('no sequence of actions leaves closed, or reaches answered without an answer', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ACTIONS), { maxLength: 20 }), (actions) => {
        let s: DirectLineStatus = 'received';
        let answered = false;
        for (const a of actions) {
          const next = nextStatus(s, a);
          if (!next) continue;
          if (s === 'closed') expect(next).toBe('closed');
          if (a === 'answer') answered = true;
          s = next;
          if (s === 'answered') expect(answered).toBe(true);
        }
      }),
    );
  });
});

describe('the time limit in working days', () => {
  it('skips the National Day holiday and counts the adjusted Saturday', () => {
    // Received Tue 29 Sep 2026: 30 Sep; (1–7 Oct off) 8, 9 Oct; Sat 10 Oct 调休上班; Mon 12 Oct.
    expect(dueDate('2026-09-29')).toBe('2026-10-12');
  });
  it('skips the Spring Festival', () => {
    // Received Fri 13 Feb 2026: Sat 14 Feb is a working day (调休), 15–23 Feb off, then 24, 25, 26, 27.
    expect(dueDate('2026-02-13')).toBe('2026-02-27');
  });
  it('a message received on a day off counts from the next working day', () => {
    // Received Sat 3 Oct (holiday): 8, 9, Sat 10 (调休), 12, 13 Oct.
    expect(dueDate('2026-10-03')).toBe('2026-10-13');
  });
  it('always ends on a working day with exactly the limit in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 365 }), fc.integer({ min: 1, max: 15 }), (offset, limit) => {
        const received = new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const due = dueDate(received, limit);
        expect(isWorkingDay(due)).toBe(true);
        const next = new Date(Date.parse(`${received}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        expect(workingDaysBetween(next, due)).toBe(limit);
      }),
    );
  });
  it('overdue only while unanswered and after the due date', () => {
    expect(isOverdue({ status: 'assigned', due_on: '2026-10-12' }, '2026-10-12')).toBe(false);
    expect(isOverdue({ status: 'assigned', due_on: '2026-10-12' }, '2026-10-13')).toBe(true);
    expect(isOverdue({ status: 'received', due_on: '2026-10-12' }, '2026-10-13')).toBe(true);
    expect(isOverdue({ status: 'answered', due_on: '2026-10-12' }, '2026-12-01')).toBe(false);
  });
});
