import type { LocalDate } from './local-date.js';
import { addDays, dayOfWeek, formatLocalDate, parseLocalDate } from './local-date.js';
import { CalendarDataError } from './errors.js';

/**
 * Dutch public holidays, computed rather than looked up: the core must run in Temporal's workflow sandbox, and
 * `date-holidays` drags in moment-timezone, astronomy code and every country's rules for the sake of one
 * Easter date. The tests cross-check these dates against `date-holidays` instead.
 */

/** Whether 5 May is a day off: every year, only in lustrum years (2020, 2025, 2030, …), or never. */
export type Bevrijdingsdag = 'elk-jaar' | 'lustrum' | 'nooit';

/** Which optional days a working-day calendar treats as holidays (the fixed ones always are). */
export type WorkingDayOptions = {
  readonly goedeVrijdag: boolean;
  readonly bevrijdingsdag: Bevrijdingsdag;
};

/**
 * The common practice of Dutch collective agreements (cao's): Good Friday is a working day, and 5 May is a day
 * off only once every five years (1990, 1995, …, 2025, 2030), as Bevrijdingsdag is a national holiday but the
 * free day is left to the cao. A region or organisation with another agreement configures its own calendar.
 */
export const DEFAULT_WORKING_DAY_OPTIONS: WorkingDayOptions = Object.freeze({
  goedeVrijdag: false,
  bevrijdingsdag: 'lustrum',
});

/**
 * The days on which a statutory term does not end, per the Algemene termijnenwet, art. 3: paragraph 1 lists
 * New Year's Day, Easter and Whit Monday, both Christmas days, Ascension Day, the day the King's birthday is
 * celebrated and 5 May (every year); paragraph 2 equates Good Friday with them ("Voor de toepassing van deze
 * wet wordt Goede Vrijdag met de in het vorige lid genoemde dagen gelijkgesteld"). Days equated by Royal
 * Decree under paragraph 3 are not included: they are published per period in the Staatscourant.
 */
export const TERMIJNENWET_OPTIONS: WorkingDayOptions = Object.freeze({
  goedeVrijdag: true,
  bevrijdingsdag: 'elk-jaar',
});

/**
 * The supported years. From 1990 on, 5 May is a national holiday every year; Koninginnedag follows the rule
 * used since 1980 (30 April, or Saturday 29 April when the 30th is a Sunday). Koningsdag follows King
 * Willem-Alexander's birthday; a future change of monarch needs a change here.
 */
export const FIRST_SUPPORTED_YEAR = 1990;
export const LAST_SUPPORTED_YEAR = 2199;

function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new CalendarDataError(
      `Dutch public holidays are known for ${FIRST_SUPPORTED_YEAR}-${LAST_SUPPORTED_YEAR}, not for ${String(year)}`,
    );
  }
}

/**
 * Easter Sunday of a Gregorian year (the anonymous algorithm of Meeus, Jones and Butcher).
 * @example easterSunday(2025) // '2025-04-20'
 */
export function easterSunday(year: number): LocalDate {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`not a Gregorian year: ${String(year)}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatLocalDate(year, month, day);
}

/**
 * The day the monarch's birthday is celebrated. Koningsdag (from 2014): 27 April, or Saturday 26 April when the
 * 27th is a Sunday. Koninginnedag (until 2013, the year of the abdication on 30 April): 30 April, or Saturday
 * 29 April when the 30th is a Sunday (the rule since 1980; 1995 and 2006 were such years).
 */
function monarchsDay(year: number): { readonly date: LocalDate; readonly name: string } {
  const name = year >= 2014 ? 'Koningsdag' : 'Koninginnedag';
  const date = formatLocalDate(year, 4, year >= 2014 ? 27 : 30);
  return { date: dayOfWeek(date) === 0 ? addDays(date, -1) : date, name };
}

function bevrijdingsdagIsHoliday(year: number, mode: Bevrijdingsdag): boolean {
  switch (mode) {
    case 'elk-jaar':
      return true;
    case 'lustrum':
      return year % 5 === 0;
    case 'nooit':
      return false;
    default:
      throw new RangeError(
        `bevrijdingsdag must be 'elk-jaar', 'lustrum' or 'nooit', got ${JSON.stringify(mode)}`,
      );
  }
}

function computeHolidays(year: number, options: WorkingDayOptions): ReadonlyMap<LocalDate, string> {
  const days = new Map<LocalDate, string>();
  // Two holidays can share a date (Hemelvaartsdag on 5 May in 2016): keep both names.
  const add = (date: LocalDate, name: string): void => {
    const existing = days.get(date);
    days.set(date, existing === undefined ? name : `${existing} en ${name}`);
  };
  const easter = easterSunday(year);
  add(formatLocalDate(year, 1, 1), 'Nieuwjaarsdag');
  if (options.goedeVrijdag) add(addDays(easter, -2), 'Goede Vrijdag');
  add(easter, 'Eerste Paasdag');
  add(addDays(easter, 1), 'Tweede Paasdag');
  const monarch = monarchsDay(year);
  add(monarch.date, monarch.name);
  if (bevrijdingsdagIsHoliday(year, options.bevrijdingsdag))
    add(formatLocalDate(year, 5, 5), 'Bevrijdingsdag');
  add(addDays(easter, 39), 'Hemelvaartsdag');
  add(addDays(easter, 49), 'Eerste Pinksterdag');
  add(addDays(easter, 50), 'Tweede Pinksterdag');
  add(formatLocalDate(year, 12, 25), 'Eerste Kerstdag');
  add(formatLocalDate(year, 12, 26), 'Tweede Kerstdag');
  return new Map([...days].sort(([a], [b]) => (a < b ? -1 : 1)));
}

// Pure and deterministic, so sharing it between workflows in one sandbox is safe.
const cache = new Map<string, ReadonlyMap<LocalDate, string>>();

/**
 * The Dutch public holidays of a year, date → Dutch name, in date order; cached per year and options.
 * @example publicHolidays(2025, DEFAULT_WORKING_DAY_OPTIONS).get('2025-04-26') // 'Koningsdag'
 */
export function publicHolidays(
  year: number,
  options: WorkingDayOptions = DEFAULT_WORKING_DAY_OPTIONS,
): ReadonlyMap<LocalDate, string> {
  assertSupportedYear(year);
  const key = `${year}|${String(options.goedeVrijdag)}|${options.bevrijdingsdag}`;
  let holidays = cache.get(key);
  if (holidays === undefined) {
    holidays = computeHolidays(year, options);
    cache.set(key, holidays);
  }
  return holidays;
}

/** The Dutch name of the public holiday on a local date, or `undefined` when it is none. */
export function holidayOn(
  date: LocalDate,
  options: WorkingDayOptions = DEFAULT_WORKING_DAY_OPTIONS,
): string | undefined {
  return publicHolidays(parseLocalDate(date).year, options).get(date);
}
