import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addSchoolWeeks,
  isSchoolHoliday,
  localDateOf,
  REGIOS,
  SCHOOL_HOLIDAYS,
  SCHOOL_VAKANTIES,
  schoolHolidayOn,
  schoolYearOf,
} from '../../core/calendars/index.js';
import type { Regio } from '../../core/calendars/index.js';

const weekdayOf = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();

describe('the school holiday data', () => {
  it('has, per school year, a source and all five holidays in every region, each Saturday to Sunday', () => {
    expect(SCHOOL_HOLIDAYS.map((year) => year.schoolYear)).toEqual([
      '2022-2023',
      '2023-2024',
      '2024-2025',
      '2025-2026',
      '2027-2028',
    ]);
    for (const year of SCHOOL_HOLIDAYS) {
      expect(year.sources.length, year.schoolYear).toBeGreaterThan(0);
      for (const regio of REGIOS) {
        let previousEnd = '';
        for (const vakantie of SCHOOL_VAKANTIES) {
          const { from, to } = year.vakanties[vakantie][regio];
          const where = `${year.schoolYear} ${vakantie} ${regio}`;
          expect(weekdayOf(from), `${where} starts on a Saturday`).toBe(6);
          expect(weekdayOf(to), `${where} ends on a Sunday`).toBe(0);
          expect(from > previousEnd, `${where} follows the previous holiday`).toBe(true);
          expect(schoolYearOf(from), `${where} starts in its school year`).toBe(year.schoolYear);
          previousEnd = to;
        }
      }
    }
  });

  it('gives the zomervakantie six weeks and the herfst-, voorjaars- and meivakantie nine days', () => {
    const length = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    for (const year of SCHOOL_HOLIDAYS) {
      for (const regio of REGIOS) {
        const { vakanties } = year;
        expect(length(vakanties.zomervakantie[regio].from, vakanties.zomervakantie[regio].to)).toBe(44);
        expect(length(vakanties.herfstvakantie[regio].from, vakanties.herfstvakantie[regio].to)).toBe(9);
        expect(length(vakanties.voorjaarsvakantie[regio].from, vakanties.voorjaarsvakantie[regio].to)).toBe(
          9,
        );
        expect(length(vakanties.meivakantie[regio].from, vakanties.meivakantie[regio].to)).toBe(9);
        expect(length(vakanties.kerstvakantie[regio].from, vakanties.kerstvakantie[regio].to)).toBe(16);
      }
    }
  });
});

describe('schoolHolidayOn', () => {
  it('knows which holiday a date falls in, per region', () => {
    expect(schoolHolidayOn('2025-10-15', 'zuid')).toBe('herfstvakantie');
    expect(schoolHolidayOn('2025-10-15', 'noord')).toBeNull();
    expect(schoolHolidayOn('2025-12-25', 'midden')).toBe('kerstvakantie');
    expect(schoolHolidayOn('2026-08-20', 'midden')).toBe('zomervakantie');
    expect(isSchoolHoliday('2025-09-13', 'noord')).toBe(false);
  });

  it("knows the previous year's zomervakantie even when the new school year is not listed", () => {
    // The zomervakantie 2026 runs into school year 2026-2027, which is not listed.
    expect(schoolHolidayOn('2026-08-29', 'midden')).toBe('zomervakantie');
    expect(() => schoolHolidayOn('2026-08-31', 'midden')).toThrow(/midden.*2026-2027/);
  });

  it('refuses dates it cannot tell about, naming the region and school year', () => {
    expect(() => schoolHolidayOn('2021-03-01', 'noord')).toThrow(/regio noord in school year 2020-2021/);
    // 2022-2023 is listed, but the zomervakantie 2022 (school year 2021-2022) is not: August 2022 is unknown.
    expect(() => schoolHolidayOn('2022-08-15', 'zuid')).toThrow(/regio zuid in school year 2021-2022/);
    expect(schoolHolidayOn('2022-11-01', 'zuid')).toBeNull();
    expect(() => schoolHolidayOn('2027-03-01', 'zuid')).toThrow(/2026-2027/);
  });
});

describe('addSchoolWeeks counts days outside the school holidays of the region', () => {
  it('skips the kerstvakantie: Monday 15 December 2025 10:00 + 2 school weeks is Wednesday 14 January 10:00', () => {
    // Tue 16 … Fri 19 December count (4 days); 20 December - 4 January is the kerstvakantie; 5 … 14 January (10).
    for (const regio of REGIOS) {
      expect(addSchoolWeeks('2025-12-15T10:00:00+01:00', 2, regio)).toBe('2026-01-14T09:00:00.000Z');
    }
  });

  it('depends on the region: herfstvakantie 2025 is a week earlier in zuid', () => {
    const friday = '2025-10-10T12:00:00+02:00';
    // zuid: 11-19 October is the herfstvakantie; 20-26 October counts; 26 October is after the autumn change.
    expect(addSchoolWeeks(friday, 1, 'zuid')).toBe('2025-10-26T11:00:00.000Z');
    // noord: 11-17 October count, its herfstvakantie starts on the 18th.
    expect(addSchoolWeeks(friday, 1, 'noord')).toBe('2025-10-17T10:00:00.000Z');
  });

  it('starts counting after the holiday when the term starts inside one', () => {
    // Wednesday 24 December 2025: counting starts on Monday 5 January 2026.
    expect(localDateOf(addSchoolWeeks('2025-12-24T09:00:00+01:00', 1, 'noord'))).toBe('2026-01-11');
  });

  it('returns the start for zero weeks and refuses negative or fractional weeks', () => {
    expect(addSchoolWeeks('2025-12-24T09:00:00+01:00', 0, 'noord')).toBe('2025-12-24T08:00:00.000Z');
    expect(() => addSchoolWeeks('2025-12-24T09:00:00+01:00', -1, 'noord')).toThrow(RangeError);
    expect(() => addSchoolWeeks('2025-12-24T09:00:00+01:00', 1.5, 'noord')).toThrow(RangeError);
  });

  it('throws a RangeError naming the region and school year when the term runs past the data', () => {
    expect(() => addSchoolWeeks('2026-06-01T09:00:00+02:00', 20, 'noord')).toThrow(
      /regio noord in school year 2026-2027/,
    );
    expect(() => addSchoolWeeks('2026-06-01T09:00:00+02:00', 20, 'noord')).toThrow(RangeError);
    expect(() => addSchoolWeeks('2026-06-01T09:00:00+02:00', 1, 'oost' as Regio)).toThrow(/unknown regio/);
  });

  it('never ends inside a holiday, takes at least 7 days a week, and composes week by week', () => {
    const startArb = fc
      .integer({ min: Date.UTC(2022, 10, 1), max: Date.UTC(2026, 2, 1) })
      // 10:00 UTC: never in the hour the spring change skips, so the time of day survives every step.
      .map((millis) => new Date(Math.floor(millis / 86_400_000) * 86_400_000 + 36_000_000).toISOString());
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(...REGIOS),
        (start, weeks, regio) => {
          const end = addSchoolWeeks(start, weeks, regio);
          expect(isSchoolHoliday(localDateOf(end), regio)).toBe(false);
          expect(Date.parse(end) - Date.parse(start)).toBeGreaterThanOrEqual(
            weeks * 7 * 86_400_000 - 3_600_000,
          );
          expect(addSchoolWeeks(addSchoolWeeks(start, 1, regio), weeks - 1, regio)).toBe(end);
        },
      ),
    );
  });
});
