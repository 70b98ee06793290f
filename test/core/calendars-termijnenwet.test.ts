import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyTermijnenwet,
  isWorkingDay,
  localDateOf,
  TERMIJNENWET_OPTIONS,
} from '../../core/calendars/index.js';

describe('applyTermijnenwet moves a term ending on a weekend or public holiday (Algemene termijnenwet art. 1)', () => {
  it('moves a term ending on Sunday to Monday, same time', () => {
    expect(applyTermijnenwet('2025-09-14T16:00:00+02:00')).toBe('2025-09-15T14:00:00.000Z');
  });

  it('moves a term ending on Saturday to Monday', () => {
    expect(applyTermijnenwet('2025-09-13T09:00:00+02:00')).toBe('2025-09-15T07:00:00.000Z');
  });

  it('moves a term ending on Easter Monday to Tuesday', () => {
    expect(applyTermijnenwet('2025-04-21T09:00:00+02:00')).toBe('2025-04-22T07:00:00.000Z');
  });

  it('moves a term ending on Good Friday past Easter to Tuesday: art. 3(2) equates Good Friday', () => {
    expect(applyTermijnenwet('2025-04-18T09:00:00+02:00')).toBe('2025-04-22T07:00:00.000Z');
  });

  it('moves a term ending on 5 May in a year that is not a lustrum (Tuesday 5 May 2026) to Wednesday', () => {
    expect(applyTermijnenwet('2026-05-05T09:00:00+02:00')).toBe('2026-05-06T07:00:00.000Z');
  });

  it('moves a term ending on Koningsdag (Monday 27 April 2026) and on Christmas (2026: Fri 25, Sat 26)', () => {
    expect(applyTermijnenwet('2026-04-27T09:00:00+02:00')).toBe('2026-04-28T07:00:00.000Z');
    expect(applyTermijnenwet('2026-12-25T09:00:00+01:00')).toBe('2026-12-28T08:00:00.000Z');
  });

  it('leaves a term ending on an ordinary weekday alone (normalised to UTC)', () => {
    expect(applyTermijnenwet('2025-09-16T09:00:00+02:00')).toBe('2025-09-16T07:00:00.000Z');
  });

  it('takes days equated by Royal Decree (art. 3(3)) when given, such as the Friday after Ascension Day', () => {
    const friday = '2025-05-30T09:00:00+02:00';
    expect(applyTermijnenwet(friday)).toBe('2025-05-30T07:00:00.000Z');
    expect(applyTermijnenwet(friday, { gelijkgesteldeDagen: ['2025-05-30'] })).toBe(
      '2025-06-02T07:00:00.000Z',
    );
    expect(() => applyTermijnenwet(friday, { gelijkgesteldeDagen: ['30-05-2025'] })).toThrow(RangeError);
  });
});

describe('applyTermijnenwet art. 2: a term of three days or more holds at least two ordinary days', () => {
  it('extends a 3-day term from Holy Thursday 2025 past Easter to Wednesday', () => {
    // Due Sunday 20 April; art. 1 → Tuesday 22 (Monday is Easter Monday). Friday was Good Friday, so the term
    // holds one ordinary day only; art. 2 extends it to Wednesday 23.
    expect(applyTermijnenwet('2025-04-20T09:00:00+02:00', { startedAt: '2025-04-17T09:00:00+02:00' })).toBe(
      '2025-04-23T07:00:00.000Z',
    );
  });

  it('leaves a term with two ordinary days alone (Wednesday + 3 days, moved by art. 1 to Monday)', () => {
    expect(applyTermijnenwet('2025-09-13T09:00:00+02:00', { startedAt: '2025-09-10T09:00:00+02:00' })).toBe(
      '2025-09-15T07:00:00.000Z',
    );
  });

  it('does not apply to terms shorter than three days', () => {
    expect(applyTermijnenwet('2025-04-19T09:00:00+02:00', { startedAt: '2025-04-17T09:00:00+02:00' })).toBe(
      '2025-04-22T07:00:00.000Z',
    );
  });

  it('refuses a start after the due moment', () => {
    expect(() =>
      applyTermijnenwet('2025-04-19T09:00:00+02:00', { startedAt: '2025-04-20T09:00:00+02:00' }),
    ).toThrow(/starts/);
  });
});

describe('applyTermijnenwet properties', () => {
  const dueArb = fc
    .integer({ min: Date.UTC(2013, 0, 1), max: Date.UTC(2030, 11, 1) })
    .map((millis) => new Date(Math.floor(millis / 60_000) * 60_000).toISOString());

  it('lands on a working day of the Algemene termijnenwet, never earlier and at most 5 days later', () => {
    fc.assert(
      fc.property(dueArb, (due) => {
        const moved = applyTermijnenwet(due);
        expect(isWorkingDay(localDateOf(moved), TERMIJNENWET_OPTIONS)).toBe(true);
        expect(Date.parse(moved)).toBeGreaterThanOrEqual(Date.parse(due));
        expect(Date.parse(moved) - Date.parse(due)).toBeLessThanOrEqual(5 * 86_400_000);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(dueArb, (due) => {
        const moved = applyTermijnenwet(due);
        expect(applyTermijnenwet(moved)).toBe(moved);
      }),
    );
  });
});
