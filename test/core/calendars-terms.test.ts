import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarTerm } from '../../core/calendar.js';
import type { CalendarSpec } from '../../core/calendars/index.js';
import {
  addTerm,
  CalendarSpecSchema,
  termCalendarMismatch,
  warningMoment,
  workingDayOptionsOf,
} from '../../core/calendars/index.js';

const KALENDER: CalendarSpec = { kind: 'kalenderdagen' };
const WERKDAGEN: CalendarSpec = CalendarSpecSchema.parse({ kind: 'werkdagen' });
const NOORD: CalendarSpec = { kind: 'schoolweken', regio: 'noord' };

describe('CalendarSpecSchema', () => {
  it('fills in the working-day defaults', () => {
    expect(CalendarSpecSchema.parse({ kind: 'werkdagen' })).toEqual({
      kind: 'werkdagen',
      goedeVrijdag: false,
      bevrijdingsdag: 'lustrum',
    });
    expect(CalendarSpecSchema.parse({ kind: 'werkdagen', bevrijdingsdag: 'elk-jaar' })).toEqual({
      kind: 'werkdagen',
      goedeVrijdag: false,
      bevrijdingsdag: 'elk-jaar',
    });
  });

  it('refuses unknown kinds, unknown keys, unknown regions and a school calendar without a region', () => {
    expect(CalendarSpecSchema.safeParse({ kind: 'maanlicht' }).success).toBe(false);
    expect(CalendarSpecSchema.safeParse({ kind: 'kalenderdagen', regio: 'noord' }).success).toBe(false);
    expect(CalendarSpecSchema.safeParse({ kind: 'schoolweken', regio: 'oost' }).success).toBe(false);
    expect(CalendarSpecSchema.safeParse({ kind: 'schoolweken' }).success).toBe(false);
    const bad = CalendarSpecSchema.safeParse({ kind: 'werkdagen', bevrijdingsdag: 'soms' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['bevrijdingsdag']);
  });
});

describe('addTerm: the unit decides what is counted, the calendar supplies holidays and region', () => {
  const start = '2025-12-15T10:00:00+01:00';

  it('counts dagen, weken and maanden as calendar days, whatever the calendar', () => {
    for (const calendar of [KALENDER, WERKDAGEN, NOORD]) {
      expect(addTerm(start, { amount: 2, unit: 'weken' }, calendar)).toBe(
        addCalendarTerm(start, { amount: 2, unit: 'weken' }),
      );
      expect(addTerm(start, { amount: 1, unit: 'maanden' }, calendar)).toBe('2026-01-15T09:00:00.000Z');
      expect(addTerm(start, { amount: 3, unit: 'dagen' }, calendar)).toBe('2025-12-18T09:00:00.000Z');
    }
  });

  it('counts werkdagen with the calendar’s holidays, and the defaults on other calendars', () => {
    // Friday 2 May 2025 + 1 working day: Monday 5 May is a holiday in a lustrum year by default.
    const friday = '2025-05-02T09:00:00+02:00';
    expect(addTerm(friday, { amount: 1, unit: 'werkdagen' }, KALENDER)).toBe('2025-05-06T07:00:00.000Z');
    expect(addTerm(friday, { amount: 1, unit: 'werkdagen' }, NOORD)).toBe('2025-05-06T07:00:00.000Z');
    const noLiberationDay = CalendarSpecSchema.parse({ kind: 'werkdagen', bevrijdingsdag: 'nooit' });
    expect(addTerm(friday, { amount: 1, unit: 'werkdagen' }, noLiberationDay)).toBe(
      '2025-05-05T07:00:00.000Z',
    );
    expect(workingDayOptionsOf(noLiberationDay)).toEqual({ goedeVrijdag: false, bevrijdingsdag: 'nooit' });
  });

  it('counts schoolweken in the calendar’s region, and refuses them on a calendar without one', () => {
    expect(addTerm(start, { amount: 2, unit: 'schoolweken' }, NOORD)).toBe('2026-01-14T09:00:00.000Z');
    expect(() => addTerm(start, { amount: 2, unit: 'schoolweken' }, WERKDAGEN)).toThrow(
      /schoolweken needs a calendar that names a regio/,
    );
    expect(termCalendarMismatch({ amount: 2, unit: 'schoolweken' }, KALENDER)).toMatch(/'kalenderdagen'/);
    expect(termCalendarMismatch({ amount: 2, unit: 'werkdagen' }, KALENDER)).toBeUndefined();
  });

  it('applies the Algemene termijnenwet when asked: 8 weeks ending on Koningsdag 2026 move to Tuesday', () => {
    const application = '2026-03-02T09:00:00+01:00';
    const term = { amount: 8, unit: 'weken' } as const;
    expect(addTerm(application, term, KALENDER)).toBe('2026-04-27T07:00:00.000Z');
    expect(addTerm(application, term, KALENDER, { termijnenwet: true })).toBe('2026-04-28T07:00:00.000Z');
    expect(addTerm(application, term, KALENDER, { termijnenwet: false })).toBe('2026-04-27T07:00:00.000Z');
  });

  it('applies art. 2 of the Algemene termijnenwet to short terms (3 days from Holy Thursday 2025 → Wednesday)', () => {
    expect(
      addTerm('2025-04-17T09:00:00+02:00', { amount: 3, unit: 'dagen' }, KALENDER, { termijnenwet: true }),
    ).toBe('2025-04-23T07:00:00.000Z');
  });

  it('refuses negative or fractional amounts and moments that are not moments', () => {
    expect(() => addTerm(start, { amount: -1, unit: 'dagen' }, KALENDER)).toThrow(/at least 0/);
    expect(() => addTerm(start, { amount: 1.5, unit: 'werkdagen' }, KALENDER)).toThrow(/whole number/);
    expect(() => addTerm('gisteren', { amount: 1, unit: 'weken' }, KALENDER)).toThrow(RangeError);
  });
});

describe('warningMoment', () => {
  const startedAt = '2026-03-02T09:00:00+01:00';
  const dueAt = addTerm(startedAt, { amount: 4, unit: 'weken' }, KALENDER); // Monday 30 March, after the DST change

  it('takes a fraction of the term in calendar time: 0.25 of 4 weeks is 1 week before due, same wall time', () => {
    expect(warningMoment(startedAt, dueAt, { fraction: 0.25 }, KALENDER)).toBe('2026-03-23T08:00:00.000Z');
    expect(warningMoment(startedAt, dueAt, { fraction: 0.5 }, KALENDER)).toBe('2026-03-16T08:00:00.000Z');
  });

  it('counts calendar days back for a lead in dagen', () => {
    expect(warningMoment(startedAt, dueAt, { amount: 3, unit: 'dagen' }, KALENDER)).toBe(
      '2026-03-27T08:00:00.000Z',
    );
  });

  it('counts working days back with the calendar’s holidays for a lead in werkdagen', () => {
    // Due Tuesday 7 April 2026 10:00: one working day back skips Easter Monday, and Good Friday when the calendar says so.
    const due = '2026-04-07T10:00:00+02:00';
    expect(warningMoment(startedAt, due, { amount: 1, unit: 'werkdagen' }, WERKDAGEN)).toBe(
      '2026-04-03T08:00:00.000Z',
    );
    const withGoodFriday = CalendarSpecSchema.parse({ kind: 'werkdagen', goedeVrijdag: true });
    expect(warningMoment(startedAt, due, { amount: 1, unit: 'werkdagen' }, withGoodFriday)).toBe(
      '2026-04-02T08:00:00.000Z',
    );
  });

  it('is never earlier than the start', () => {
    expect(warningMoment(startedAt, dueAt, { amount: 40, unit: 'dagen' }, KALENDER)).toBe(
      '2026-03-02T08:00:00.000Z',
    );
    expect(warningMoment(startedAt, dueAt, { fraction: 1 }, KALENDER)).toBe('2026-03-02T08:00:00.000Z');
  });

  it('refuses a fraction outside [0, 1] and a due moment before the start', () => {
    expect(() => warningMoment(startedAt, dueAt, { fraction: 1.5 }, KALENDER)).toThrow(/between 0 and 1/);
    expect(() => warningMoment(dueAt, startedAt, { fraction: 0.5 }, KALENDER)).toThrow(/before it starts/);
  });

  it('always lies between start and due', () => {
    const instantArb = fc
      .integer({ min: Date.UTC(2013, 0, 1), max: Date.UTC(2030, 0, 1) })
      .map((millis) => new Date(millis).toISOString());
    const leadArb = fc.oneof(
      fc.record({ fraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({
        amount: fc.integer({ min: 0, max: 30 }),
        unit: fc.constantFrom('dagen' as const, 'werkdagen' as const),
      }),
    );
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 120 }), leadArb, (start, days, lead) => {
        const due = addTerm(start, { amount: days, unit: 'dagen' }, KALENDER);
        const warning = warningMoment(start, due, lead, WERKDAGEN);
        expect(Date.parse(warning)).toBeGreaterThanOrEqual(Date.parse(start));
        expect(Date.parse(warning)).toBeLessThanOrEqual(Date.parse(due));
      }),
    );
  });
});
