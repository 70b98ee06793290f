import { z } from 'zod';
import { addCalendarTerm } from '../calendar.js';
import type { Instant } from '../time.js';
import { toInstant } from '../time.js';
import type { WorkingDayOptions } from './holidays.js';
import { DEFAULT_WORKING_DAY_OPTIONS } from './holidays.js';
import { assertInteger, fromWallClockMillis, millisOf, wallClockMillis } from './local-date.js';
import { SchoolYearsSchema, shippedContradictions } from './school-calendar.js';
import { addSchoolWeeks } from './school-weeks.js';
import { applyTermijnenwet } from './termijnenwet.js';
import { addWorkingDays } from './working-days.js';

/**
 * Calendars for terms: which days count. The unit of a term decides *what* is counted (calendar days, weeks,
 * months, working days, school weeks); the calendar supplies the holidays and the region. So a term in
 * `werkdagen` on a `kalenderdagen` calendar counts working days with the default holidays, and a term in
 * `dagen` on a `werkdagen` calendar counts calendar days. Only a term in `schoolweken` needs a calendar that
 * names a region (`schoolweken`); anything else is refused with an error that says so.
 */

export const BevrijdingsdagSchema = z.enum(['elk-jaar', 'lustrum', 'nooit']);
export const RegioSchema = z.enum(['noord', 'midden', 'zuid']);

/** A norm's calendar, as configuration; defaults are filled in when parsed. */
export const CalendarSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('kalenderdagen') }),
  z.strictObject({
    kind: z.literal('werkdagen'),
    goedeVrijdag: z.boolean().default(DEFAULT_WORKING_DAY_OPTIONS.goedeVrijdag),
    bevrijdingsdag: BevrijdingsdagSchema.default(DEFAULT_WORKING_DAY_OPTIONS.bevrijdingsdag),
  }),
  z
    .strictObject({
      kind: z.literal('schoolweken'),
      regio: RegioSchema,
      /** School years a region or school supplies for this region (school-calendar.ts), merged with the shipped ones. */
      schoolYears: SchoolYearsSchema.optional(),
    })
    .superRefine((calendar, context) => {
      for (const { path, message } of shippedContradictions(calendar.regio, calendar.schoolYears ?? [])) {
        context.addIssue({ code: 'custom', path: ['schoolYears', ...path], message });
      }
    }),
]);
export type CalendarSpec = z.output<typeof CalendarSpecSchema>;
export type CalendarSpecInput = z.input<typeof CalendarSpecSchema>;

/** A term as a norm states it. */
export interface CalendarTerm {
  readonly amount: number;
  readonly unit: 'dagen' | 'weken' | 'maanden' | 'werkdagen' | 'schoolweken';
}

/** How long before the due moment a warning goes out: a term counted back, or a fraction of the whole term. */
export type WarningLead =
  { readonly amount: number; readonly unit: 'dagen' | 'werkdagen' } | { readonly fraction: number };

/** The holidays a calendar supplies to a count of working days: its own for `werkdagen`, else the defaults. */
export function workingDayOptionsOf(calendar: CalendarSpec): WorkingDayOptions {
  return calendar.kind === 'werkdagen'
    ? { goedeVrijdag: calendar.goedeVrijdag, bevrijdingsdag: calendar.bevrijdingsdag }
    : DEFAULT_WORKING_DAY_OPTIONS;
}

/**
 * Why a term cannot be counted on a calendar, or `undefined` when it can. Useful in a schema refinement, so a
 * route definition is refused when it is read rather than when a deadline starts.
 */
export function termCalendarMismatch(term: CalendarTerm, calendar: CalendarSpec): string | undefined {
  if (term.unit === 'schoolweken' && calendar.kind !== 'schoolweken') {
    return `a term in schoolweken needs a calendar that names a regio ({ kind: 'schoolweken', regio }), not '${calendar.kind}'`;
  }
  return undefined;
}

/**
 * The due moment of a term started at `start`, at the same Amsterdam wall-clock time. Dagen, weken and maanden
 * count calendar days (`addCalendarTerm`); werkdagen count working days with the calendar's holidays; schoolweken
 * count days outside the school holidays of the calendar's region. With `termijnenwet`, a due day that is a
 * Saturday, Sunday or public holiday moves to the next working day (Algemene termijnenwet art. 1 and 2; its own
 * list of holidays, whatever the calendar says).
 * @example addTerm('2026-03-02T09:00:00+01:00', { amount: 8, unit: 'weken' }, { kind: 'kalenderdagen' }, { termijnenwet: true })
 *   // '2026-04-28T07:00:00.000Z': eight weeks end on Koningsdag, Monday 27 April, and move to Tuesday
 */
export function addTerm(
  start: Instant,
  term: CalendarTerm,
  calendar: CalendarSpec,
  options: { readonly termijnenwet?: boolean } = {},
): Instant {
  assertInteger(term.amount, `a term in ${term.unit}`, 0);
  const mismatch = termCalendarMismatch(term, calendar);
  if (mismatch !== undefined) throw new RangeError(mismatch);
  let due: Instant;
  switch (term.unit) {
    case 'dagen':
    case 'weken':
    case 'maanden':
      millisOf(start);
      due = addCalendarTerm(start, { amount: term.amount, unit: term.unit });
      break;
    case 'werkdagen':
      due = addWorkingDays(start, term.amount, workingDayOptionsOf(calendar));
      break;
    case 'schoolweken':
      if (calendar.kind !== 'schoolweken') throw new RangeError('unreachable: checked above');
      due = addSchoolWeeks(start, term.amount, calendar.regio, calendar.schoolYears);
      break;
    default:
      throw new RangeError(`unknown term unit ${JSON.stringify(term.unit as unknown)}`);
  }
  return options.termijnenwet === true ? applyTermijnenwet(due, { startedAt: start }) : due;
}

/**
 * When to warn that a deadline is near: `lead` before `dueAt`, never earlier than `startedAt`.
 * - `{ amount, unit: 'dagen' }` counts calendar days back on the wall clock;
 * - `{ amount, unit: 'werkdagen' }` counts working days back, with the calendar's holidays (the due day itself
 *   does not count, so 1 working day before a Monday is the Friday before, same time);
 * - `{ fraction }` takes that fraction of the term's wall-clock length (0.25 of a 4-week term is 1 week before
 *   due), in calendar time whatever the term's unit.
 * @example warningMoment('2026-03-02T09:00:00+01:00', '2026-03-30T09:00:00+02:00', { fraction: 0.25 }, { kind: 'kalenderdagen' })
 *   // '2026-03-23T08:00:00.000Z'
 */
export function warningMoment(
  startedAt: Instant,
  dueAt: Instant,
  lead: WarningLead,
  calendar: CalendarSpec,
): Instant {
  const startMillis = millisOf(startedAt);
  if (millisOf(dueAt) < startMillis)
    throw new RangeError(`the term is due (${dueAt}) before it starts (${startedAt})`);
  let moment: Instant;
  if ('fraction' in lead) {
    if (!(lead.fraction >= 0 && lead.fraction <= 1)) {
      throw new RangeError(`a warning fraction must lie between 0 and 1, got ${String(lead.fraction)}`);
    }
    const dueWall = wallClockMillis(dueAt);
    const span = dueWall - wallClockMillis(startedAt);
    moment = fromWallClockMillis(dueWall - Math.round(lead.fraction * span));
  } else {
    assertInteger(lead.amount, `a warning lead in ${lead.unit}`, 0);
    moment =
      lead.unit === 'dagen'
        ? addCalendarTerm(dueAt, { amount: -lead.amount, unit: 'dagen' })
        : addWorkingDays(dueAt, -lead.amount, workingDayOptionsOf(calendar));
  }
  return millisOf(moment) < startMillis ? toInstant(startedAt) : moment;
}

export {
  DEFAULT_WORKING_DAY_OPTIONS,
  easterSunday,
  FIRST_SUPPORTED_YEAR,
  holidayOn,
  LAST_SUPPORTED_YEAR,
  publicHolidays,
  TERMIJNENWET_OPTIONS,
} from './holidays.js';
export type { Bevrijdingsdag, WorkingDayOptions } from './holidays.js';
export type { LocalDate } from './local-date.js';
export { localDateOf } from './local-date.js';
export { MISSING_SCHOOL_YEARS, REGIOS, SCHOOL_HOLIDAYS, SCHOOL_VAKANTIES } from './school-holidays.js';
export type { DateRange, Regio, SchoolVakantie, SchoolYearHolidays } from './school-holidays.js';
export {
  addSchoolDays,
  addSchoolWeeks,
  countSchoolDays,
  isSchoolHoliday,
  schoolHolidayOn,
  SchoolYearUnknownError,
  schoolYearOf,
} from './school-weeks.js';
export { CalendarDataError } from './errors.js';
export { SchoolYearsSchema, SuppliedSchoolYearSchema, shippedContradictions } from './school-calendar.js';
export type { SuppliedSchoolYear } from './school-calendar.js';
export { applyTermijnenwet } from './termijnenwet.js';
export type { TermijnenwetOptions } from './termijnenwet.js';
export {
  addWorkingDays,
  countWorkingDays,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  shiftWorkingDays,
} from './working-days.js';
