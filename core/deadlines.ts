import { addCalendarTerm, fromLocal } from './calendar.js';
import type { CalendarTerm, LocalDate } from './calendars/index.js';
import {
  addSchoolDays,
  addTerm,
  addWorkingDays,
  applyTermijnenwet,
  countSchoolDays,
  countWorkingDays,
  localDateOf,
  warningMoment,
  workingDayOptionsOf,
} from './calendars/index.js';
import { addDays, daysBetween, parseLocalDate } from './calendars/local-date.js';
import { shiftWorkingDays } from './calendars/working-days.js';
import type { Norm, Telwijze } from './norms.js';
import { CLOCK_TIME_TELWIJZE } from './norms.js';
import type { Instant } from './time.js';
import { toInstant } from './time.js';

/** Where a deadline stands. A deadline met after its due moment stays visible as late. */
export type DeadlineStatus =
  'lopend' | 'opgeschort' | 'gehaald' | 'overschreden' | 'gehaald-na-overschrijding' | 'vervallen';

/** One extension (verdaging) of a deadline: when, why, and the due moment before and after. */
export interface Extension {
  readonly at: Instant;
  readonly reden: string;
  readonly from: Instant;
  readonly to: Instant;
}

/** One suspension (opschorting): the clock stood still from `from` to `to` (null while it still does). */
export interface Suspension {
  readonly from: Instant;
  readonly to: Instant | null;
  readonly reden: string;
}

/** One running or finished deadline of a case, computed by the core from a norm. */
export interface Deadline {
  readonly id: string;
  readonly normId: string;
  readonly normVersion: string;
  readonly title: string;
  readonly spoor: string | null;
  readonly startedAt: Instant;
  /** The due moment the norm gave at the start, before any extension or suspension. */
  readonly originalDueAt: Instant;
  readonly dueAt: Instant;
  /**
   * Only when the Algemene termijnenwet moved `dueAt` off a weekend or public holiday: the end of the term as
   * counted, before that move. An extension or a resumption counts on from here, so the days the act added are
   * not counted twice, and the act is applied again to the new end.
   */
  readonly termEndAt?: Instant;
  readonly warnAt: Instant | null;
  readonly warnedAt: Instant | null;
  readonly status: DeadlineStatus;
  readonly metAt: Instant | null;
  /** When the engine noticed the breach (the timer fired, or a late event revealed it). */
  readonly detectedAt: Instant | null;
  readonly lapsedAt: Instant | null;
  readonly extensions: readonly Extension[];
  readonly suspensions: readonly Suspension[];
  /** Only for a norm that names steps of escalation: the steps, planned when the breach was recorded. */
  readonly opschaling?: readonly Opschaling[];
  /**
   * Only when an event registered after the breach showed the norm met before its due moment: the breach was
   * retracted at `at` because of journal entry `bySeq`, and the deadline counts as met (registered late).
   */
  readonly ingetrokken?: { readonly at: Instant; readonly bySeq: number };
}

/** One step of escalation after a breach: to whom, at which moment, and when it was sent (null: not yet). */
export interface Opschaling {
  readonly stap: number;
  readonly rol: string;
  readonly at: Instant;
  readonly sentAt: Instant | null;
}

/** What an event did to the deadlines, by id. */
export interface DeadlineChanges {
  gestart: string[];
  gehaald: string[];
  vervallen: string[];
  verlengd: { id: string; from: Instant; to: Instant }[];
  opgeschort: string[];
  hervat: { id: string; from: Instant; to: Instant }[];
}

/** An empty set of changes. */
export function noChanges(): DeadlineChanges {
  return { gestart: [], gehaald: [], vervallen: [], verlengd: [], opgeschort: [], hervat: [] };
}

const isOpen = (deadline: Deadline): boolean =>
  deadline.status === 'lopend' || deadline.status === 'overschreden' || deadline.status === 'opgeschort';

function concerns(deadline: Deadline, spoor: string | undefined): boolean {
  return deadline.spoor === null || spoor === undefined || deadline.spoor === spoor;
}

/** A due moment, with the term's end as counted when the Algemene termijnenwet moved it (see `Deadline`). */
export interface DueMoment {
  readonly dueAt: Instant;
  readonly termEndAt?: Instant;
}

/**
 * Applies the Algemene termijnenwet to a term's end when the norm says so; art. 2 counts from `startedAt`.
 * Without the act, or when it leaves the end where it is, the end is the due moment.
 */
export function dueMomentOf(norm: Norm, termEnd: Instant, startedAt: Instant): DueMoment {
  if (!norm.termijnenwet) return { dueAt: termEnd };
  const { gelijkgesteldeDagen } = norm;
  // A term to the end of a day is due at 00:00 after its last day: the act judges that last day, not the next.
  const endsDay = endsAtEndOfDay(norm);
  const lastMoment = endsDay ? toInstant(Date.parse(termEnd) - 1) : termEnd;
  const moved = applyTermijnenwet(lastMoment, {
    startedAt,
    ...(gelijkgesteldeDagen === undefined ? {} : { gelijkgesteldeDagen }),
  });
  if (Date.parse(moved) === Date.parse(lastMoment)) return { dueAt: termEnd };
  return { dueAt: endsDay ? firstMomentAfter(localDateOf(moved)) : moved, termEndAt: termEnd };
}

/** How a norm counts its term; clock time for a norm that names no telwijze (every norm recorded before). */
export function telwijzeOf(norm: Norm): Telwijze {
  return norm.telwijze ?? CLOCK_TIME_TELWIJZE;
}

/** Whether a norm's term runs to the end of its last day (due at 00:00 after it) rather than to a clock time. */
export function endsAtEndOfDay(norm: Norm): boolean {
  return telwijzeOf(norm).tot === 'einde-dag';
}

/** 00:00 on Amsterdam's wall clock on the day after `day`: the first moment past the end of `day`. */
function firstMomentAfter(day: LocalDate): Instant {
  const { year, month, day: date } = parseLocalDate(addDays(day, 1));
  return toInstant(fromLocal({ year, month, day: date, hour: 0, minute: 0, second: 0, millisecond: 0 }));
}

/** The counted day before `day`: the working day before for a term in werkdagen, else the calendar day before. */
function countedDayBefore(norm: Norm, day: LocalDate): LocalDate {
  return norm.term.unit === 'werkdagen'
    ? shiftWorkingDays(day, -1, workingDayOptionsOf(norm.calendar))
    : addDays(day, -1);
}

/**
 * A term counted on the norm's calendar from `start` (a start, or the end an extension adds to). Counting on
 * from a due moment at 00:00 counts whole days from the end of the last day, so an extension keeps the telwijze.
 */
export function countTerm(norm: Norm, start: Instant, term: CalendarTerm): DueMoment {
  return dueMomentOf(norm, addTerm(start, term, norm.calendar), start);
}

/**
 * The due moment of a norm's term as it starts at `startedAt`, by its telwijze: to the same clock time; or to the
 * end of the last day, which is the day the clock-time count reaches when the day of receipt does not count
 * (`dag-na-ontvangst`: 8 weeks from Friday 31 October 2025 end with Friday 26 December) and the counted day before
 * it when the day itself counts (`moment`). The Algemene termijnenwet then moves a last day off a weekend or
 * holiday (26 December 2025 → Monday 29 December, due at 00:00 on 30 December).
 */
export function startTerm(norm: Norm, startedAt: Instant): DueMoment {
  const atClock = addTerm(startedAt, norm.term, norm.calendar);
  const telwijze = telwijzeOf(norm);
  if (telwijze.tot === 'tijdstip') return dueMomentOf(norm, atClock, startedAt);
  const reached = localDateOf(atClock);
  const lastDay = telwijze.vanaf === 'dag-na-ontvangst' ? reached : countedDayBefore(norm, reached);
  return dueMomentOf(norm, firstMomentAfter(lastDay), startedAt);
}

/** The due moment of a norm's term started at `startedAt`, on the norm's calendar, by its telwijze. */
export function dueMoment(norm: Norm, startedAt: Instant): Instant {
  return startTerm(norm, startedAt).dueAt;
}

/** The days a norm's term counts, to count a suspension in and move a moment by: working, school or calendar days. */
interface DayCount {
  /** How many counted days lie after `after` up to and including `through`. */
  between(after: LocalDate, through: LocalDate): number;
  /** The moment `days` counted days after `moment`, at the same wall-clock time. */
  add(moment: Instant, days: number): Instant;
}

function dayCountOf(norm: Norm): DayCount {
  if (norm.term.unit === 'werkdagen') {
    const options = workingDayOptionsOf(norm.calendar);
    return {
      between: (after, through) => countWorkingDays(after, through, options),
      add: (moment, days) => addWorkingDays(moment, days, options),
    };
  }
  if (norm.term.unit === 'schoolweken' && norm.calendar.kind === 'schoolweken') {
    const { regio, schoolYears } = norm.calendar;
    return {
      between: (after, through) => countSchoolDays(after, through, regio, schoolYears),
      add: (moment, days) => addSchoolDays(moment, days, regio, schoolYears),
    };
  }
  return {
    between: (after, through) => Math.max(0, daysBetween(after, through)),
    add: (moment, days) => addCalendarTerm(moment, { amount: days, unit: 'dagen' }),
  };
}

/**
 * The days a suspension kept the clock still, as a resumption counts them: whole days on the Amsterdam calendar,
 * from the day after the suspension up to and including the day of the resumption (a suspension lifted the same
 * day counts none). A term in werkdagen counts only the working days among them on the norm's calendar, a term in
 * schoolweken only the days outside the region's school holidays.
 */
export function daysStoodStill(norm: Norm, from: Instant, to: Instant): number {
  return dayCountOf(norm).between(localDateOf(from), localDateOf(to));
}

/**
 * Moves a moment on by the days a suspension kept the clock still (`daysStoodStill`), in the term's own count and
 * on the wall clock, so a change to or from summer time keeps the hour.
 */
export function afterSuspension(norm: Norm, moment: Instant, from: Instant, to: Instant): Instant {
  return dayCountOf(norm).add(moment, daysStoodStill(norm, from, to));
}

/** The deadline with a new due moment; `termEndAt` is kept only while the Algemene termijnenwet moved it. */
export function withDueMoment(deadline: Deadline, { dueAt, termEndAt }: DueMoment): Deadline {
  const { termEndAt: _previous, ...rest } = deadline;
  return termEndAt === undefined ? { ...rest, dueAt } : { ...rest, dueAt, termEndAt };
}

/**
 * A suspended deadline running again from `at`: its open suspension closed there, and its due moment (and a
 * pending warning) moved on by the days the clock stood still, from the term's own end, with the Algemene
 * termijnenwet applied again where the term then ends. Used by `deadline.hervat`, and when a suspended deadline
 * is met or lapses, so that it is judged against the moment its clock really reached.
 */
export function resumed(deadline: Deadline, norm: Norm, at: Instant): Deadline {
  const from = deadline.suspensions.at(-1)?.from ?? at;
  const later = (moment: Instant) => afterSuspension(norm, moment, from, at);
  const moment = dueMomentOf(norm, later(deadline.termEndAt ?? deadline.dueAt), deadline.startedAt);
  const suspensions = deadline.suspensions.map((s, index) =>
    index === deadline.suspensions.length - 1 && s.to === null ? { ...s, to: at } : s,
  );
  const warnAt =
    deadline.warnAt === null || deadline.warnedAt !== null ? deadline.warnAt : later(deadline.warnAt);
  return { ...withDueMoment(deadline, moment), status: 'lopend', warnAt, suspensions };
}

/**
 * When a deadline warns, by the same telwijze as its term: counted back from the due moment, and for a term to the
 * end of a day at the start of a day (00:00), never before the term started.
 */
export function warnMoment(norm: Norm, startedAt: Instant, dueAt: Instant): Instant | null {
  if (norm.warning === null) return null;
  const moment = warningMoment(startedAt, dueAt, norm.warning, norm.calendar);
  if (!endsAtEndOfDay(norm)) return moment;
  const dayStart = firstMomentAfter(addDays(localDateOf(moment), -1));
  return dayStart < toInstant(startedAt) ? toInstant(startedAt) : dayStart;
}

function startDeadline(norm: Norm, spoor: string | null, occurredAt: Instant, seq: number): Deadline {
  const { dueAt, termEndAt } = startTerm(norm, occurredAt);
  return {
    id: `${norm.id}${spoor === null ? '' : `/${spoor}`}#${seq}`,
    normId: norm.id,
    normVersion: norm.version,
    title: norm.title,
    spoor,
    startedAt: occurredAt,
    originalDueAt: dueAt,
    dueAt,
    ...(termEndAt === undefined ? {} : { termEndAt }),
    warnAt: warnMoment(norm, occurredAt, dueAt),
    warnedAt: null,
    status: 'lopend',
    metAt: null,
    detectedAt: null,
    lapsedAt: null,
    extensions: [],
    suspensions: [],
  };
}

/**
 * Applies one accepted route event to the deadlines: first what it meets or lapses, then what it starts, so
 * a single event can meet one norm and start the next (the provider's intake meets the intake norm and
 * starts the care-start norm). When the case closes, every open deadline lapses.
 */
export function applyEventToDeadlines(
  deadlines: readonly Deadline[],
  norms: readonly Norm[],
  event: {
    type: string;
    spoor: string | undefined;
    occurredAt: Instant;
    seq: number;
    closesCase: boolean;
    /** When it was registered; with it, a breach the event shows never happened is retracted (rules 2). */
    retractsAt?: Instant;
  },
): { deadlines: Deadline[]; changes: DeadlineChanges; retracted: string[] } {
  const changes = noChanges();
  // Not part of `changes`: those are hashed into the event's journal entry as recorded before retractions existed.
  const retracted: string[] = [];
  const normById = new Map(norms.map((norm) => [norm.id, norm]));
  const next = deadlines.map((deadline): Deadline => {
    const norm = normById.get(deadline.normId);
    if (norm === undefined || !isOpen(deadline) || !concerns(deadline, event.spoor)) return deadline;
    const meets = norm.metBy.includes(event.type);
    const lapses =
      !meets &&
      deadline.status !== 'overschreden' &&
      (norm.lapsesOn.includes(event.type) || event.closesCase);
    if (!meets && !lapses) return pausedOrResumed(deadline, norm, event, changes);
    // A suspended clock is judged against the moment it really reached: it runs again from this event.
    const current = deadline.status === 'opgeschort' ? resumed(deadline, norm, event.occurredAt) : deadline;
    if (meets) {
      changes.gehaald.push(deadline.id);
      // The due moment is the first late moment: the timer fires at `dueAt` and records the breach there.
      const onTime = event.occurredAt < current.dueAt;
      if (onTime && current.status === 'overschreden' && event.retractsAt !== undefined) {
        // Registered late: met before its due moment, so the breach the timer recorded never happened.
        retracted.push(deadline.id);
        const ingetrokken = { at: event.retractsAt, bySeq: event.seq };
        return { ...current, status: 'gehaald', metAt: event.occurredAt, ingetrokken };
      }
      const late = current.status === 'overschreden' || !onTime;
      return { ...current, status: late ? 'gehaald-na-overschrijding' : 'gehaald', metAt: event.occurredAt };
    }
    changes.vervallen.push(deadline.id);
    return { ...current, status: 'vervallen', lapsedAt: event.occurredAt };
  });
  if (!event.closesCase) {
    for (const norm of norms) {
      if (!norm.startsOn.includes(event.type)) continue;
      const spoor = norm.scope === 'spoor' ? (event.spoor ?? null) : null;
      const running = next.some(
        (d) => d.normId === norm.id && d.spoor === spoor && isOpen(d) && d.status !== 'overschreden',
      );
      if (running) continue;
      const deadline = startDeadline(norm, spoor, event.occurredAt, event.seq);
      next.push(deadline);
      changes.gestart.push(deadline.id);
    }
  }
  return { deadlines: next, changes, retracted };
}

/**
 * A route's own pause and resume (`pausesOn`/`resumesOn`): a running clock stops on a pausing event, with the
 * event's type as the reason, and a clock so stopped runs again on a resuming one, its due moment moved as
 * `deadline.hervat` moves it. Any other deadline is left as it is.
 */
function pausedOrResumed(
  deadline: Deadline,
  norm: Norm,
  event: { readonly type: string; readonly occurredAt: Instant },
  changes: DeadlineChanges,
): Deadline {
  if (deadline.status === 'lopend' && (norm.pausesOn ?? []).includes(event.type)) {
    changes.opgeschort.push(deadline.id);
    const suspension = { from: event.occurredAt, to: null, reden: event.type };
    return { ...deadline, status: 'opgeschort', suspensions: [...deadline.suspensions, suspension] };
  }
  if (deadline.status === 'opgeschort' && (norm.resumesOn ?? []).includes(event.type)) {
    const moved = resumed(deadline, norm, event.occurredAt);
    changes.hervat.push({ id: deadline.id, from: deadline.dueAt, to: moved.dueAt });
    return moved;
  }
  return deadline;
}

/** A due warning, breach or step of escalation, in the order the clock meets them. */
export type ClockSignal =
  | { readonly kind: 'deadline.waarschuwing'; readonly deadline: Deadline; readonly at: Instant }
  | { readonly kind: 'deadline.overschreden'; readonly deadline: Deadline; readonly at: Instant }
  | {
      readonly kind: 'deadline.opgeschaald';
      readonly deadline: Deadline;
      readonly at: Instant;
      readonly step: Opschaling;
    };

/** The first step of escalation of a breached deadline not sent yet, if any. */
function pendingStep(deadline: Deadline): Opschaling | undefined {
  return deadline.status === 'overschreden'
    ? deadline.opschaling?.find((step) => step.sentAt === null)
    : undefined;
}

/**
 * The steps of escalation a norm names for a breach due at `dueAt`: each counted from the breach, in calendar or
 * working days on the norm's calendar, at the wall-clock time of the breach.
 */
export function plannedEscalation(norm: Norm, dueAt: Instant): Opschaling[] {
  return (norm.opschalen ?? []).map((step, index) => ({
    stap: index + 1,
    rol: step.rol,
    at:
      step.na.unit === 'werkdagen'
        ? addWorkingDays(dueAt, step.na.amount, workingDayOptionsOf(norm.calendar))
        : addCalendarTerm(dueAt, { amount: step.na.amount, unit: 'dagen' }),
    sentAt: null,
  }));
}

const SIGNAL_RANK = { 'deadline.waarschuwing': 0, 'deadline.overschreden': 1, 'deadline.opgeschaald': 2 };

/**
 * The warnings, breaches and steps of escalation due at or before `moment`, ordered by their moment (a warning
 * before the breach of the same deadline, the breach before its first step). Suspended deadlines neither warn nor
 * breach: their clock stands still. A deadline met stops its escalation.
 */
export function dueSignals(deadlines: readonly Deadline[], moment: Instant): ClockSignal[] {
  const signals: ClockSignal[] = [];
  for (const deadline of deadlines) {
    const step = pendingStep(deadline);
    if (step !== undefined && step.at <= moment)
      signals.push({ kind: 'deadline.opgeschaald', deadline, at: step.at, step });
    if (deadline.status !== 'lopend') continue;
    if (
      deadline.warnAt !== null &&
      deadline.warnedAt === null &&
      deadline.warnAt <= moment &&
      deadline.warnAt < deadline.dueAt
    ) {
      signals.push({ kind: 'deadline.waarschuwing', deadline, at: deadline.warnAt });
    }
    if (deadline.dueAt <= moment)
      signals.push({ kind: 'deadline.overschreden', deadline, at: deadline.dueAt });
  }
  const rank = (signal: ClockSignal) => SIGNAL_RANK[signal.kind];
  return signals.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : rank(a) - rank(b)));
}

/** The earliest due moment among running deadlines, as coordinators read it. */
export function nextDueAt(deadlines: readonly Deadline[]): Instant | undefined {
  let next: Instant | undefined;
  for (const deadline of deadlines) {
    if (deadline.status === 'lopend' && (next === undefined || deadline.dueAt < next)) next = deadline.dueAt;
  }
  return next;
}

/**
 * The earliest moment the clock must wake for a warning, a breach or a step of escalation: the one timer the host
 * keeps. `escalation: false` leaves escalation steps out, as for a closed case, whose steps `advanceTo` skips.
 */
export function nextWakeAt(
  deadlines: readonly Deadline[],
  options: { readonly escalation?: boolean } = {},
): Instant | undefined {
  let next: Instant | undefined;
  for (const deadline of deadlines) {
    const step = options.escalation === false ? undefined : pendingStep(deadline);
    if (step !== undefined && (next === undefined || step.at < next)) next = step.at;
    if (deadline.status !== 'lopend') continue;
    const pendingWarning =
      deadline.warnAt !== null && deadline.warnedAt === null && deadline.warnAt < deadline.dueAt;
    const wake = pendingWarning && deadline.warnAt !== null ? deadline.warnAt : deadline.dueAt;
    if (next === undefined || wake < next) next = wake;
  }
  return next;
}
