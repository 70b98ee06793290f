import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarTerm } from '../../core/index.js';

// An independent reading of Amsterdam's wall clock, so the test does not check the calendar against itself.
const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function local(instant: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    wallClock.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    time: `${parts['hour']}:${parts['minute']}:${parts['second']}`,
  };
}

/** The calendar date `days` after `date` (YYYY-MM-DD), without any time zone. */
function plusDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (day ?? 1) + days)).toISOString().slice(0, 10);
}

/** True when Amsterdam's clock skips `time` on `date` (the last Sunday of March, 02:00-02:59). */
function skipped(date: string, time: string): boolean {
  const [year, month, day] = date.split('-').map(Number);
  if (month !== 3 || !time.startsWith('02:')) return false;
  const lastSunday = 31 - new Date(Date.UTC(year ?? 0, 2, 31)).getUTCDay();
  return day === lastSunday;
}

describe('addCalendarTerm counts calendar days on the Amsterdam wall clock', () => {
  it('keeps the wall-clock time across the spring change: Friday 16:00 + 3 weeks is Friday 16:00', () => {
    const end = addCalendarTerm('2026-03-13T16:00:00+01:00', { amount: 3, unit: 'weken' });
    expect(end).toBe('2026-04-03T14:00:00.000Z');
    expect(local(end)).toEqual({ date: '2026-04-03', time: '16:00:00' });
  });

  it('keeps the wall-clock time across the autumn change: Friday 16:00 + 3 weeks is Friday 16:00', () => {
    const end = addCalendarTerm('2026-10-16T16:00:00+02:00', { amount: 3, unit: 'weken' });
    expect(end).toBe('2026-11-06T15:00:00.000Z');
    expect(local(end)).toEqual({ date: '2026-11-06', time: '16:00:00' });
  });

  it('counts 4 weeks from 24 January 2013 12:00 CET to 21 February 2013 12:00 CET (case M.)', () => {
    expect(addCalendarTerm('2013-01-24T12:00:00+01:00', { amount: 4, unit: 'weken' })).toBe(
      '2013-02-21T11:00:00.000Z',
    );
    expect(addCalendarTerm('2013-01-24T11:00:00.000Z', { amount: 28, unit: 'dagen' })).toBe(
      '2013-02-21T11:00:00.000Z',
    );
  });

  it('counts days across a change as calendar days, not 24-hour periods', () => {
    expect(addCalendarTerm('2026-03-28T12:00:00+01:00', { amount: 1, unit: 'dagen' })).toBe(
      '2026-03-29T10:00:00.000Z',
    );
    expect(addCalendarTerm('2026-10-24T12:00:00+02:00', { amount: 1, unit: 'dagen' })).toBe(
      '2026-10-25T11:00:00.000Z',
    );
  });

  it.each([
    ['2026-01-31T12:00:00+01:00', 1, '2026-02-28T11:00:00.000Z'],
    ['2024-01-31T12:00:00+01:00', 1, '2024-02-29T11:00:00.000Z'],
    ['2026-03-31T12:00:00+02:00', 1, '2026-04-30T10:00:00.000Z'],
    ['2026-08-31T09:30:00+02:00', 3, '2026-11-30T08:30:00.000Z'],
    ['2026-12-31T23:30:00+01:00', 2, '2027-02-28T22:30:00.000Z'],
    ['2026-01-31T12:00:00+01:00', 12, '2027-01-31T11:00:00.000Z'],
    ['2026-01-15T12:00:00+01:00', 1, '2026-02-15T11:00:00.000Z'],
  ])('clamps a month term to the last day of the month: %s + %i months', (start, amount, end) => {
    expect(addCalendarTerm(start, { amount, unit: 'maanden' })).toBe(end);
  });

  it('uses the Amsterdam date, not the UTC date, to count months', () => {
    // 31 January 23:30 UTC is already 1 February in Amsterdam: one month later is 1 March, 00:30 local.
    const end = addCalendarTerm('2026-01-31T23:30:00.000Z', { amount: 1, unit: 'maanden' });
    expect(local(end)).toEqual({ date: '2026-03-01', time: '00:30:00' });
  });

  it('property: a term of 1-120 days keeps the wall-clock time and moves the date by exactly that many days', () => {
    const from = Date.UTC(2013, 0, 1);
    const to = Date.UTC(2030, 11, 31, 23, 59, 59);
    fc.assert(
      fc.property(
        fc
          .integer({ min: from / 1000, max: to / 1000 })
          .map((seconds) => new Date(seconds * 1000).toISOString()),
        fc.integer({ min: 1, max: 120 }),
        (start, days) => {
          const begin = local(start);
          const expectedDate = plusDays(begin.date, days);
          fc.pre(!skipped(expectedDate, begin.time));
          const end = addCalendarTerm(start, { amount: days, unit: 'dagen' });
          expect(local(end)).toEqual({ date: expectedDate, time: begin.time });
          const weeks = days % 7 === 0 ? addCalendarTerm(start, { amount: days / 7, unit: 'weken' }) : end;
          expect(weeks).toBe(end);
        },
      ),
      {
        numRuns: 200,
        examples: [
          ['2026-03-13T15:00:00.000Z', 21],
          ['2026-10-16T14:00:00.000Z', 21],
          ['2026-03-01T01:30:00.000Z', 28],
          ['2026-10-25T00:30:00.000Z', 7],
          ['2026-10-25T01:30:00.000Z', 7],
        ],
      },
    );
  });

  it('property: a term of 1-36 months keeps the wall-clock time and clamps the day to the month', () => {
    const from = Date.UTC(2013, 0, 1);
    const to = Date.UTC(2030, 11, 31, 23, 59, 59);
    fc.assert(
      fc.property(
        fc
          .integer({ min: from / 1000, max: to / 1000 })
          .map((seconds) => new Date(seconds * 1000).toISOString()),
        fc.integer({ min: 1, max: 36 }),
        (start, months) => {
          const begin = local(start);
          const [year, month, day] = begin.date.split('-').map(Number);
          const index = (month ?? 1) - 1 + months;
          const lastDay = new Date(Date.UTC(year ?? 0, index + 1, 0)).getUTCDate();
          const target = new Date(Date.UTC(year ?? 0, index, Math.min(day ?? 1, lastDay)));
          const expectedDate = target.toISOString().slice(0, 10);
          fc.pre(!skipped(expectedDate, begin.time));
          const end = addCalendarTerm(start, { amount: months, unit: 'maanden' });
          expect(local(end)).toEqual({ date: expectedDate, time: begin.time });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('resolves a wall-clock time skipped in spring to one hour later', () => {
    // 1 March 2026 02:30 CET + 28 days is 29 March 02:30, which does not exist: 03:30 CEST.
    const end = addCalendarTerm('2026-03-01T02:30:00+01:00', { amount: 28, unit: 'dagen' });
    expect(end).toBe('2026-03-29T01:30:00.000Z');
    expect(local(end)).toEqual({ date: '2026-03-29', time: '03:30:00' });
  });
});
