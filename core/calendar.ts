import { amsterdamOffset } from './amsterdam-offset.js';
import type { Instant } from './time.js';
import { toInstant } from './time.js';

/** The time zone every term is counted in: Dutch law counts days on the Dutch wall clock. */
export const TIME_ZONE = 'Europe/Amsterdam';

/** A term as the norm states it. Working days and school weeks arrive with their calendars. */
export interface Term {
  readonly amount: number;
  readonly unit: 'dagen' | 'weken' | 'maanden';
}

export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The wall-clock date and time in Amsterdam at an instant, by the engine's pinned rules (amsterdam-offset.ts). */
export function toLocal(millis: number): LocalDateTime {
  const wall = new Date(millis + amsterdamOffset(millis));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
  };
}

/** A wall-clock reading as if it were UTC milliseconds (a day is always 24 hours in this reading). */
export function localAsUtcMillis(local: LocalDateTime): number {
  return Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
    local.millisecond,
  );
}

/**
 * The instant at which Amsterdam's wall clock shows `local`. Two passes settle the offset across a
 * daylight-saving change; a wall time skipped in spring resolves to the instant one hour later.
 */
export function fromLocal(local: LocalDateTime): number {
  const wall = localAsUtcMillis(local);
  let guess = wall;
  for (let pass = 0; pass < 2; pass++) {
    const offset = localAsUtcMillis(toLocal(guess)) - guess;
    guess = wall - offset;
  }
  return guess;
}

/**
 * The moment a term ends when it starts at `start`, counted in calendar days on Amsterdam's wall clock:
 * three weeks from a Friday at 16:00 end on a Friday at 16:00, whatever the offset did in between.
 * A month term ending on a day the month lacks (31 January + 1 month) ends on that month's last day.
 */
export function addCalendarTerm(start: Instant, term: Term): Instant {
  const local = toLocal(Date.parse(start));
  if (term.unit === 'maanden') {
    const monthIndex = local.month - 1 + term.amount;
    const year = local.year + Math.floor(monthIndex / 12);
    const month = (((monthIndex % 12) + 12) % 12) + 1;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return toInstant(fromLocal({ ...local, year, month, day: Math.min(local.day, lastDay) }));
  }
  const days = term.unit === 'weken' ? term.amount * 7 : term.amount;
  const shifted = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return toInstant(
    fromLocal({
      ...local,
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
    }),
  );
}
