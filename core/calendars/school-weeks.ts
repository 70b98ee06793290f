import type { Instant } from '../time.js';
import { toInstant } from '../time.js';
import { CalendarDataError } from './errors.js';
import type { LocalDate } from './local-date.js';
import { addDays, assertInteger, atLocalDate, localDateOf, parseLocalDate } from './local-date.js';
import type { Regio, SchoolVakantie, SchoolYearHolidays } from './school-holidays.js';
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

const byYear: ReadonlyMap<string, SchoolYearHolidays> = new Map(
  SCHOOL_HOLIDAYS.map((year) => [year.schoolYear, year]),
);

// Every holiday day per region, built once: a few hundred dates.
let holidayDays: ReadonlyMap<Regio, ReadonlyMap<LocalDate, SchoolVakantie>> | undefined;
function holidayDaysOf(regio: Regio): ReadonlyMap<LocalDate, SchoolVakantie> {
  if (holidayDays === undefined) {
    const perRegio = new Map<Regio, Map<LocalDate, SchoolVakantie>>(REGIOS.map((r) => [r, new Map()]));
    for (const year of SCHOOL_HOLIDAYS) {
      for (const vakantie of SCHOOL_VAKANTIES) {
        for (const r of REGIOS) {
          const { from, to } = year.vakanties[vakantie][r];
          for (let day = from; day <= to; day = addDays(day, 1)) perRegio.get(r)?.set(day, vakantie);
        }
      }
    }
    holidayDays = perRegio;
  }
  const days = holidayDays.get(regio);
  if (days === undefined)
    throw new RangeError(`unknown regio ${JSON.stringify(regio)}; use noord, midden or zuid`);
  return days;
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
  schoolYear: string,
  date: LocalDate,
  what: string,
): SchoolYearUnknownError {
  const known = SCHOOL_HOLIDAYS.map((year) => year.schoolYear).join(', ');
  return new SchoolYearUnknownError(
    `no school holidays known for regio ${regio} in school year ${schoolYear} (${what} ${date}); ` +
      `known school years: ${known}`,
  );
}

/**
 * The school holiday of a region on a date, or `null` on a day without one (weekends included). Throws a
 * RangeError naming the region and school year when the data cannot tell: the school year is not listed, or
 * the date lies before its herfstvakantie and the previous year's zomervakantie is unknown.
 */
export function schoolHolidayOn(date: LocalDate, regio: Regio): SchoolVakantie | null {
  const vakantie = holidayDaysOf(regio).get(date);
  if (vakantie !== undefined) return vakantie;
  const schoolYear = schoolYearOf(date);
  const year = byYear.get(schoolYear);
  if (year === undefined) throw missingSchoolYear(regio, schoolYear, date, 'needed for');
  const previous = previousSchoolYear(schoolYear);
  if (!byYear.has(previous) && date < year.vakanties.herfstvakantie[regio].from) {
    throw missingSchoolYear(regio, previous, date, 'its zomervakantie may still run on');
  }
  return null;
}

/** True when the date lies inside a school holiday of the region (see `schoolHolidayOn`). */
export function isSchoolHoliday(date: LocalDate, regio: Regio): boolean {
  return schoolHolidayOn(date, regio) !== null;
}

/**
 * The moment `weeks` school weeks after `start`, at the same Amsterdam wall-clock time: 7 × `weeks` calendar days
 * are counted after the start day, skipping every day inside a school holiday of the region (weekends outside
 * a holiday count). The start day never counts, so a term started in a holiday begins counting after it.
 * Throws a SchoolYearUnknownError naming the region and school year when the term runs into a year without data.
 * @example addSchoolWeeks('2025-12-15T10:00:00+01:00', 2, 'noord') // '2026-01-14T09:00:00.000Z'
 */
export function addSchoolWeeks(start: Instant, weeks: number, regio: Regio): Instant {
  assertInteger(weeks, 'weeks', 0);
  return addSchoolDays(start, weeks * 7, regio);
}

/** The moment `days` days outside the region's school holidays after `start`, counted as `addSchoolWeeks` does. */
export function addSchoolDays(start: Instant, days: number, regio: Regio): Instant {
  assertInteger(days, 'days', 0);
  if (days === 0) return toInstant(start);
  let day = localDateOf(start);
  for (let remaining = days; remaining > 0;) {
    day = addDays(day, 1);
    if (!isSchoolHoliday(day, regio)) remaining--;
  }
  return atLocalDate(start, day);
}

/** How many days outside the region's school holidays lie after `after` up to and including `through`. */
export function countSchoolDays(after: LocalDate, through: LocalDate, regio: Regio): number {
  let count = 0;
  for (let day = addDays(after, 1); day <= through; day = addDays(day, 1)) {
    if (!isSchoolHoliday(day, regio)) count++;
  }
  return count;
}
