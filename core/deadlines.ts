import { addCalendarTerm } from './calendar.js';
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
import { daysBetween } from './calendars/local-date.js';
import type { Norm } from './norms.js';
import type { Instant } from './time.js';

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
  const dueAt = applyTermijnenwet(termEnd, {
    startedAt,
    ...(gelijkgesteldeDagen === undefined ? {} : { gelijkgesteldeDagen }),
  });
  return Date.parse(dueAt) === Date.parse(termEnd) ? { dueAt: termEnd } : { dueAt, termEndAt: termEnd };
}

/** A term counted on the norm's calendar from `start` (a start, or the end an extension adds to). */
export function countTerm(norm: Norm, start: Instant, term: CalendarTerm): DueMoment {
  return dueMomentOf(norm, addTerm(start, term, norm.calendar), start);
}

/** The due moment of a norm's term started at `startedAt`, on the norm's calendar. */
export function dueMoment(norm: Norm, startedAt: Instant): Instant {
  return countTerm(norm, startedAt, norm.term).dueAt;
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
    const { regio } = norm.calendar;
    return {
      between: (after, through) => countSchoolDays(after, through, regio),
      add: (moment, days) => addSchoolDays(moment, days, regio),
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

function warnMoment(norm: Norm, startedAt: Instant, dueAt: Instant): Instant | null {
  return norm.warning === null ? null : warningMoment(startedAt, dueAt, norm.warning, norm.calendar);
}

function startDeadline(norm: Norm, spoor: string | null, occurredAt: Instant, seq: number): Deadline {
  const { dueAt, termEndAt } = countTerm(norm, occurredAt, norm.term);
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
  event: { type: string; spoor: string | undefined; occurredAt: Instant; seq: number; closesCase: boolean },
): { deadlines: Deadline[]; changes: DeadlineChanges } {
  const changes = noChanges();
  const normById = new Map(norms.map((norm) => [norm.id, norm]));
  const next = deadlines.map((deadline): Deadline => {
    const norm = normById.get(deadline.normId);
    if (norm === undefined || !isOpen(deadline) || !concerns(deadline, event.spoor)) return deadline;
    const meets = norm.metBy.includes(event.type);
    const lapses =
      !meets &&
      deadline.status !== 'overschreden' &&
      (norm.lapsesOn.includes(event.type) || event.closesCase);
    if (!meets && !lapses) return deadline;
    // A suspended clock is judged against the moment it really reached: it runs again from this event.
    const current = deadline.status === 'opgeschort' ? resumed(deadline, norm, event.occurredAt) : deadline;
    if (meets) {
      changes.gehaald.push(deadline.id);
      // The due moment is the first late moment: the timer fires at `dueAt` and records the breach there.
      const late = current.status === 'overschreden' || event.occurredAt >= current.dueAt;
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
  return { deadlines: next, changes };
}

/** A due warning or breach, in the order the clock meets them. */
export type ClockSignal =
  | { readonly kind: 'deadline.waarschuwing'; readonly deadline: Deadline; readonly at: Instant }
  | { readonly kind: 'deadline.overschreden'; readonly deadline: Deadline; readonly at: Instant };

/**
 * The warnings and breaches due at or before `moment`, ordered by their moment (a warning before the
 * breach of the same deadline). Suspended deadlines neither warn nor breach: their clock stands still.
 */
export function dueSignals(deadlines: readonly Deadline[], moment: Instant): ClockSignal[] {
  const signals: ClockSignal[] = [];
  for (const deadline of deadlines) {
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
  const rank = (signal: ClockSignal) => (signal.kind === 'deadline.waarschuwing' ? 0 : 1);
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

/** The earliest moment the clock must wake for a warning or a breach: the one timer the host keeps. */
export function nextWakeAt(deadlines: readonly Deadline[]): Instant | undefined {
  let next: Instant | undefined;
  for (const deadline of deadlines) {
    if (deadline.status !== 'lopend') continue;
    const pendingWarning =
      deadline.warnAt !== null && deadline.warnedAt === null && deadline.warnAt < deadline.dueAt;
    const wake = pendingWarning && deadline.warnAt !== null ? deadline.warnAt : deadline.dueAt;
    if (next === undefined || wake < next) next = wake;
  }
  return next;
}
