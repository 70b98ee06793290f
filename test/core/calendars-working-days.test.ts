import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  countWorkingDays,
  DEFAULT_WORKING_DAY_OPTIONS,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  TERMIJNENWET_OPTIONS,
} from '../../core/calendars/index.js';
import type { WorkingDayOptions } from '../../core/calendars/index.js';

// An independent reading of Amsterdam's wall clock, so the tests do not check the calendar against itself.
const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  hourCycle: 'h23',
  weekday: 'short',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

function local(instant: string): { date: string; weekday: string; time: string } {
  const parts = Object.fromEntries(
    wallClock.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    weekday: parts['weekday'] ?? '',
    time: `${parts['hour']}:${parts['minute']}`,
  };
}

describe('addWorkingDays counts whole working days after the start day', () => {
  it('Monday 10:00 + 5 working days is the next Monday 10:00', () => {
    expect(local(addWorkingDays('2025-09-08T10:00:00+02:00', 5))).toEqual({
      date: '2025-09-15',
      weekday: 'Mon',
      time: '10:00',
    });
  });

  it('Saturday 10:00 + 1 working day is Monday 10:00: the start day never counts', () => {
    expect(addWorkingDays('2025-09-13T10:00:00+02:00', 1)).toBe('2025-09-15T08:00:00.000Z');
    expect(addWorkingDays('2025-09-14T23:30:00+02:00', 1)).toBe('2025-09-15T21:30:00.000Z');
  });

  it('Friday 19 December 2025 10:00 + 5 skips Christmas (Thursday 25 and Friday 26) and ends Tuesday 30th', () => {
    const end = addWorkingDays('2025-12-19T10:00:00+01:00', 5);
    expect(end).toBe('2025-12-30T09:00:00.000Z');
    expect(local(end)).toEqual({ date: '2025-12-30', weekday: 'Tue', time: '10:00' });
  });

  it('keeps the wall-clock time across the spring change: Friday 28 March 2025 16:00 + 5 is Friday 16:00', () => {
    const end = addWorkingDays('2025-03-28T16:00:00+01:00', 5);
    expect(end).toBe('2025-04-04T14:00:00.000Z');
    expect(local(end)).toEqual({ date: '2025-04-04', weekday: 'Fri', time: '16:00' });
  });

  it('keeps the wall-clock time across the autumn change: Friday 24 October 2025 09:00 + 5 is Friday 09:00', () => {
    expect(addWorkingDays('2025-10-24T09:00:00+02:00', 5)).toBe('2025-10-31T08:00:00.000Z');
  });

  it('skips Easter Monday, Koningsdag and Ascension Day (iJw 5-day answer, spring 2026)', () => {
    // Thursday 2 April 2026: Fri 3 (Goede Vrijdag, a working day by default), Tue 7, Wed 8, Thu 9, Fri 10.
    expect(local(addWorkingDays('2026-04-02T12:00:00+02:00', 5)).date).toBe('2026-04-10');
    // Friday 24 April 2026: Mon 27 is Koningsdag; Tue 28 … Fri 1 May, Mon 4 May.
    expect(local(addWorkingDays('2026-04-24T12:00:00+02:00', 5)).date).toBe('2026-05-04');
    // Wednesday 13 May 2026: Thu 14 is Ascension Day.
    expect(local(addWorkingDays('2026-05-13T12:00:00+02:00', 2)).date).toBe('2026-05-18');
  });

  it('follows the Liberation Day setting (Monday 5 May 2025, a lustrum year; Tuesday 5 May 2026, not)', () => {
    const friday2025 = '2025-05-02T09:00:00+02:00';
    const monday2026 = '2026-05-04T09:00:00+02:00';
    const withMode = (bevrijdingsdag: WorkingDayOptions['bevrijdingsdag']): WorkingDayOptions => ({
      goedeVrijdag: false,
      bevrijdingsdag,
    });
    expect(local(addWorkingDays(friday2025, 1, withMode('lustrum'))).date).toBe('2025-05-06');
    expect(local(addWorkingDays(friday2025, 1, withMode('nooit'))).date).toBe('2025-05-05');
    expect(local(addWorkingDays(monday2026, 1, withMode('lustrum'))).date).toBe('2026-05-05');
    expect(local(addWorkingDays(monday2026, 1, withMode('elk-jaar'))).date).toBe('2026-05-06');
  });

  it('follows the Good Friday setting (18 April 2025)', () => {
    const thursday = '2025-04-17T09:00:00+02:00';
    expect(local(addWorkingDays(thursday, 1)).date).toBe('2025-04-18');
    expect(local(addWorkingDays(thursday, 1, TERMIJNENWET_OPTIONS)).date).toBe('2025-04-22');
  });

  it('counts back for negative days and returns the start for zero', () => {
    expect(local(addWorkingDays('2025-12-29T10:00:00+01:00', -1)).date).toBe('2025-12-24');
    expect(addWorkingDays('2025-12-27T10:00:00+01:00', 0)).toBe('2025-12-27T09:00:00.000Z');
  });

  it('refuses fractional days and moments that are not moments', () => {
    expect(() => addWorkingDays('2025-12-19T10:00:00+01:00', 1.5)).toThrow(/whole number/);
    expect(() => addWorkingDays('not a date', 1)).toThrow(RangeError);
  });
});

describe('isWorkingDay and nextWorkingDayOnOrAfter', () => {
  it('knows weekends and holidays', () => {
    expect(isWorkingDay('2025-12-24')).toBe(true);
    expect(isWorkingDay('2025-12-25')).toBe(false);
    expect(isWorkingDay('2025-12-27')).toBe(false);
    expect(nextWorkingDayOnOrAfter('2025-12-25')).toBe('2025-12-29');
    expect(nextWorkingDayOnOrAfter('2025-12-29')).toBe('2025-12-29');
    expect(countWorkingDays('2025-12-19', '2025-12-30')).toBe(5);
  });
});

// Instants between 2013 and 2030, on any minute (DST changes included).
const startArb = fc
  .integer({ min: Date.UTC(2013, 0, 1), max: Date.UTC(2030, 11, 1) })
  .map((millis) => new Date(Math.floor(millis / 60_000) * 60_000).toISOString());
const optionsArb: fc.Arbitrary<WorkingDayOptions> = fc.record({
  goedeVrijdag: fc.boolean(),
  bevrijdingsdag: fc.constantFrom('elk-jaar', 'lustrum', 'nooit'),
});

describe('addWorkingDays properties', () => {
  it('always lands on a working day, on the start time of day (outside the skipped spring hour)', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 1, max: 60 }), optionsArb, (start, days, options) => {
        const end = addWorkingDays(start, days, options);
        expect(isWorkingDay(local(end).date, options)).toBe(true);
        if (local(start).time.slice(0, 2) !== '02') expect(local(end).time).toBe(local(start).time);
      }),
    );
  });

  it('is monotonic in days', () => {
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (start, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(Date.parse(addWorkingDays(start, low))).toBeLessThanOrEqual(
            Date.parse(addWorkingDays(start, high)),
          );
        },
      ),
    );
  });

  it('adds up: n + m working days is m working days after n', () => {
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        optionsArb,
        (start, n, m, options) => {
          expect(addWorkingDays(addWorkingDays(start, n, options), m, options)).toBe(
            addWorkingDays(start, n + m, options),
          );
        },
      ),
    );
  });

  it('counts exactly `days` working days after the start day', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 0, max: 30 }), (start, days) => {
        const end = addWorkingDays(start, days);
        expect(countWorkingDays(local(start).date, local(end).date, DEFAULT_WORKING_DAY_OPTIONS)).toBe(days);
      }),
    );
  });

  it('goes back to the start from a working day: -n undoes +n', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 1, max: 30 }), (start, days) => {
        fc.pre(isWorkingDay(local(start).date) && local(start).time.slice(0, 2) !== '02');
        expect(addWorkingDays(addWorkingDays(start, days), -days)).toBe(start);
      }),
    );
  });
});
