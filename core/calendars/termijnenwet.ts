import type { Instant } from '../time.js';
import { toInstant } from '../time.js';
import { TERMIJNENWET_OPTIONS } from './holidays.js';
import type { LocalDate } from './local-date.js';
import { addDays, atLocalDate, daysBetween, localDateOf, millisOf, parseLocalDate } from './local-date.js';
import { isWorkingDay } from './working-days.js';

/** What the Algemene termijnenwet needs beyond the due moment. */
export interface TermijnenwetOptions {
  /**
   * When the term started. Enables art. 2: a term of at least three days is extended until it contains at
   * least two days that are not a Saturday, Sunday or public holiday (the start day does not count).
   */
  readonly startedAt?: Instant;
  /**
   * Days equated with public holidays by Royal Decree under art. 3(3) (such as the Friday after Ascension Day),
   * as local dates. The engine ships none: the decrees are published per period in the Staatscourant.
   */
  readonly gelijkgesteldeDagen?: readonly LocalDate[];
}

function isTermijnenwetWorkingDay(date: LocalDate, extraDays: ReadonlySet<LocalDate>): boolean {
  return !extraDays.has(date) && isWorkingDay(date, TERMIJNENWET_OPTIONS);
}

function nextOnOrAfter(date: LocalDate, extraDays: ReadonlySet<LocalDate>): LocalDate {
  let day = date;
  while (!isTermijnenwetWorkingDay(day, extraDays)) day = addDays(day, 1);
  return day;
}

/**
 * The due moment of a statutory term under the Algemene termijnenwet, at the same Amsterdam wall-clock time.
 * Art. 1(1): a term ending on a Saturday, Sunday or public holiday (art. 3, including Good Friday and 5 May
 * every year) is extended to the next day that is none of these. Art. 2 applies when `startedAt` is given.
 * Whether the act applies at all (statutory terms only; art. 4's exceptions) is the norm's call, not this
 * function's; terms counted backwards (art. 1(2)) never come here.
 * @example applyTermijnenwet('2025-04-21T09:00:00+02:00') // '2025-04-22T07:00:00.000Z' (Easter Monday → Tuesday)
 */
export function applyTermijnenwet(due: Instant, options: TermijnenwetOptions = {}): Instant {
  const extraDays = new Set(options.gelijkgesteldeDagen ?? []);
  for (const date of extraDays) parseLocalDate(date);
  const dueDate = localDateOf(due);
  let endDate = nextOnOrAfter(dueDate, extraDays);
  if (options.startedAt !== undefined) {
    if (millisOf(options.startedAt) > millisOf(due)) {
      throw new RangeError(`the term starts (${options.startedAt}) after it ends (${due})`);
    }
    const startDate = localDateOf(options.startedAt);
    if (daysBetween(startDate, dueDate) >= 3) {
      // Art. 2: at least two ordinary days after the start day, up to and including the (extended) last day.
      let ordinaryDays = 0;
      for (let day = addDays(startDate, 1); day <= endDate; day = addDays(day, 1)) {
        if (isTermijnenwetWorkingDay(day, extraDays)) ordinaryDays++;
      }
      while (ordinaryDays < 2) {
        endDate = nextOnOrAfter(addDays(endDate, 1), extraDays);
        ordinaryDays++;
      }
    }
  }
  return endDate === dueDate ? toInstant(due) : atLocalDate(due, endDate);
}
