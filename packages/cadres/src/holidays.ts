/**
 * Mainland China's public holidays and adjusted working days (调休上班), as published by the
 * General Office of the State Council each year. Data, not code: add a year by adding an entry.
 *
 * - 2025: 国办发明电〔2024〕12号 (12 November 2024).
 * - 2026: 国务院办公厅关于2026年部分节假日安排的通知 (4 November 2025).
 * - 2027: not yet announced when this table was written. The entry holds only the statutory
 *   festival days of 《全国年节及纪念日放假办法》 (2024 revision: 元旦 1, 春节 4 from 除夕,
 *   清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3) on their 2027 dates, with no bridging or
 *   adjusted working days, and is marked `provisional` until the notice is entered.
 */
export interface HolidayYear {
  year: number;
  source: string;
  provisional: boolean;
  /** Days off that would otherwise be working days (weekend days inside a holiday are listed too). */
  holidays: { name: string; from: string; to: string }[];
  /** Weekend days declared working days (调休上班). */
  workdays: string[];
}

export const HOLIDAY_YEARS: readonly HolidayYear[] = [
  {
    year: 2025,
    source: '国办发明电〔2024〕12号',
    provisional: false,
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    provisional: false,
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  {
    year: 2027,
    source: '《全国年节及纪念日放假办法》法定假日（2027年安排通知发布前的暂定数据）',
    provisional: true,
    holidays: [
      { name: '元旦', from: '2027-01-01', to: '2027-01-01' },
      { name: '春节', from: '2027-02-05', to: '2027-02-08' },
      { name: '清明节', from: '2027-04-05', to: '2027-04-05' },
      { name: '劳动节', from: '2027-05-01', to: '2027-05-02' },
      { name: '端午节', from: '2027-06-09', to: '2027-06-09' },
      { name: '中秋节', from: '2027-09-15', to: '2027-09-15' },
      { name: '国庆节', from: '2027-10-01', to: '2027-10-03' },
    ],
    workdays: [],
  },
];

const DAY_MS = 86_400_000;
const toUtc = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Adds calendar days to a 'YYYY-MM-DD' date. @example addDays('2026-02-28', 1) // '2026-03-01' */
export const addDays = (date: string, days: number): string => fromUtc(toUtc(date) + days * DAY_MS);

const OFF = new Set<string>();
const ON = new Set<string>();
for (const y of HOLIDAY_YEARS) {
  for (const h of y.holidays) for (let d = h.from; d <= h.to; d = addDays(d, 1)) OFF.add(d);
  for (const w of y.workdays) ON.add(w);
}

/** The years the table covers. */
export const HOLIDAY_TABLE_YEARS = HOLIDAY_YEARS.map((y) => y.year);

/**
 * A working day: Monday–Friday unless a public holiday, or a weekend day declared a working
 * day. Outside the table's years only weekends count.
 * @example isWorkingDay('2026-10-08') // false (国庆节)
 * @example isWorkingDay('2026-10-10') // true  (Saturday, adjusted working day)
 */
export function isWorkingDay(date: string): boolean {
  if (ON.has(date)) return true;
  if (OFF.has(date)) return false;
  const dow = new Date(toUtc(date)).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The date on which a period of `n` working days that starts on `start` ends: `start` counts
 * when it is itself a working day.
 * @example nthWorkingDayFrom('2026-09-29', 5) // '2026-10-10' (29, 30 Sep; 8, 9 Oct; Sat 10 Oct 调休上班)
 */
export function nthWorkingDayFrom(start: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a positive integer');
  let d = start;
  let count = isWorkingDay(d) ? 1 : 0;
  while (count < n) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) count++;
  }
  return d;
}

/** Working days in [from, to], both included (0 when to < from). */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}
