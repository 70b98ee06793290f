import type { Instant } from '../time.js';
import { toInstant } from '../time.js';
import { CalendarDataError } from './errors.js';
import type { LocalDate } from './local-date.js';
import { addDays, assertInteger, atLocalDate, localDateOf, parseLocalDate } from './local-date.js';
import type { SuppliedSchoolYear } from './school-calendar.js';
import type { DateRange, Regio, SchoolVakantie } from './school-holidays.js';
import { REGIOS, SCHOOL_HOLIDAYS, SCHOOL_VAKANTIES } from './school-holidays.js';

/** The school year a date falls in: `2025-2026` runs from 1 August 2025 to 31 July 2026. */
export function schoolYearOf(date: LocalDate): string {
  const { year, month } = parseLocalDate(date);
  const first = month >= 8 ? year : year - 1;
  return `${first}-${first + 1}`;
}

function previousSchoolYear(schoolYear: string): string {
  const first = Number(schoolYear.slice(0, 4)) - 1;
  return `${first}-${first + 1}`;
}

/** One region's school years, shipped and supplied merged: the holiday days, and each year's herfstvakantie. */
interface RegioCalendar {
  readonly days: ReadonlyMap<LocalDate, SchoolVakantie>;
  readonly herfstFrom: ReadonlyMap<string, LocalDate>;
}

function calendarOf(
  regio: Regio,
  years: readonly {
    readonly schoolYear: string;
    readonly vakanties: Readonly<Record<SchoolVakantie, DateRange>>;
  }[],
): RegioCalendar {
  const days = new Map<LocalDate, SchoolVakantie>();
  const herfstFrom = new Map<string, LocalDate>();
  for (const year of years) {
    herfstFrom.set(year.schoolYear, year.vakanties.herfstvakantie.from);
    for (const vakantie of SCHOOL_VAKANTIES) {
      const { from, to } = year.vakanties[vakantie];
      for (let day = from; day <= to; day = addDays(day, 1)) days.set(day, vakantie);
    }
  }
  return { days, herfstFrom };
}

function assertRegio(regio: Regio): void {
  if (!REGIOS.includes(regio))
    throw new RangeError(`unknown regio ${JSON.stringify(regio)}; use noord, midden or zuid`);
}

// The shipped calendar per region, built once (a few hundred dates). A supplied list of years gets its own, kept by
// its dates: a workflow receives the same years as a new object on every activation, so identity would not do.
// At most a few dozen distinct lists are kept; beyond that the cache starts again.
const shipped = new Map<Regio, RegioCalendar>();
const withSupplied = new Map<string, Map<Regio, RegioCalendar>>();
const MAX_SUPPLIED_CALENDARS = 64;

function suppliedKey(supplied: readonly SuppliedSchoolYear[]): string {
  return JSON.stringify(supplied.map(({ schoolYear, vakanties }) => [schoolYear, vakanties]));
}

function regioCalendar(regio: Regio, supplied: readonly SuppliedSchoolYear[] | undefined): RegioCalendar {
  assertRegio(regio);
  let perRegio = shipped;
  if (supplied !== undefined) {
    const key = suppliedKey(supplied);
    const cached = withSupplied.get(key);
    if (cached === undefined) {
      if (withSupplied.size >= MAX_SUPPLIED_CALENDARS) withSupplied.clear();
      perRegio = new Map<Regio, RegioCalendar>();
      withSupplied.set(key, perRegio);
    } else perRegio = cached;
  }
  let calendar = perRegio.get(regio);
  if (calendar === undefined) {
    const replaced = new Set((supplied ?? []).map((year) => year.schoolYear));
    const years = [
      ...SCHOOL_HOLIDAYS.filter((year) => !replaced.has(year.schoolYear)).map((year) => ({
        schoolYear: year.schoolYear,
        vakanties: Object.fromEntries(
          SCHOOL_VAKANTIES.map((vakantie) => [vakantie, year.vakanties[vakantie][regio]]),
        ) as Record<SchoolVakantie, DateRange>,
      })),
      ...(supplied ?? []),
    ];
    calendar = calendarOf(regio, years);
    perRegio.set(regio, calendar);
  }
  return calendar;
}

/**
 * A term that needs school holidays the engine does not have (a school year not published or not verified yet).
 * A data gap rather than a bug: the core refuses the event that needs them, naming the region and the year.
 */
export class SchoolYearUnknownError extends CalendarDataError {
  override readonly name: string = 'SchoolYearUnknownError';
}

function missingSchoolYear(
  regio: Regio,
  calendar: RegioCalendar,
  schoolYear: string,
  date: LocalDate,
  what: string,
): SchoolYearUnknownError {
  const known = [...calendar.herfstFrom.keys()].sort().join(', ');
  return new SchoolYearUnknownError(
    `no school holidays known for regio ${regio} in school year ${schoolYear} (${what} ${date}); ` +
      `known school years: ${known}; a region or school can supply the year (docs/norms.md)`,
  );
}

/**
 * The school holiday of a region on a date, or `null` on a day without one (weekends included). Throws a
 * RangeError naming the region and school year when the data cannot tell: the school year is not listed, or
 * the date lies before its herfstvakantie and the previous year's zomervakantie is unknown.
 */
export function schoolHolidayOn(
  date: LocalDate,
  regio: Regio,
  supplied?: readonly SuppliedSchoolYear[],
): SchoolVakantie | null {
  const calendar = regioCalendar(regio, supplied);
  const vakantie = calendar.days.get(date);
  if (vakantie !== undefined) return vakantie;
  const schoolYear = schoolYearOf(date);
  const herfstFrom = calendar.herfstFrom.get(schoolYear);
  if (herfstFrom === undefined) throw missingSchoolYear(regio, calendar, schoolYear, date, 'needed for');
  const previous = previousSchoolYear(schoolYear);
  if (!calendar.herfstFrom.has(previous) && date < herfstFrom) {
    throw missingSchoolYear(regio, calendar, previous, date, 'its zomervakantie may still run on');
  }
  return null;
}

/** True when the date lies inside a school holiday of the region (see `schoolHolidayOn`). */
export function isSchoolHoliday(
  date: LocalDate,
  regio: Regio,
  supplied?: readonly SuppliedSchoolYear[],
): boolean {
  return schoolHolidayOn(date, regio, supplied) !== null;
}

/**
 * The moment `weeks` school weeks after `start`, at the same Amsterdam wall-clock time: 7 × `weeks` calendar days
 * are counted after the start day, skipping every day inside a school holiday of the region (weekends outside
 * a holiday count). The start day never counts, so a term started in a holiday begins counting after it.
 * Throws a SchoolYearUnknownError naming the region and school year when the term runs into a year without data
 * (neither shipped nor among the `supplied` years, which win over shipped ones of the same year).
 * @example addSchoolWeeks('2025-12-15T10:00:00+01:00', 2, 'noord') // '2026-01-14T09:00:00.000Z'
 */
export function addSchoolWeeks(
  start: Instant,
  weeks: number,
  regio: Regio,
  supplied?: readonly SuppliedSchoolYear[],
): Instant {
  assertInteger(weeks, 'weeks', 0);
  return addSchoolDays(start, weeks * 7, regio, supplied);
}

/** The moment `days` days outside the region's school holidays after `start`, counted as `addSchoolWeeks` does. */
export function addSchoolDays(
  start: Instant,
  days: number,
  regio: Regio,
  supplied?: readonly SuppliedSchoolYear[],
): Instant {
  assertInteger(days, 'days', 0);
  if (days === 0) return toInstant(start);
  let day = localDateOf(start);
  for (let remaining = days; remaining > 0;) {
    day = addDays(day, 1);
    if (!isSchoolHoliday(day, regio, supplied)) remaining--;
  }
  return atLocalDate(start, day);
}

/** How many days outside the region's school holidays lie after `after` up to and including `through`. */
export function countSchoolDays(
  after: LocalDate,
  through: LocalDate,
  regio: Regio,
  supplied?: readonly SuppliedSchoolYear[],
): number {
  let count = 0;
  for (let day = addDays(after, 1); day <= through; day = addDays(day, 1)) {
    if (!isSchoolHoliday(day, regio, supplied)) count++;
  }
  return count;
}
