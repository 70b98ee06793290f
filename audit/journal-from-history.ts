// A case's journal read from its Temporal history alone, for when no worker can answer the Query: a stuck case
// (its workflow tasks keep failing), or no worker running. The pure core replays what the history holds — the
// start input, each accepted event at the moment its Update answer says it was recorded, each notified warning
// or breach at the moment it was detected — and the result is checked against every journal entry and chain head
// the history itself attests (the Update answers), so what comes out is what the workflow had recorded.
import type { CaseState, CaseView, EventInput, JournalEntry } from '../core/index.js';
import {
  advanceTo,
  applyEvent,
  chainHead,
  hashOf,
  openCase,
  pinnedRouteStart,
  restoreCase,
  UNPINNED,
  viewCase,
} from '../core/index.js';
import type { ContinuedCaseInput, NewCaseInput } from '../workflows/definitions.js';
import type { HistoryEventJson, RunHistory } from './history.js';
import { attestedJournal, decodePayload, startInputOf } from './history.js';

/** The workflow opens a new case at the client's `openedAt` when the worker's clock is at most this far ahead. */
const MAX_START_CLOCK_SKEW_MS = 120_000;

type Attributes = Record<string, unknown>;

function attributes(event: HistoryEventJson, name: string): Attributes | undefined {
  const value = event[`${name}EventAttributes`];
  return value !== null && typeof value === 'object' ? (value as Attributes) : undefined;
}

function firstPayload(container: unknown): unknown {
  const payloads = (container as { payloads?: unknown } | undefined)?.payloads;
  return Array.isArray(payloads) && payloads.length > 0 ? decodePayload(payloads[0]) : undefined;
}

function accepted<T extends { ok: boolean }>(decision: T, what: string): Extract<T, { ok: true }> {
  if (!decision.ok) throw new Error(`the history's ${what} is refused by the core on replay`);
  return decision as Extract<T, { ok: true }>;
}

/** The clock a new case opened on, as the workflow decides it (`startClock` in the case workflow). */
function openingMoment(input: NewCaseInput, firstTaskAt: number): number {
  const opened = input.openedAt === undefined ? Number.NaN : Date.parse(input.openedAt);
  let latest =
    opened <= firstTaskAt && firstTaskAt - opened <= MAX_START_CLOCK_SKEW_MS ? opened : firstTaskAt;
  for (const event of input.events) {
    const at = typeof event.occurredAt === 'string' ? Date.parse(event.occurredAt) : Number.NaN;
    if (at > latest && at - firstTaskAt <= MAX_START_CLOCK_SKEW_MS) latest = at;
  }
  return latest;
}

function openedState(input: NewCaseInput, at: number): CaseState {
  const [first, ...rest] = input.events;
  if (first === undefined) throw new Error('the history’s start input holds no event');
  const pin = input.pin ?? UNPINNED;
  let state = accepted(openCase(pinnedRouteStart(input.start), first, at, { pin }), 'start').state;
  for (const later of rest) state = accepted(applyEvent(state, later, at), 'start').state;
  return state;
}

const sameEntries = (left: readonly JournalEntry[], right: readonly JournalEntry[]) =>
  left.length === right.length && left.every((entry, index) => hashOf(entry) === hashOf(right[index]));

/**
 * The case as its latest run's history records it, without a worker. Throws when the history cannot be read that
 * way, or when the replayed journal differs from what the history attests (naming the entry).
 */
export function caseViewFromHistory(histories: readonly RunHistory[]): CaseView {
  const latest = histories.at(-1);
  if (latest === undefined) throw new Error('no history to read the journal from');
  const events = latest.history.events;
  const input = startInputOf(latest.history) as NewCaseInput | ContinuedCaseInput | undefined;
  if (input === undefined || input === null) throw new Error('the history holds no start input');
  const firstTask = events.find((event) => attributes(event, 'workflowTaskStarted') !== undefined);
  const firstTaskAt = Date.parse(String(firstTask?.eventTime ?? events[0]?.eventTime ?? ''));
  if ('continued' in input) return replayRun(latest, restoreCase(input.continued));
  // A run recorded before workflow version 2 opened on the worker's clock, not on `openedAt`: try both.
  const moments = [...new Set([openingMoment(input, firstTaskAt), firstTaskAt])];
  let failure: unknown;
  for (const moment of moments) {
    try {
      return replayRun(latest, openedState(input, moment));
    } catch (error) {
      failure ??= error;
    }
  }
  throw failure;
}

function replayRun(latest: RunHistory, opened: CaseState): CaseView {
  const { events } = latest.history;
  let state = opened;

  const requests = new Map<string, EventInput>();
  for (const event of events) {
    const accept = attributes(event, 'workflowExecutionUpdateAccepted')?.['acceptedRequest'] as
      { meta?: { updateId?: unknown }; input?: { name?: unknown; args?: unknown } } | undefined;
    if (accept?.input?.name === 'sendEvent')
      requests.set(String(accept.meta?.updateId), firstPayload(accept.input.args) as EventInput);

    const completed = attributes(event, 'workflowExecutionUpdateCompleted');
    const success = (completed?.['outcome'] as Attributes | undefined)?.['success'];
    if (completed !== undefined && success !== undefined) {
      const input = requests.get(String((completed['meta'] as Attributes | undefined)?.['updateId']));
      const result = firstPayload(success) as { recorded?: JournalEntry[]; duplicate?: boolean } | undefined;
      const recorded = result?.recorded ?? [];
      const own = recorded.find((entry) => entry.kind === 'gebeurtenis');
      if (input === undefined || result?.duplicate === true || own === undefined) continue;
      const before = state.journal.length;
      state = accepted(
        applyEvent(state, input, Date.parse(own.recordedAt)),
        `event ${event.eventId ?? '?'}`,
      ).state;
      if (!sameEntries(state.journal.slice(before), recorded))
        throw new Error(
          `the replayed journal differs from the Update answer at history event ${event.eventId ?? '?'}`,
        );
    }

    const scheduled = attributes(event, 'activityTaskScheduled');
    if ((scheduled?.['activityType'] as Attributes | undefined)?.['name'] === 'notifyDeadline') {
      const notified = firstPayload(scheduled?.['input']) as
        { kind?: unknown; deadlineId?: unknown; detectedAt?: unknown } | undefined;
      const known = state.journal.some(
        (entry) =>
          entry.kind === notified?.kind &&
          'deadlineId' in entry &&
          entry.deadlineId === notified.deadlineId &&
          entry.detectedAt === notified.detectedAt,
      );
      if (!known && typeof notified?.detectedAt === 'string') {
        state = advanceTo(state, Date.parse(notified.detectedAt)).state;
      }
    }
  }

  // Every entry and chain head the history attests must be the replayed journal's.
  const attested = attestedJournal([latest]);
  for (const [seq, { entry, where }] of attested.entries) {
    const mine = state.journal[seq - 1];
    if (mine === undefined || hashOf(mine) !== hashOf(entry))
      throw new Error(`journal entry ${seq} does not match what the history records (${where})`);
  }
  for (const { length, head, where } of attested.heads) {
    if (length <= state.journal.length && chainHead(state.journal.slice(0, length), state.caseId) !== head)
      throw new Error(
        `the journal's chain head after ${length} entries does not match the history (${where})`,
      );
  }
  return viewCase(state);
}
