import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CalendarSpec, SuppliedSchoolYear } from '../../core/calendars/index.js';
import {
  addTerm,
  CalendarDataError,
  CalendarSpecSchema,
  isSchoolHoliday,
  SchoolYearUnknownError,
} from '../../core/calendars/index.js';
import { daysStoodStill } from '../../core/deadlines.js';
import { resolveNorms } from '../../core/norms.js';
import { parseRegionConfig } from '../../core/region-config.js';

const EXAMPLE = 'config/regions/utrecht-schoolweken.json';
const exampleRaw = (): Record<string, unknown> =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../${EXAMPLE}`, import.meta.url)), 'utf8')) as Record<
    string,
    unknown
  >;

/** Midden's school year 2026-2027 as the example file supplies it. */
const MIDDEN_2026_2027: SuppliedSchoolYear = {
  schoolYear: '2026-2027',
  sources: ['test: the dates of config/regions/utrecht-schoolweken.json'],
  vakanties: {
    herfstvakantie: { from: '2026-10-17', to: '2026-10-25' },
    kerstvakantie: { from: '2026-12-19', to: '2027-01-03' },
    voorjaarsvakantie: { from: '2027-02-20', to: '2027-02-28' },
    meivakantie: { from: '2027-04-24', to: '2027-05-02' },
    zomervakantie: { from: '2027-07-17', to: '2027-08-29' },
  },
};

const SHIPPED_ONLY: CalendarSpec = { kind: 'schoolweken', regio: 'midden' };
const SUPPLIED: CalendarSpec = CalendarSpecSchema.parse({
  kind: 'schoolweken',
  regio: 'midden',
  schoolYears: [MIDDEN_2026_2027],
});
const weeks = (amount: number) => ({ amount, unit: 'schoolweken' as const });

describe('school calendars supplied as data', () => {
  it('counts school weeks across a supplied 2026-2027 year, skipping its kerstvakantie', () => {
    // 15-18 December count (4 days), 19 December - 3 January is kerstvakantie, then 17 more days: 20 January.
    expect(addTerm('2026-12-14T09:00:00+01:00', weeks(3), SUPPLIED)).toBe('2027-01-20T08:00:00.000Z');
    expect(isSchoolHoliday('2027-02-22', 'midden', [MIDDEN_2026_2027])).toBe(true);
    expect(isSchoolHoliday('2027-03-01', 'midden', [MIDDEN_2026_2027])).toBe(false);
  });

  it('opens a case after 1 August 2026: the shipped zomervakantie 2026 runs on into the supplied year', () => {
    // Midden's shipped zomervakantie 2026 ends 30 August; the week counted is 31 August - 6 September.
    expect(addTerm('2026-08-10T09:00:00+02:00', weeks(1), SUPPLIED)).toBe('2026-09-06T07:00:00.000Z');
    expect(() => addTerm('2026-08-10T09:00:00+02:00', weeks(1), SHIPPED_ONLY)).toThrow(
      SchoolYearUnknownError,
    );
  });

  it('merges with the shipped years: a term runs from the supplied 2026-2027 into the shipped 2027-2028', () => {
    // 13-16 July count (4 days), zomervakantie 17 July - 29 August, then 10 more days from 30 August.
    expect(addTerm('2027-07-12T09:00:00+02:00', weeks(2), SUPPLIED)).toBe('2027-09-08T07:00:00.000Z');
    // The shipped years stay: 2025-2026 counts as before.
    expect(addTerm('2025-12-15T10:00:00+01:00', weeks(2), SUPPLIED)).toBe(
      addTerm('2025-12-15T10:00:00+01:00', weeks(2), SHIPPED_ONLY),
    );
  });

  it('a suspension in the supplied year counts only the days outside its holidays', () => {
    const [norm] = resolveNorms(['breda-route'], {
      'breda-route': { term: weeks(3), calendar: SUPPLIED },
    });
    // Suspended 16 December, resumed 6 January: 17-18 December and 4-6 January stood still, not the kerstvakantie.
    expect(daysStoodStill(norm!, '2026-12-16T09:00:00+01:00', '2027-01-06T09:00:00+01:00')).toBe(5);
  });

  it('refuses by name a school year nobody supplied, as before', () => {
    const refusal = () => addTerm('2026-12-14T09:00:00+01:00', weeks(3), SHIPPED_ONLY);
    expect(refusal).toThrow(CalendarDataError);
    expect(refusal).toThrow(/regio midden in school year 2026-2027 \(needed for 2026-12-15\)/);
    // With 2026-2027 supplied, 2028-2029 is still nobody's: refused naming it and the years known.
    expect(() => addTerm('2029-01-08T09:00:00+01:00', weeks(1), SUPPLIED)).toThrow(
      /regio midden in school year 2028-2029 .*known school years: 2022-2023, 2023-2024, 2024-2025, 2025-2026, 2026-2027, 2027-2028/,
    );
  });

  it('a supplied year that contradicts a shipped one is refused naming the path, unless it replaces it explicitly', () => {
    const schoolsOwn: SuppliedSchoolYear = {
      schoolYear: '2025-2026',
      sources: ['test: a school that moved its herfstvakantie a week'],
      vakanties: {
        herfstvakantie: { from: '2025-10-11', to: '2025-10-19' },
        kerstvakantie: { from: '2025-12-20', to: '2026-01-04' },
        voorjaarsvakantie: { from: '2026-02-14', to: '2026-02-22' },
        meivakantie: { from: '2026-04-25', to: '2026-05-03' },
        zomervakantie: { from: '2026-07-18', to: '2026-08-30' },
      },
    };
    const refused = CalendarSpecSchema.safeParse({
      kind: 'schoolweken',
      regio: 'midden',
      schoolYears: [schoolsOwn],
    });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      [
        'schoolYears.0.vakanties.herfstvakantie',
        '2025-10-11 to 2025-10-19 contradicts the shipped herfstvakantie 2025-2026 for regio midden ' +
          '(2025-10-18 to 2025-10-26); set replacesShipped: true on this year to use these dates',
      ],
    ]);
    const replacing = CalendarSpecSchema.parse({
      kind: 'schoolweken',
      regio: 'midden',
      schoolYears: [{ ...schoolsOwn, replacesShipped: true }],
    });
    // Shipped: 6-10 and 13-17 October count (the week of 11-17 October is not a holiday), due 13 October.
    expect(addTerm('2025-10-06T09:00:00+02:00', weeks(1), SHIPPED_ONLY)).toBe('2025-10-13T07:00:00.000Z');
    // The school's own herfstvakantie 11-19 October: 7-10 October count (4 days), then 20-22 October.
    expect(addTerm('2025-10-06T09:00:00+02:00', weeks(1), replacing)).toBe('2025-10-22T07:00:00.000Z');
    // Agreeing with the shipped dates needs no flag.
    const agreeing = {
      ...schoolsOwn,
      vakanties: { ...schoolsOwn.vakanties, herfstvakantie: { from: '2025-10-18', to: '2025-10-26' } },
    };
    expect(
      CalendarSpecSchema.safeParse({ kind: 'schoolweken', regio: 'midden', schoolYears: [agreeing] }).success,
    ).toBe(true);
  });

  it('the example region configuration hands its school year to the norm counted in school weeks', () => {
    const config = parseRegionConfig(exampleRaw(), EXAMPLE);
    const calendar = config.norms['breda-route']?.calendar;
    expect(calendar).toMatchObject({ kind: 'schoolweken', regio: 'midden' });
    expect(
      calendar?.kind === 'schoolweken' ? calendar.schoolYears?.map((year) => year.schoolYear) : [],
    ).toEqual(['2026-2027']);
  });

  it('bad input: every problem listed by path, and nothing loaded', () => {
    const raw = exampleRaw();
    const bad = {
      ...raw,
      schoolCalendar: {
        regio: 'oost',
        schoolYears: [
          {
            ...MIDDEN_2026_2027,
            vakanties: {
              ...MIDDEN_2026_2027.vakanties,
              herfstvakantie: { from: '2026-10-25', to: '2026-10-17' },
              kerstvakantie: { from: '2026-12-19', to: '2027-02-21' },
              meivakantie: { from: '2027-08-02', to: '2027-08-09' },
            },
          },
          {
            schoolYear: '2028-2029',
            sources: ['test'],
            vakanties: {
              herfstvakantie: { from: '2028-10-14', to: '2028-10-22' },
              kerstvakantie: { from: '2028-12-23', to: '2029-01-07' },
              voorjaarsvakantie: { from: '2029-02-30', to: '2029-03-04' },
              meivakantie: { from: '2029-04-28', to: '2029-05-06' },
              zomervakantie: { from: '2029-07-14', to: '2029-08-26' },
            },
          },
          { ...MIDDEN_2026_2027, schoolYear: '2026-2028' },
        ],
      },
    };
    let message = '';
    try {
      parseRegionConfig(bad, 'school.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'school.json: not a valid region configuration',
      '  schoolCalendar.regio: Invalid option: expected one of "noord"|"midden"|"zuid"',
      '  schoolCalendar.schoolYears.0.vakanties.herfstvakantie.to: 2026-10-17 lies before from (2026-10-25)',
      '  schoolCalendar.schoolYears.0.vakanties.meivakantie.from: 2027-08-02 lies outside school year 2026-2027 (2026-08-01 to 2027-07-31)',
      '  schoolCalendar.schoolYears.0.vakanties.meivakantie.to: 2027-08-09 lies outside school year 2026-2027 (2026-08-01 to 2027-07-31)',
      '  schoolCalendar.schoolYears.0.vakanties.voorjaarsvakantie: voorjaarsvakantie (2027-02-20 to 2027-02-28) overlaps kerstvakantie (2026-12-19 to 2027-02-21)',
      '  schoolCalendar.schoolYears.0.vakanties.zomervakantie: zomervakantie (2027-07-17 to 2027-08-29) overlaps meivakantie (2027-08-02 to 2027-08-09)',
      '  schoolCalendar.schoolYears.1.vakanties.voorjaarsvakantie.from: not a calendar date: 2029-02-30',
      '  schoolCalendar.schoolYears.2.schoolYear: 2026-2028 is not one school year (2026-2027)',
    ]);
    // A supplied year twice is refused too, naming both places.
    expect(() =>
      parseRegionConfig(
        { ...raw, schoolCalendar: { regio: 'midden', schoolYears: [MIDDEN_2026_2027, MIDDEN_2026_2027] } },
        'school.json',
      ),
    ).toThrow('schoolCalendar.schoolYears.1.schoolYear: school year 2026-2027 is supplied twice (also at 0)');
    // A calendar no norm of the file counts with would change nothing: refused, naming the field.
    expect(() =>
      parseRegionConfig(
        { ...raw, schoolCalendar: { regio: 'noord', schoolYears: [MIDDEN_2026_2027] } },
        'school.json',
      ),
    ).toThrow(/schoolCalendar: no norm of this configuration counts in schoolweken in regio noord/);
  });
});
