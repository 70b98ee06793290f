import { addCalendarTerm } from './calendar.js';
import type { Norm } from './norms.js';
import type { Instant } from './time.js';

/** Where a deadline stands. A deadline met after its due moment stays visible as late. */
export type DeadlineStatus =
  'lopend' | 'gehaald' | 'overschreden' | 'gehaald-na-overschrijding' | 'vervallen';

/** One running or finished deadline of a case, computed by the core from a norm. */
export interface Deadline {
  readonly id: string;
  readonly normId: string;
  readonly normVersion: string;
  readonly title: string;
  readonly spoor: string | null;
  readonly startedAt: Instant;
  readonly dueAt: Instant;
  readonly status: DeadlineStatus;
  readonly metAt: Instant | null;
  /** When the engine noticed the breach (the timer fired, or a late event revealed it). */
  readonly detectedAt: Instant | null;
  readonly lapsedAt: Instant | null;
}

/** What an event did to the deadlines, by id. */
export interface DeadlineChanges {
  gestart: string[];
  gehaald: string[];
  vervallen: string[];
}

const isOpen = (deadline: Deadline): boolean =>
  deadline.status === 'lopend' || deadline.status === 'overschreden';

function concerns(deadline: Deadline, spoor: string | undefined): boolean {
  return deadline.spoor === null || spoor === undefined || deadline.spoor === spoor;
}

/**
 * Applies one accepted event to the deadlines: first what it lapses, then what it meets, then what it starts,
 * so a single event can meet one norm and start the next (the provider's intake meets the intake norm and
 * starts the care-start norm). When the case closes, every open deadline lapses.
 */
export function applyEventToDeadlines(
  deadlines: readonly Deadline[],
  norms: readonly Norm[],
  event: { type: string; spoor: string | undefined; occurredAt: Instant; seq: number; closesCase: boolean },
): { deadlines: Deadline[]; changes: DeadlineChanges } {
  const changes: DeadlineChanges = { gestart: [], gehaald: [], vervallen: [] };
  const normById = new Map(norms.map((norm) => [norm.id, norm]));
  const next = deadlines.map((deadline): Deadline => {
    const norm = normById.get(deadline.normId);
    if (norm === undefined || !isOpen(deadline) || !concerns(deadline, event.spoor)) return deadline;
    if (norm.metBy.includes(event.type)) {
      changes.gehaald.push(deadline.id);
      // The due moment is the first late moment: the timer fires at `dueAt` and records the breach there.
      const late = event.occurredAt >= deadline.dueAt;
      return { ...deadline, status: late ? 'gehaald-na-overschrijding' : 'gehaald', metAt: event.occurredAt };
    }
    if (deadline.status === 'lopend' && (norm.lapsesOn.includes(event.type) || event.closesCase)) {
      changes.vervallen.push(deadline.id);
      return { ...deadline, status: 'vervallen', lapsedAt: event.occurredAt };
    }
    return deadline;
  });
  if (!event.closesCase) {
    for (const norm of norms) {
      if (!norm.startsOn.includes(event.type)) continue;
      const spoor = norm.scope === 'spoor' ? (event.spoor ?? null) : null;
      const running = next.some((d) => d.normId === norm.id && d.spoor === spoor && d.status === 'lopend');
      if (running) continue;
      const id = `${norm.id}${spoor === null ? '' : `/${spoor}`}#${event.seq}`;
      next.push({
        id,
        normId: norm.id,
        normVersion: norm.version,
        title: norm.title,
        spoor,
        startedAt: event.occurredAt,
        dueAt: addCalendarTerm(event.occurredAt, norm.term),
        status: 'lopend',
        metAt: null,
        detectedAt: null,
        lapsedAt: null,
      });
      changes.gestart.push(id);
    }
  }
  return { deadlines: next, changes };
}

/** The deadlines whose due moment has passed at `moment` while they were still running. */
export function dueDeadlines(deadlines: readonly Deadline[], moment: Instant): Deadline[] {
  return deadlines.filter((deadline) => deadline.status === 'lopend' && deadline.dueAt <= moment);
}

/** The earliest due moment among running deadlines: the one timer the host keeps. */
export function nextDueAt(deadlines: readonly Deadline[]): Instant | undefined {
  let next: Instant | undefined;
  for (const deadline of deadlines) {
    if (deadline.status === 'lopend' && (next === undefined || deadline.dueAt < next)) next = deadline.dueAt;
  }
  return next;
}
