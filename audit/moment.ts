import { fromLocal, TIME_ZONE, toLocal } from '../core/calendar.js';
import { daysBetween, localDateOf, parseLocalDate } from '../core/calendars/local-date.js';
import type { Instant } from '../core/index.js';
import { InstantSchema, toInstant } from '../core/index.js';

/** A moment the command line could not read; the message says what is accepted. */
export class MomentError extends Error {
  override readonly name = 'MomentError';
}

/**
 * A moment for `passend audit at`: an ISO 8601 date-time with an offset (`2013-03-01T12:00:00+01:00`, `…Z`),
 * or a plain date `YYYY-MM-DD`, which means the end of that day on Amsterdam's wall clock (23:59:59.999
 * local time), so everything that happened on that day counts.
 */
export function parseMoment(text: string): Instant {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    let parts;
    try {
      parts = parseLocalDate(text);
    } catch (error) {
      throw new MomentError((error as Error).message);
    }
    const nextMidnight = fromLocal({
      year: parts.year,
      month: parts.month,
      day: parts.day + 1,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
    });
    return toInstant(nextMidnight - 1);
  }
  if (!InstantSchema.safeParse(text).success) {
    throw new MomentError(
      `"${text}" is not a moment: use an ISO 8601 date-time with offset (2013-03-01T12:00:00+01:00) or a date (2013-03-01, the end of that day in ${TIME_ZONE})`,
    );
  }
  return toInstant(text);
}

/** A moment on Amsterdam's wall clock, as Dutch readers write it: `21-02-2013 12:00`. */
export function local(moment: Instant | null | undefined): string {
  if (moment === null || moment === undefined) return '-';
  const parts = toLocal(Date.parse(moment));
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(parts.day)}-${pad(parts.month)}-${pad(parts.year, 4)} ${pad(parts.hour)}:${pad(parts.minute)}`;
}

/** A date on Amsterdam's wall clock: `21-02-2013`. */
export function localDay(moment: Instant): string {
  return local(moment).slice(0, 10);
}

/** Whole calendar days between two moments, counted on Amsterdam's dates (21 Feb → 3 Apr 2013 = 41). */
export function calendarDays(from: Instant, to: Instant): number {
  return daysBetween(localDateOf(from), localDateOf(to));
}
