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

// Constructing an Intl.DateTimeFormat is expensive; one shared formatter is enough (it is stateless).
let formatter: Intl.DateTimeFormat | undefined;
function amsterdamFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return formatter;
}

/** The wall-clock date and time in Amsterdam at an instant. */
export function toLocal(millis: number): LocalDateTime {
  const offset = hourOffset(millis);
  if (offset === undefined) return formatLocal(millis);
  const wall = new Date(millis + offset);
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

const HOUR_MS = 3_600_000;
/** Amsterdam's UTC offset per UTC hour, for hours in which it does not change; bounded, as it is shared. */
const offsets = new Map<number, number | null>();
const MAX_OFFSETS = 20_000;

/*
 * Formatting with Intl is the costliest step of counting terms, and it is asked for the same hours again and
 * again (every norm of every event starts at the event's moment). Since 1970 Amsterdam changes its offset
 * only on the hour, in whole hours; an hour whose offset is the same at its first and last millisecond is
 * read from the cache, anything else (or earlier) is formatted as before.
 */
function hourOffset(millis: number): number | undefined {
  const hour = Math.floor(millis / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const first = hour * HOUR_MS;
    const last = first + HOUR_MS - 1;
    const start = formatLocal(first);
    const atStart = localAsUtcMillis(start) - first;
    const atEnd = localAsUtcMillis(formatLocal(last)) - last;
    offset = atStart === atEnd && start.year >= 1970 && start.year <= 9999 ? atStart : null;
    if (offsets.size >= MAX_OFFSETS) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset ?? undefined;
}

function formatLocal(millis: number): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of amsterdamFormatter().formatToParts(new Date(millis))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 0,
    month: parts['month'] ?? 0,
    day: parts['day'] ?? 0,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
    millisecond: ((millis % 1000) + 1000) % 1000,
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
