import { addTerm, warningMoment } from './calendars/index.js';
import type { Norm } from './norms.js';
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

/** The due moment of a norm's term started at `startedAt`, on the norm's calendar. */
export function dueMoment(norm: Norm, startedAt: Instant): Instant {
  return addTerm(startedAt, norm.term, norm.calendar, { termijnenwet: norm.termijnenwet });
}

function warnMoment(norm: Norm, startedAt: Instant, dueAt: Instant): Instant | null {
  return norm.warning === null ? null : warningMoment(startedAt, dueAt, norm.warning, norm.calendar);
}

function startDeadline(norm: Norm, spoor: string | null, occurredAt: Instant, seq: number): Deadline {
  const dueAt = dueMoment(norm, occurredAt);
  return {
    id: `${norm.id}${spoor === null ? '' : `/${spoor}`}#${seq}`,
    normId: norm.id,
    normVersion: norm.version,
    title: norm.title,
    spoor,
    startedAt: occurredAt,
    originalDueAt: dueAt,
    dueAt,
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
    if (norm.metBy.includes(event.type)) {
      changes.gehaald.push(deadline.id);
      // The due moment is the first late moment: the timer fires at `dueAt` and records the breach there.
      const late = deadline.status === 'overschreden' || event.occurredAt >= deadline.dueAt;
      return { ...deadline, status: late ? 'gehaald-na-overschrijding' : 'gehaald', metAt: event.occurredAt };
    }
    if (deadline.status !== 'overschreden' && (norm.lapsesOn.includes(event.type) || event.closesCase)) {
      changes.vervallen.push(deadline.id);
      return { ...deadline, status: 'vervallen', lapsedAt: event.occurredAt };
    }
    return deadline;
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

/** Moves an instant by a number of milliseconds (a suspension's length). */
export function shift(instant: Instant, milliseconds: number): Instant {
  return toInstant(Date.parse(instant) + milliseconds);
}
