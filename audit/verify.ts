// `passend audit verify`: is an export what the engine recorded, and does today's workflow code still
// reproduce its Temporal histories? Four checks per case:
//   chain   — the journal's hash chain and its recorded head; names the first entry altered, removed,
//             inserted or reordered;
//   history — the journal agrees, entry for entry, with the journal the Temporal history itself records
//             (every Update's answer, the final result), so a journal rewritten with a recomputed chain shows;
//   replay  — Worker.runReplayHistories replays every run's history against the workflow code: a
//             DeterminismViolationError means running cases of this kind would fail on this code;
//   sealing — with encryption on, every payload was sealed for this case (sealing.ts).
import type { ReplayWorkerOptions } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import type { ChainBreak, EventEntry, JournalEntry } from '../core/index.js';
import { canonical, chainHead, eventDifferences, hashOf, toInstant, verifyChain } from '../core/index.js';
import type { AuditExport } from './export.js';
import { attestedJournal, notifiedSignals, receivedEvents, receivedMigrations } from './history.js';
import { isMigrationEntry } from '../core/route-migration.js';
import { historyFromJson } from './proto-json.js';
import type { SealingCheck } from './sealing.js';
import { checkSealing } from './sealing.js';

/** The journal's hash chain. */
export type ChainCheck =
  | { readonly ok: true; readonly entries: number; readonly head: string }
  | { readonly ok: false; readonly entries: number; readonly break: ChainBreak };

/** The journal against the journal the Temporal history records. */
export interface HistoryCheck {
  readonly ok: boolean;
  /** The first journal entry that differs from the history's record, when one does. */
  readonly seq: number | null;
  readonly message: string;
}

/** One run's history replayed against the workflow code. */
export interface RunReplay {
  readonly runId: string;
  readonly ok: boolean;
  readonly error: { readonly name: string; readonly message: string } | null;
}

/** Everything `audit verify` found about one export. */
export interface VerifyResult {
  readonly caseId: string;
  readonly workflowId: string;
  readonly chain: ChainCheck;
  readonly history: HistoryCheck;
  /** Null when the replay was skipped (`--chain-only`). */
  readonly replay: readonly RunReplay[] | null;
  /** Every payload written sealed for this case (see sealing.ts). */
  readonly sealing: SealingCheck;
  readonly ok: boolean;
}

/** Checks the journal's hash chain and its recorded head. */
export function checkChain(exported: AuditExport): ChainCheck {
  const entries = exported.journal.length;
  const result = verifyChain(exported.journal, exported.case.caseId, exported.journalHead);
  return result.ok ? { ok: true, entries, head: result.head } : { ok: false, entries, break: result.break };
}

/** The journal's migrations against the `migrateRoute` Updates the workflow applied, one for one, in order. */
function checkMigrations(exported: AuditExport, entries: readonly EventEntry[]): HistoryCheck {
  const received = receivedMigrations(exported.histories);
  for (const [index, entry] of entries.entries()) {
    const update = received[index];
    const payload = entry.payload as { to?: unknown };
    if (
      update === undefined ||
      canonical(update.input.to) !== canonical(payload.to) ||
      canonical(update.input.actor) !== canonical(entry.actor)
    ) {
      return {
        ok: false,
        seq: entry.seq,
        message: `entry ${entry.seq} (${entry.type}) is no migration the workflow applied: inserted, or altered`,
      };
    }
  }
  const missing = received[entries.length];
  if (missing !== undefined) {
    return {
      ok: false,
      seq: null,
      message: `the workflow applied a migration (run ${missing.runId}, event ${missing.eventId}), which the journal lacks: removed`,
    };
  }
  return { ok: true, seq: null, message: `all ${entries.length} migrations as the workflow applied them` };
}

/** The journal's events against the events the workflow received, as its history records them. */
function checkEvents(exported: AuditExport): HistoryCheck {
  const received = receivedEvents(exported.histories);
  const byKey = new Map(received.map((event) => [String(event.input.idempotencyKey), event]));
  const all = exported.journal.filter((entry): entry is EventEntry => entry.kind === 'gebeurtenis');
  const migrated = checkMigrations(exported, all.filter(isMigrationEntry));
  if (!migrated.ok) return migrated;
  const events = all.filter((entry) => !isMigrationEntry(entry));
  for (const entry of events) {
    const event = byKey.get(entry.idempotencyKey);
    if (event === undefined) {
      return {
        ok: false,
        seq: entry.seq,
        message: `entry ${entry.seq} (${entry.type}) is no event the workflow received: inserted, or its key altered`,
      };
    }
    const found = eventDifferences(entry, event.input, { occurredAt: true, submittedBy: true });
    if (found.length > 0) {
      return {
        ok: false,
        seq: entry.seq,
        message: `entry ${entry.seq} is not the event the workflow received (run ${event.runId}, event ${event.eventId}): ${found.join(', ')}`,
      };
    }
  }
  const journalKeys = new Set(events.map((entry) => entry.idempotencyKey));
  const missing = received.find((event) => !journalKeys.has(String(event.input.idempotencyKey)));
  if (missing !== undefined) {
    return {
      ok: false,
      seq: null,
      message: `the workflow received ${String(missing.input.type)} (run ${missing.runId}, event ${missing.eventId}), which the journal lacks: removed`,
    };
  }
  return { ok: true, seq: null, message: `all ${events.length} events as the workflow received them` };
}

type SignalEntry = Extract<JournalEntry, { kind: 'deadline.overschreden' | 'deadline.waarschuwing' }>;

const isSignal = (entry: JournalEntry): entry is SignalEntry =>
  entry.kind === 'deadline.overschreden' || entry.kind === 'deadline.waarschuwing';

/**
 * The journal's warnings and breaches against the ones the workflow notified (each `notifyDeadline` activity it
 * scheduled): no Update answer records those that come after the last event, so without this a warning or breach
 * appended to the journal, or removed from its end, would pass with a recomputed chain.
 */
function checkSignals(exported: AuditExport): HistoryCheck {
  // Retractions and steps of escalation are notified too, but follow from the events and breaches checked here.
  const notified = notifiedSignals(exported.histories).filter(
    (signal) => signal.kind === 'deadline.overschreden' || signal.kind === 'deadline.waarschuwing',
  );
  const keyOf = (kind: unknown, deadlineId: unknown) => `${String(kind)} ${String(deadlineId)}`;
  const byKey = new Map(notified.map((signal) => [keyOf(signal.kind, signal.deadlineId), signal]));
  const signals = exported.journal.filter(isSignal);
  for (const entry of signals) {
    const signal = byKey.get(keyOf(entry.kind, entry.deadlineId));
    if (signal === undefined) {
      return {
        ok: false,
        seq: entry.seq,
        message: `entry ${entry.seq} (${entry.kind} of ${entry.deadlineId}) is no warning or breach the workflow notified: inserted, or altered`,
      };
    }
    const found: string[] = [];
    if (toInstant(String(signal.dueAt)) !== toInstant(entry.dueAt))
      found.push(`dueAt ${String(signal.dueAt)} notified`);
    if (toInstant(String(signal.detectedAt)) !== toInstant(entry.detectedAt))
      found.push(`detectedAt ${String(signal.detectedAt)} notified`);
    if (found.length > 0) {
      return {
        ok: false,
        seq: entry.seq,
        message: `entry ${entry.seq} is not the ${entry.kind} the workflow notified (run ${signal.runId}, event ${signal.eventId}): ${found.join(', ')}`,
      };
    }
  }
  const journalKeys = new Set(signals.map((entry) => keyOf(entry.kind, entry.deadlineId)));
  const missing = notified.find((signal) => !journalKeys.has(keyOf(signal.kind, signal.deadlineId)));
  if (missing !== undefined) {
    return {
      ok: false,
      seq: null,
      message: `the workflow notified ${String(missing.kind)} of ${String(missing.deadlineId)} (run ${missing.runId}, event ${missing.eventId}), which the journal lacks: removed`,
    };
  }
  return {
    ok: true,
    seq: null,
    message: `all ${signals.length} warnings and breaches as the workflow notified them`,
  };
}

/** The journal against what the Temporal history records of it: entries (results, Update answers) and chain heads. */
function checkAttested(exported: AuditExport): HistoryCheck {
  const { entries, heads } = attestedJournal(exported.histories);
  if (entries.size === 0 && heads.length === 0) {
    return {
      ok: true,
      seq: null,
      message: 'no recorded journal to compare (no Update answered, run not closed)',
    };
  }
  const bySeq = [...entries].sort(([a], [b]) => a - b);
  for (const [seq, { entry, where }] of bySeq) {
    const mine = exported.journal[seq - 1];
    if (mine === undefined) {
      return {
        ok: false,
        seq,
        message: `the history records entry ${seq} (${where}), the journal has only ${exported.journal.length}: entry ${seq} onwards removed`,
      };
    }
    if (hashOf(mine) !== hashOf(entry)) {
      return { ok: false, seq, message: `entry ${seq} is not what the Temporal history recorded (${where})` };
    }
  }
  for (const { length, head, where } of heads) {
    if (length > exported.journal.length) {
      const seq = exported.journal.length + 1;
      return {
        ok: false,
        seq,
        message: `the history records a journal of ${length} entries (${where}), the journal has only ${exported.journal.length}: entry ${seq} onwards removed`,
      };
    }
    if (chainHead(exported.journal.slice(0, length), exported.case.caseId) !== head) {
      return {
        ok: false,
        seq: length,
        message: `entries 1-${length} do not end in the chain head the Temporal history recorded (${where})`,
      };
    }
  }
  const covered = Math.max(0, ...entries.keys(), ...heads.map((recorded) => recorded.length));
  return {
    ok: true,
    seq: null,
    message: `entries 1-${covered} as the history records them (${entries.size} entries, ${heads.length} chain heads)`,
  };
}

/**
 * Checks the journal against the Temporal histories in the export: every event entry must be an event the
 * workflow received (and every event it received must be in the journal), and every entry must equal the
 * journal the history itself records in its latest Update answer or result.
 */
export function checkAgainstHistory(exported: AuditExport): HistoryCheck {
  const events = checkEvents(exported);
  if (!events.ok) return events;
  const signals = checkSignals(exported);
  if (!signals.ok) return signals;
  const attested = checkAttested(exported);
  if (!attested.ok) return attested;
  return { ok: true, seq: null, message: `${events.message}; ${signals.message}; ${attested.message}` };
}

/**
 * What the replay worker runs: the case workflow's bundle (or a path to bundle), and the data converter whose
 * codec opens sealed payloads when the histories are still encrypted.
 */
export type ReplayCode = Pick<ReplayWorkerOptions, 'workflowBundle' | 'workflowsPath' | 'dataConverter'>;

/**
 * Replays every run of every export against the workflow code, one replay worker for all of them. Returns,
 * per export, per run, whether the code reproduced the history (a `DeterminismViolationError` when it did not).
 */
export async function replayExports(
  exports: readonly AuditExport[],
  code: ReplayCode,
): Promise<RunReplay[][]> {
  const items = exports.flatMap((exported, index) =>
    exported.histories.map((run) => ({ index, runId: run.runId, workflowId: exported.case.workflowId, run })),
  );
  const outcomes: RunReplay[][] = exports.map(() => []);
  if (items.length === 0) return outcomes;
  const histories = items.map(({ workflowId, run }) => ({
    workflowId,
    history: historyFromJson(run.history),
  }));
  let position = 0;
  for await (const result of Worker.runReplayHistories({ ...code, replayName: 'passend-audit' }, histories)) {
    const item = items[position++];
    if (item === undefined) break;
    const error = result.error;
    (outcomes[item.index] as RunReplay[]).push({
      runId: item.runId,
      ok: error === undefined,
      error: error === undefined ? null : { name: error.name, message: error.message },
    });
  }
  return outcomes;
}

/**
 * Verifies exports: chain, history and seals always, the replay unless `code` is null. `asRead` are the exports
 * as read, before `openExport` opened their payloads, for the seal check (default: `exports` themselves).
 */
export async function verifyExports(
  exports: readonly AuditExport[],
  code: ReplayCode | null,
  asRead: readonly AuditExport[] = exports,
): Promise<VerifyResult[]> {
  const replays = code === null ? null : await replayExports(exports, code);
  return exports.map((exported, index) => {
    const chain = checkChain(exported);
    const history = checkAgainstHistory(exported);
    const sealing = checkSealing((asRead[index] ?? exported).histories, exported.case.workflowId);
    const replay = replays === null ? null : (replays[index] ?? []);
    const replayOk =
      replay === null ||
      (replay.length > 0 && replay.every((run) => run.ok) && exported.histories.length > 0);
    return {
      caseId: exported.case.caseId,
      workflowId: exported.case.workflowId,
      chain,
      history,
      replay,
      sealing,
      ok: chain.ok && history.ok && replayOk && sealing.ok,
    };
  });
}
