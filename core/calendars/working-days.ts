import type { Instant } from '../time.js';
import { toInstant } from '../time.js';
import type { WorkingDayOptions } from './holidays.js';
import { DEFAULT_WORKING_DAY_OPTIONS, publicHolidays } from './holidays.js';
import type { LocalDate } from './local-date.js';
import { addDays, assertInteger, atLocalDate, dayOfWeek, localDateOf, parseLocalDate } from './local-date.js';

/** True for Monday to Friday when the date is not a public holiday under `options`. */
export function isWorkingDay(
  date: LocalDate,
  options: WorkingDayOptions = DEFAULT_WORKING_DAY_OPTIONS,
): boolean {
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return false;
  return !publicHolidays(parseLocalDate(date).year, options).has(date);
}

/** `date` itself when it is a working day, otherwise the first working day after it. */
export function nextWorkingDayOnOrAfter(
  date: LocalDate,
  options: WorkingDayOptions = DEFAULT_WORKING_DAY_OPTIONS,
): LocalDate {
  let day = date;
  while (!isWorkingDay(day, options)) day = addDays(day, 1);
  return day;
}

/**
 * The `days`-th working day after `date` (before it when `days` is negative); `date` itself never counts.
 * Zero returns `date` unchanged.
 */
export function shiftWorkingDays(
  date: LocalDate,
  days: number,
  options: WorkingDayOptions = DEFAULT_WORKING_DAY_OPTIONS,
): LocalDate {
  assertInteger(days, 'days');
  const step = days < 0 ? -1 : 1;
  let day = date;
  for (let remaining = Math.abs(days); remaining > 0;) {
    day = addDays(day, step);
    if (isWorkingDay(day, options)) remaining--;
  }
  return day;
}

/** How many working days lie after `after` up to and including `through` (0 when `through` is not later). */
export function countWorkingDays(
  after: LocalDate,
  through: LocalDate,
  options: WorkingDayOptions = DEFAULT_WORKING_DAY_OPTIONS,
): number {
  let count = 0;
  for (let day = addDays(after, 1); day <= through; day = addDays(day, 1)) {
    if (isWorkingDay(day, options)) count++;
  }
  return count;
}

/**
 * The moment `days` working days after `start`, at the same Amsterdam wall-clock time.
 *
 * Counting rule: the start day itself never counts, whatever the hour and whether or not it is a working day;
 * the term ends on the `days`-th working day after it. So Monday 10:00 + 5 is the next Monday 10:00, Saturday
 * 10:00 + 1 is Monday 10:00, and Friday 16:00 + 5 is the next Friday 16:00 even when the clocks change in
 * between. A negative `days` counts back the same way (used for warnings); zero returns `start`.
 * @example addWorkingDays('2025-12-19T10:00:00+01:00', 5) // '2025-12-30T09:00:00.000Z' (skips both Christmas days)
 */
export function addWorkingDays(
  start: Instant,
  days: number,
  options: WorkingDayOptions = DEFAULT_WORKING_DAY_OPTIONS,
): Instant {
  assertInteger(days, 'days');
  if (days === 0) return toInstant(start);
  return atLocalDate(start, shiftWorkingDays(localDateOf(start), days, options));
}
