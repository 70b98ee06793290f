import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKING_DAY_OPTIONS,
  easterSunday,
  holidayOn,
  publicHolidays,
  TERMIJNENWET_OPTIONS,
} from '../../core/calendars/index.js';
import type { WorkingDayOptions } from '../../core/calendars/index.js';

// date-holidays is a test-only cross-check: the core computes its own dates (no Node built-ins, no tz database).
const reference = new Holidays('NL');
function referenceDays(year: number, type: string): string[] {
  return reference
    .getHolidays(year)
    .filter((holiday) => holiday.type === type)
    .map((holiday) => holiday.date.slice(0, 10))
    .sort();
}

const FIXED_ONLY: WorkingDayOptions = { goedeVrijdag: false, bevrijdingsdag: 'nooit' };

describe('Easter and the holidays that hang from it', () => {
  it.each([
    [2013, '2013-03-31'],
    [2014, '2014-04-20'],
    [2016, '2016-03-27'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2030, '2030-04-21'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('agrees with date-holidays on Easter Sunday for every year 1990-2100', () => {
    for (let year = 1990; year <= 2100; year++) {
      const pasen = reference.getHolidays(year).find((holiday) => holiday.name === 'Pasen');
      expect(pasen?.date.slice(0, 10), `Easter ${year}`).toBe(easterSunday(year));
    }
  });

  it('puts Ascension 39 days and Whit Monday 50 days after Easter (2025: 29 May, 9 June)', () => {
    const days = publicHolidays(2025, DEFAULT_WORKING_DAY_OPTIONS);
    expect(days.get('2025-05-29')).toBe('Hemelvaartsdag');
    expect(days.get('2025-06-08')).toBe('Eerste Pinksterdag');
    expect(days.get('2025-06-09')).toBe('Tweede Pinksterdag');
    expect(days.get('2025-04-21')).toBe('Tweede Paasdag');
  });
});

describe('publicHolidays matches the published Dutch public holidays', () => {
  it("equals date-holidays' public days for NL in every year 2013-2030", () => {
    for (let year = 2013; year <= 2030; year++) {
      expect([...publicHolidays(year, FIXED_ONLY).keys()], `year ${year}`).toEqual(
        referenceDays(year, 'public'),
      );
    }
  });

  it("adds exactly date-holidays' Goede Vrijdag and Bevrijdingsdag (type school) when both are holidays", () => {
    for (let year = 2013; year <= 2030; year++) {
      const all = [...publicHolidays(year, { goedeVrijdag: true, bevrijdingsdag: 'elk-jaar' }).keys()];
      const fixed = new Set(publicHolidays(year, FIXED_ONLY).keys());
      expect(
        all.filter((date) => !fixed.has(date)),
        `year ${year}`,
      ).toEqual(referenceDays(year, 'school').filter((date) => !fixed.has(date)));
    }
  });

  it("matches date-holidays' Koninginnedag, including the Sunday rule, for 1990-2013", () => {
    for (let year = 1990; year <= 2013; year++) {
      const koninginnedag = reference.getHolidays(year).find((holiday) => holiday.name === 'Koninginnedag');
      expect(holidayOn(koninginnedag?.date.slice(0, 10) ?? '', FIXED_ONLY), `year ${year}`).toBe(
        'Koninginnedag',
      );
    }
  });

  it('keeps Koninginnedag on Tuesday 30 April 2013, the day of the abdication and inauguration', () => {
    expect(holidayOn('2013-04-30')).toBe('Koninginnedag');
  });

  it('moves Koninginnedag to Saturday 29 April when 30 April is a Sunday (2006)', () => {
    expect(holidayOn('2006-04-29')).toBe('Koninginnedag');
    expect(holidayOn('2006-04-30')).toBeUndefined();
  });

  it('celebrated the first Koningsdag on Saturday 26 April 2014, and again on 26 April 2025', () => {
    expect(holidayOn('2014-04-26')).toBe('Koningsdag');
    expect(holidayOn('2014-04-27')).toBeUndefined();
    expect(holidayOn('2025-04-26')).toBe('Koningsdag');
    expect(holidayOn('2026-04-27')).toBe('Koningsdag');
  });

  it('keeps both names when two holidays share a date (Ascension on 5 May 2016)', () => {
    expect(holidayOn('2016-05-05', TERMIJNENWET_OPTIONS)).toBe('Bevrijdingsdag en Hemelvaartsdag');
  });

  it('lists the holidays in date order', () => {
    const dates = [...publicHolidays(2026, TERMIJNENWET_OPTIONS).keys()];
    expect(dates).toEqual([...dates].sort());
  });
});

describe('the configurable days', () => {
  it('counts Bevrijdingsdag every year, only in lustrum years, or never', () => {
    const on = (year: number, bevrijdingsdag: WorkingDayOptions['bevrijdingsdag']): boolean =>
      holidayOn(`${year}-05-05`, { goedeVrijdag: false, bevrijdingsdag }) === 'Bevrijdingsdag';
    expect([2015, 2020, 2025, 2030].map((year) => on(year, 'lustrum'))).toEqual([true, true, true, true]);
    expect([2024, 2026, 2027, 2029].map((year) => on(year, 'lustrum'))).toEqual([false, false, false, false]);
    expect([2024, 2025, 2026].map((year) => on(year, 'elk-jaar'))).toEqual([true, true, true]);
    expect([2024, 2025, 2026].map((year) => on(year, 'nooit'))).toEqual([false, false, false]);
  });

  it('makes Goede Vrijdag a holiday only when asked (18 April 2025)', () => {
    expect(holidayOn('2025-04-18', DEFAULT_WORKING_DAY_OPTIONS)).toBeUndefined();
    expect(holidayOn('2025-04-18', { goedeVrijdag: true, bevrijdingsdag: 'lustrum' })).toBe('Goede Vrijdag');
  });

  it('defaults to the cao practice and follows the Algemene termijnenwet for the termijnenwet', () => {
    expect(DEFAULT_WORKING_DAY_OPTIONS).toEqual({ goedeVrijdag: false, bevrijdingsdag: 'lustrum' });
    // Art. 3(1) lists 5 May; art. 3(2) equates Good Friday with the listed days.
    expect(TERMIJNENWET_OPTIONS).toEqual({ goedeVrijdag: true, bevrijdingsdag: 'elk-jaar' });
  });

  it('caches per year and options', () => {
    expect(publicHolidays(2027, DEFAULT_WORKING_DAY_OPTIONS)).toBe(
      publicHolidays(2027, { ...DEFAULT_WORKING_DAY_OPTIONS }),
    );
    expect(publicHolidays(2027, DEFAULT_WORKING_DAY_OPTIONS)).not.toBe(
      publicHolidays(2027, TERMIJNENWET_OPTIONS),
    );
  });

  it('refuses years it cannot vouch for and dates that are not dates', () => {
    expect(() => publicHolidays(1989)).toThrow(RangeError);
    expect(() => publicHolidays(2200)).toThrow(/1990-2199/);
    expect(() => publicHolidays(2025.5)).toThrow(RangeError);
    expect(() => holidayOn('2025-02-30')).toThrow(/not a calendar date/);
    expect(() => holidayOn('25-12-2025')).toThrow(/YYYY-MM-DD/);
    expect(() => publicHolidays(2025, { goedeVrijdag: false, bevrijdingsdag: 'soms' as 'nooit' })).toThrow(
      /bevrijdingsdag/,
    );
  });
});
