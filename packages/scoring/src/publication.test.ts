import { describe, expect, it } from 'vitest';
import { objectionDeadlineProblem } from './publication.ts';

describe('the objection deadline given at publication', () => {
  const today = '2026-12-03';
  it('must be a day after today (Shanghai)', () => {
    expect(objectionDeadlineProblem('2026-12-04', today)).toBeNull();
    expect(objectionDeadlineProblem('2027-01-31', today)).toBeNull();
    expect(objectionDeadlineProblem('2026-12-03', today)).toBe('scoring.objectionUntilNotAfterToday');
    expect(objectionDeadlineProblem('2026-11-30', today)).toBe('scoring.objectionUntilNotAfterToday');
  });
  it('must be given, and be a real calendar day', () => {
    expect(objectionDeadlineProblem(undefined, today)).toBe('scoring.objectionUntilRequired');
    expect(objectionDeadlineProblem('', today)).toBe('scoring.objectionUntilRequired');
    expect(objectionDeadlineProblem('2027-02-30', today)).toBe('scoring.objectionUntilInvalid');
    expect(objectionDeadlineProblem('2027-1-5', today)).toBe('scoring.objectionUntilInvalid');
  });
  it('takes today as the date in Shanghai when none is given', () => {
    const shanghai = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
    const now = new Date();
    expect(objectionDeadlineProblem(shanghai(now))).toBe('scoring.objectionUntilNotAfterToday');
    expect(objectionDeadlineProblem(shanghai(new Date(now.getTime() + 86_400_000)))).toBeNull();
  });
});
