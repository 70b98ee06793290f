// Temporal histories as the server returns them, in the proto JSON form other Temporal tools read and write
// (`temporal workflow show --output json`), and what an auditor can read out of them without a worker.
import { Buffer } from 'node:buffer';
import type { Client } from '@temporalio/client';
import { ENCRYPTED_ENCODING, EncryptionKeyError, KEY_ID_METADATA } from '../codec/index.js';
import type { CaseView, JournalEntry } from '../core/index.js';
import { historyToJson } from './proto-json.js';

/** One event of a history in proto JSON: `eventId`, `eventTime`, `eventType` and one `…EventAttributes`. */
export type HistoryEventJson = Record<string, unknown> & {
  readonly eventId?: string;
  readonly eventTime?: string;
  readonly eventType?: string;
};

/** A Temporal history in proto JSON, as `historyToJSON` writes it and `historyFromJSON` reads it. */
export interface HistoryJson {
  readonly events: readonly HistoryEventJson[];
}

/** The history of one run of a case workflow. A case that continued as new has several runs. */
export interface RunHistory {
  readonly runId: string;
  readonly history: HistoryJson;
}

type Attributes = Record<string, unknown>;

function attributes(event: HistoryEventJson | undefined, name: string): Attributes | undefined {
  const value = event?.[`${name}EventAttributes`];
  return value !== null && typeof value === 'object' ? (value as Attributes) : undefined;
}

/** Decodes one JSON-form payload (base64 metadata and data) written by Temporal's default data converter. */
export function decodePayload(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object') return undefined;
  const { metadata, data } = payload as { metadata?: Record<string, unknown>; data?: unknown };
  const encodingField = metadata?.['encoding'];
  const encoding =
    typeof encodingField === 'string' ? Buffer.from(encodingField, 'base64').toString('utf8') : '';
  if (encoding === 'binary/null') return null;
  if (encoding === ENCRYPTED_ENCODING) {
    const keyField = metadata?.[KEY_ID_METADATA];
    const keyId = typeof keyField === 'string' ? Buffer.from(keyField, 'base64').toString('utf8') : '';
    throw new EncryptionKeyError(
      keyId,
      `a history payload is encrypted with key id "${keyId}"; open the export with that key first (openExport)`,
    );
  }
  if (encoding !== 'json/plain' || typeof data !== 'string') {
    throw new Error(`a payload with encoding "${encoding}" cannot be read (only json/plain)`);
  }
  return JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as unknown;
}

function firstPayload(container: unknown): unknown {
  const payloads = (container as { payloads?: unknown } | undefined)?.payloads;
  return Array.isArray(payloads) && payloads.length > 0 ? decodePayload(payloads[0]) : undefined;
}

/** The run this run continued from (continue-as-new), if any. */
export function continuedFrom(history: HistoryJson): string | undefined {
  const started = attributes(history.events[0], 'workflowExecutionStarted');
  const runId = started?.['continuedExecutionRunId'];
  return typeof runId === 'string' && runId !== '' ? runId : undefined;
}

/** The workflow's input as it started this run. */
export function startInputOf(history: HistoryJson): unknown {
  return firstPayload(attributes(history.events[0], 'workflowExecutionStarted')?.['input']);
}

/**
 * The case view a completed run returned, or undefined: up to workflow version 3 a run returns its final view; from
 * version 4 it returns a summary (see {@link completedSummaryOf}) and the view is read from the history.
 */
export function completedViewOf(history: HistoryJson): CaseView | undefined {
  const completed = attributes(history.events.at(-1), 'workflowExecutionCompleted');
  if (completed === undefined) return undefined;
  const view = firstPayload(completed['result']) as CaseView | undefined;
  return view !== undefined && view !== null && Array.isArray(view.journal) ? view : undefined;
}

/** The journal's length and chain head a completed run of workflow version 4 or later returned, or undefined. */
export function completedSummaryOf(
  history: HistoryJson,
): { readonly journalLength: number; readonly journalHead: string } | undefined {
  const completed = attributes(history.events.at(-1), 'workflowExecutionCompleted');
  if (completed === undefined) return undefined;
  const result = firstPayload(completed['result']) as {
    journalLength?: unknown;
    journalHead?: unknown;
  } | null;
  if (result === null || result === undefined || 'journal' in result) return undefined;
  const { journalLength, journalHead } = result;
  return typeof journalLength === 'number' && typeof journalHead === 'string'
    ? { journalLength, journalHead }
    : undefined;
}

/** Where in the histories something was recorded: `run <runId>, event <eventId>`. */
type Where = string;

/** A journal entry the history itself records, and where. */
export interface AttestedEntry {
  readonly entry: JournalEntry;
  readonly where: Where;
}

/** A chain head the history records: the journal's length and the hash of its last entry at that moment. */
export interface AttestedHead {
  readonly length: number;
  readonly head: string;
  readonly where: Where;
}

/**
 * What the Temporal histories record of the journal themselves. A completed run returns the whole case view (from
 * workflow version 4 its journal's length and chain head) and a continue-as-new carries the persisted case (whole
 * journals); every accepted Update answers with the entries the event added and the journal's length and chain
 * head then (earlier versions answered with the whole view, whose journal counts as well). An export's journal
 * must agree with all of it, so rewriting the journal (even with a recomputed chain) shows.
 */
export interface AttestedJournal {
  /** The entries recorded, by seq (the latest record of each). */
  readonly entries: ReadonlyMap<number, AttestedEntry>;
  readonly heads: readonly AttestedHead[];
}

function journalIn(value: unknown): readonly JournalEntry[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as { journal?: unknown; view?: unknown; continued?: unknown };
  if (Array.isArray(record.journal)) return record.journal as JournalEntry[];
  return journalIn(record.view) ?? journalIn(record.continued);
}

/** What one recorded value (an Update answer, a result, a continue-as-new input) attests. */
function attestedIn(value: unknown): {
  entries: readonly JournalEntry[];
  head?: { length: number; head: string };
} {
  const journal = journalIn(value);
  if (journal !== undefined) return { entries: journal };
  if (value === null || typeof value !== 'object') return { entries: [] };
  const { recorded, view } = value as {
    recorded?: unknown;
    view?: { journalLength?: unknown; journalHead?: unknown };
  };
  const entries = Array.isArray(recorded) ? (recorded as JournalEntry[]) : [];
  // An Update answer holds the summary as its `view`; a result from workflow version 4 is the summary itself.
  const summary = (view ?? value) as { journalLength?: unknown; journalHead?: unknown };
  const length = summary.journalLength;
  const head = summary.journalHead;
  return typeof length === 'number' && typeof head === 'string'
    ? { entries, head: { length, head } }
    : { entries };
}

/** Everything the histories record of the journal themselves (see {@link AttestedJournal}). */
export function attestedJournal(histories: readonly RunHistory[]): AttestedJournal {
  const entries = new Map<number, AttestedEntry>();
  const heads: AttestedHead[] = [];
  for (const { runId, history } of histories) {
    for (const event of history.events) {
      const carriers = [
        (attributes(event, 'workflowExecutionUpdateCompleted')?.['outcome'] as Attributes | undefined)?.[
          'success'
        ],
        attributes(event, 'workflowExecutionCompleted')?.['result'],
        attributes(event, 'workflowExecutionContinuedAsNew')?.['input'],
      ];
      for (const carrier of carriers) {
        if (carrier === undefined) continue;
        let attested: ReturnType<typeof attestedIn>;
        try {
          attested = attestedIn(firstPayload(carrier));
        } catch {
          continue;
        }
        const where = `run ${runId}, event ${String(event.eventId ?? '?')}`;
        for (const entry of attested.entries) {
          if (typeof entry.seq === 'number') entries.set(entry.seq, { entry, where });
        }
        if (attested.head !== undefined) heads.push({ ...attested.head, where });
      }
    }
  }
  return { entries, heads };
}

/** An event as the workflow received it: in its start input, or as an accepted `sendEvent` Update. */
export interface ReceivedEvent {
  readonly input: {
    readonly type?: unknown;
    readonly payload?: unknown;
    readonly actor?: unknown;
    readonly idempotencyKey?: unknown;
    readonly occurredAt?: unknown;
  };
  readonly runId: string;
  readonly eventId: string;
}

/**
 * Every event the case workflow received, in order, once per idempotency key: the events of its start input
 * and every `sendEvent` Update that completed successfully (a refused event never reaches the history).
 */
export function receivedEvents(histories: readonly RunHistory[]): ReceivedEvent[] {
  const received: ReceivedEvent[] = [];
  const keys = new Set<string>();
  const add = (input: unknown, runId: string, eventId: string) => {
    if (input === null || typeof input !== 'object') return;
    const key = String((input as { idempotencyKey?: unknown }).idempotencyKey);
    if (keys.has(key)) return;
    keys.add(key);
    received.push({ input: input as ReceivedEvent['input'], runId, eventId });
  };
  for (const { runId, history } of histories) {
    const succeeded = new Set<string>();
    for (const event of history.events) {
      const completed = attributes(event, 'workflowExecutionUpdateCompleted');
      const outcome = completed?.['outcome'] as Attributes | undefined;
      const updateId = (completed?.['meta'] as Attributes | undefined)?.['updateId'];
      if (outcome?.['success'] !== undefined && typeof updateId === 'string') succeeded.add(updateId);
    }
    for (const event of history.events) {
      const eventId = String(event.eventId ?? '?');
      const started = attributes(event, 'workflowExecutionStarted');
      if (started !== undefined) {
        const input = firstPayload(started['input']) as { events?: unknown } | undefined;
        if (Array.isArray(input?.events)) for (const item of input.events) add(item, runId, eventId);
      }
      const request = attributes(event, 'workflowExecutionUpdateAccepted')?.['acceptedRequest'] as
        { meta?: { updateId?: unknown }; input?: { name?: unknown; args?: unknown } } | undefined;
      if (request?.input?.name === 'sendEvent' && succeeded.has(String(request.meta?.updateId))) {
        add(firstPayload(request.input.args), runId, eventId);
      }
    }
  }
  return received;
}

/** A migration the workflow applied: the input of a `migrateRoute` Update that completed successfully. */
export interface ReceivedMigration {
  readonly input: { readonly to?: unknown; readonly actor?: unknown };
  readonly runId: string;
  readonly eventId: string;
}

/** Every migration to another route version the case workflow applied, in order (a refused one is not recorded). */
export function receivedMigrations(histories: readonly RunHistory[]): ReceivedMigration[] {
  const received: ReceivedMigration[] = [];
  for (const { runId, history } of histories) {
    const succeeded = new Set<string>();
    for (const event of history.events) {
      const completed = attributes(event, 'workflowExecutionUpdateCompleted');
      const outcome = completed?.['outcome'] as Attributes | undefined;
      const updateId = (completed?.['meta'] as Attributes | undefined)?.['updateId'];
      if (outcome?.['success'] !== undefined && typeof updateId === 'string') succeeded.add(updateId);
    }
    for (const event of history.events) {
      const request = attributes(event, 'workflowExecutionUpdateAccepted')?.['acceptedRequest'] as
        { meta?: { updateId?: unknown }; input?: { name?: unknown; args?: unknown } } | undefined;
      if (request?.input?.name !== 'migrateRoute' || !succeeded.has(String(request.meta?.updateId))) continue;
      const input = firstPayload(request.input.args);
      if (input !== null && typeof input === 'object')
        received.push({
          input: input as ReceivedMigration['input'],
          runId,
          eventId: String(event.eventId ?? '?'),
        });
    }
  }
  return received;
}

/** A warning or breach the workflow notified: the input of a `notifyDeadline` activity it scheduled. */
export interface NotifiedSignal {
  readonly kind: unknown;
  readonly deadlineId: unknown;
  readonly dueAt: unknown;
  readonly detectedAt: unknown;
  readonly runId: string;
  readonly eventId: string;
}

/**
 * Every warning and breach the workflow notified, in order: the workflow records each one in its journal and
 * schedules the `notifyDeadline` activity for it in the same workflow task, so the history attests every warning
 * and breach the journal holds, also those after the last Update's answer.
 */
export function notifiedSignals(histories: readonly RunHistory[]): NotifiedSignal[] {
  const signals: NotifiedSignal[] = [];
  for (const { runId, history } of histories) {
    for (const event of history.events) {
      const scheduled = attributes(event, 'activityTaskScheduled');
      const name = (scheduled?.['activityType'] as Attributes | undefined)?.['name'];
      if (name !== 'notifyDeadline') continue;
      const input = firstPayload(scheduled?.['input']);
      if (input === null || typeof input !== 'object') continue;
      const { kind, deadlineId, dueAt, detectedAt } = input as Record<string, unknown>;
      signals.push({ kind, deadlineId, dueAt, detectedAt, runId, eventId: String(event.eventId ?? '?') });
    }
  }
  return signals;
}

/**
 * Fetches the history of the run `runId` and of every run it continued from, oldest first. A run that
 * Temporal no longer holds (its retention passed) fails the fetch with the run named.
 */
export async function fetchRunChain(
  client: Client,
  workflowId: string,
  runId: string,
): Promise<RunHistory[]> {
  const runs: RunHistory[] = [];
  const seen = new Set<string>();
  for (let current: string | undefined = runId; current !== undefined;) {
    if (seen.has(current)) throw new Error(`run ${current} of ${workflowId} continues from itself`);
    seen.add(current);
    let history: HistoryJson;
    try {
      const raw = await client.workflow.getHandle(workflowId, current).fetchHistory();
      history = historyToJson(raw);
    } catch (error) {
      throw new Error(
        `cannot fetch the history of run ${current} of ${workflowId}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    runs.unshift({ runId: current, history });
    current = continuedFrom(history);
  }
  return runs;
}
