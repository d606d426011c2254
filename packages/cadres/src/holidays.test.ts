import { describe, expect, it } from 'vitest';
import { addDays, HOLIDAY_YEARS, isWorkingDay, nthWorkingDayFrom, workingDaysBetween } from './holidays.ts';

const dow = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe('holiday table', () => {
  it('covers 2025, 2026 and 2027, with 2027 marked provisional', () => {
    expect(HOLIDAY_YEARS.map((y) => [y.year, y.provisional])).toEqual([
      [2025, false],
      [2026, false],
      [2027, true],
    ]);
  });
  it('lists only weekend days as adjusted working days, and holidays inside their year', () => {
    for (const y of HOLIDAY_YEARS) {
      for (const w of y.workdays) expect([0, 6]).toContain(dow(w));
      for (const h of y.holidays) {
        expect(h.from <= h.to).toBe(true);
        expect(h.from.slice(0, 4)).toBe(String(y.year));
      }
    }
  });
  it('matches the published day counts (e.g. 2026 春节 9 days, 2025 国庆中秋 8 days)', () => {
    const days = (y: number, name: string) => {
      const h = HOLIDAY_YEARS.find((x) => x.year === y)!.holidays.find((x) => x.name === name)!;
      return (Date.parse(h.to) - Date.parse(h.from)) / 86_400_000 + 1;
    };
    expect(days(2026, '春节')).toBe(9);
    expect(days(2026, '国庆节')).toBe(7);
    expect(days(2026, '元旦')).toBe(3);
    expect(days(2025, '国庆节、中秋节')).toBe(8);
    expect(days(2025, '春节')).toBe(8);
    expect(days(2025, '劳动节')).toBe(5);
  });
  it('knows weekdays, holidays and adjusted working days', () => {
    expect(isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-05')).toBe(false); // 国庆节 Monday
    expect(isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay('2025-05-05')).toBe(false); // 劳动节 Monday
    expect(isWorkingDay('2027-02-08')).toBe(false); // provisional 春节 Monday
    expect(isWorkingDay('2028-01-03')).toBe(true); // beyond the table: weekdays work
  });
});

describe('working-day arithmetic', () => {
  it('counts 5 working days across the National Day holiday', () => {
    // 29, 30 Sep (Tue, Wed) | 1–7 Oct off | 8, 9 Oct (Thu, Fri) | 10 Oct (Sat) 调休上班
    expect(nthWorkingDayFrom('2026-09-29', 5)).toBe('2026-10-10');
    expect(workingDaysBetween('2026-09-29', '2026-10-10')).toBe(5);
  });
  it('counts across the Spring Festival with its adjusted Saturdays', () => {
    // 2026-02-12 Thu, 13 Fri, 14 Sat (work), 15–23 off, 24 Tue, 25 Wed
    expect(nthWorkingDayFrom('2026-02-12', 5)).toBe('2026-02-25');
  });
  it('starts on the next working day when the first day is not one', () => {
    expect(nthWorkingDayFrom('2026-11-28', 5)).toBe('2026-12-04');
    expect(nthWorkingDayFrom('2026-11-30', 5)).toBe('2026-12-04');
    expect(nthWorkingDayFrom('2026-11-30', 1)).toBe('2026-11-30');
    expect(() => nthWorkingDayFrom('2026-11-30', 0)).toThrow(RangeError);
  });
  it('adds calendar days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(workingDaysBetween('2026-12-05', '2026-12-01')).toBe(0);
  });
});
