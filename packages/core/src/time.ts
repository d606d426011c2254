/** The platform's clock: Asia/Shanghai for calendar dates, ISO-8601 UTC for instants. */
export const TIME_ZONE = 'Asia/Shanghai';

export const nowIso = (): string => new Date().toISOString();

/** The calendar date in Shanghai of an instant. @example shanghaiDate(new Date('2026-06-30T16:30:00Z')) // '2026-07-01' */
export function shanghaiDate(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The appraisal year in Shanghai. */
export const shanghaiYear = (at: Date = new Date()): number => Number(shanghaiDate(at).slice(0, 4));
