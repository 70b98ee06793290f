import { fromLocal, localAsUtcMillis, toLocal } from '../calendar.js';
import type { Instant } from '../time.js';
import { toInstant } from '../time.js';

/**
 * A date on Amsterdam's wall clock, `YYYY-MM-DD`. Holidays, working days and school weeks are facts about
 * local dates, not instants: 25 December starts at 23:00 UTC the day before.
 */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface DateParts {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
}

/** The year, month and day of a local date; throws a RangeError for anything but a real `YYYY-MM-DD` date. */
export function parseLocalDate(date: LocalDate): DateParts {
  const match = LOCAL_DATE.exec(date);
  if (match === null) throw new RangeError(`not a local date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return { year, month, day };
}

/** Formats a year, month (1-12) and day as `YYYY-MM-DD`; out-of-range parts roll over as `Date.UTC` does. */
export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** The local date `days` calendar days after `date` (before it when negative). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  return formatLocalDate(year, month, day + days);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = parseLocalDate(from);
  const b = parseLocalDate(to);
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}

/** Milliseconds since the epoch of an instant; throws a RangeError naming the value when it is not one. */
export function millisOf(instant: Instant): number {
  const millis = Date.parse(instant);
  if (Number.isNaN(millis)) throw new RangeError(`not a valid moment: ${String(instant)}`);
  return millis;
}

/** The date Amsterdam's wall clock shows at an instant. */
export function localDateOf(instant: Instant): LocalDate {
  const local = toLocal(millisOf(instant));
  return formatLocalDate(local.year, local.month, local.day);
}

/**
 * The instant on `date` at the same Amsterdam wall-clock time as `instant`. A wall time that the spring
 * change skips (02:00-02:59 on the last Sunday of March) resolves to one hour later, as `fromLocal` does.
 */
export function atLocalDate(instant: Instant, date: LocalDate): Instant {
  const local = toLocal(millisOf(instant));
  const { year, month, day } = parseLocalDate(date);
  return toInstant(fromLocal({ ...local, year, month, day }));
}

/**
 * The wall-clock reading of an instant as if it were UTC milliseconds: differences between two readings count
 * calendar time (a day is always 24 hours), whatever the offset did in between.
 */
export function wallClockMillis(instant: Instant): number {
  return localAsUtcMillis(toLocal(millisOf(instant)));
}

/** The instant at which Amsterdam's wall clock shows the reading `wall` (see `wallClockMillis`). */
export function fromWallClockMillis(wall: number): Instant {
  const date = new Date(wall);
  return toInstant(
    fromLocal({
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      millisecond: date.getUTCMilliseconds(),
    }),
  );
}

/** Throws a RangeError unless `value` is an integer (optionally at least `min`), naming the parameter. */
export function assertInteger(value: number, name: string, min?: number): void {
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be a whole number, got ${String(value)}`);
  if (min !== undefined && value < min) throw new RangeError(`${name} must be at least ${min}, got ${value}`);
}
