import { z } from 'zod';
import { msg } from './locale.ts';

/**
 * Input schemas shared by the routers, bounded by what the database can hold, so an input
 * it cannot store is refused as BAD_REQUEST rather than failing inside a query.
 */

/** The largest PostgreSQL `integer`: every id column (serial) is one. */
export const MAX_ID = 2_147_483_647;

/** A row id: a positive integer that fits an id column (SQLite would take more, PostgreSQL not). */
export const id = z.number().int().positive().max(MAX_ID);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * True for a calendar date that exists, years 1900–2199: '2026-02-28' but not '2026-02-30',
 * '2026-13-01' or '0000-00-00' (a pattern alone lets those through, and date arithmetic on
 * them throws further down).
 */
export function isCalendarDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  if (y < 1900 || y > 2199) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

type Message = ReturnType<typeof msg>;

/** 'YYYY-MM-DD', a date that exists (see isCalendarDate). */
export const calendarDate = (message: Message = msg('input.date')) =>
  z
    .string()
    .regex(DATE, message)
    .refine((s) => !DATE.test(s) || isCalendarDate(s), message);

const INSTANT = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/;

/** A calendar date, or an instant 'YYYY-MM-DDThh:mm[:ss[.sss]]Z' that exists (trimmed). */
export const dateOrInstant = (message: Message = msg('input.date')) =>
  z
    .string()
    .trim()
    .regex(INSTANT, message)
    .refine((s) => {
      if (!INSTANT.test(s)) return true;
      if (!isCalendarDate(s.slice(0, 10))) return false;
      if (s.length === 10) return true;
      const t = Date.parse(s);
      return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s.slice(0, 10);
    }, message);
