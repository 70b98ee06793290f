// `passend audit export`: one self-describing JSON file per case — the Temporal history of every run as the
// server returns it, the engine's decoded journal, the norms the case ran under and the journal's chain head —
// enough to reconstruct, report on and verify the case without a server, after Temporal's retention.
// Histories of an encrypted case stay sealed in the file; the journal is written decoded by whoever holds the key.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { CaseNotFoundError } from '../client/errors.js';
import type { CaseView, Instant, JournalEntry, Norm } from '../core/index.js';
import { IdentifierSchema, InstantSchema, NormSchema } from '../core/index.js';
import { caseWorkflowId, getCaseQuery } from '../workflows/definitions.js';
import type { ExportEncryption } from './encryption.js';
import { encryptionOf, openHistories } from './encryption.js';
import type { EngineInfo } from './engine.js';
import { engineInfo } from './engine.js';
import type { RunHistory } from './history.js';
import {
  completedSummaryOf,
  completedViewOf,
  fetchRunChain,
  notifiedSignals,
  receivedEvents,
} from './history.js';
import { historyFromJson } from './proto-json.js';
import { caseViewFromHistory } from './journal-from-history.js';

export const AUDIT_EXPORT_FORMAT = 'passend-routes/audit-export';
export const AUDIT_EXPORT_FORMAT_VERSION = 1;

const ABOUT =
  'Audit export of one case of passend-routes. `journal` is the engine decoded: every accepted event ' +
  '(occurredAt, recordedAt, actor, stage before and after, regisseur, plan revision, deadlines started, met, ' +
  'lapsed, extended, suspended or resumed) and every deadline warning and breach, each entry carrying the ' +
  'SHA-256 of the one before it; `journalHead` is the hash of the last entry. `norms` are the exact norm ' +
  'versions the case ran under, so the journal replays through the pure core without a server (passend audit ' +
  'at / report). `histories` holds the Temporal event history of every run, oldest first, in the proto JSON ' +
  'form Temporal tools read, for passend audit verify to replay against the workflow code. When `encryption` ' +
  'is not null, the case ran with encrypted Temporal payloads: the histories are kept exactly as the server ' +
  'returned them, their payloads sealed with AES-256-GCM under the key ids listed (encoding binary/encrypted, ' +
  "the key id in each payload's metadata), so verify and report need those keys (PASSEND_ENCRYPTION_KEY " +
  'or PASSEND_ENCRYPTION_KEYRING); the journal, norms and chain head were written decoded by a holder of the ' +
  'key and read without it. The file itself is not encrypted and not signed; it holds identifiers and codes ' +
  'only, no names or free text.';

/** An audit export file (format version 1). */
export interface AuditExport {
  readonly format: typeof AUDIT_EXPORT_FORMAT;
  readonly formatVersion: typeof AUDIT_EXPORT_FORMAT_VERSION;
  readonly about: string;
  readonly exportedAt: Instant;
  readonly engine: EngineInfo;
  readonly case: {
    readonly caseId: string;
    readonly workflowId: string;
    /** Every run of the workflow, oldest first (more than one when the case continued as new). */
    readonly runIds: readonly string[];
    readonly route: { readonly id: string; readonly version: string };
    readonly organisatie: string;
    readonly regio: string;
    readonly closed: boolean;
    /** The Temporal status of the latest run when exported: RUNNING, COMPLETED, TERMINATED, … */
    readonly status: string;
  };
  readonly start: {
    readonly caseId: string;
    readonly routeId: string;
    readonly organisatie: string;
    readonly regio: string;
  };
  readonly norms: readonly Norm[];
  readonly journal: readonly JournalEntry[];
  readonly journalHead: string;
  /** Null when the histories hold no encrypted payloads; else the cipher and the key ids they need. */
  readonly encryption: ExportEncryption | null;
  readonly histories: readonly RunHistory[];
}

// A journal entry's moments are checked as instants: the audit commands compute with them (`audit at` and
// `audit report` count days between them), so a malformed one is refused naming its field, e.g.
// `journal.0.occurredAt`, rather than failing later as an unexplained "Invalid time value".
// The fields the audit commands read are checked for shape too (an actor, the deadline changes, a deadline id),
// so a file missing one is refused naming it rather than failing with "Cannot read properties of undefined".
const chained = { seq: z.number(), prevHash: z.string() };
const moved = z.array(z.looseObject({ id: z.string(), from: InstantSchema, to: InstantSchema }));
const ids = z.array(z.string());
const signalMoments = {
  dueAt: InstantSchema,
  detectedAt: InstantSchema,
  deadlineId: z.string(),
  normId: z.string(),
};
const EntryShape = z.discriminatedUnion('kind', [
  z.looseObject({
    ...chained,
    kind: z.literal('gebeurtenis'),
    type: z.string(),
    actor: z.looseObject({ role: z.string(), id: z.string() }),
    idempotencyKey: z.string(),
    occurredAt: InstantSchema,
    recordedAt: InstantSchema,
    stageAfter: z.string(),
    deadlines: z.looseObject({
      gestart: ids,
      gehaald: ids,
      vervallen: ids,
      opgeschort: ids,
      verlengd: moved,
      hervat: moved,
    }),
  }),
  z.looseObject({ ...chained, ...signalMoments, kind: z.literal('deadline.overschreden') }),
  z.looseObject({
    ...chained,
    ...signalMoments,
    kind: z.literal('deadline.waarschuwing'),
    warnAt: InstantSchema,
  }),
  z.looseObject({ ...chained, ...signalMoments, kind: z.literal('deadline.opgeschaald'), at: InstantSchema }),
  z.looseObject({
    ...chained,
    ...signalMoments,
    kind: z.literal('deadline.ingetrokken'),
    // Absent when a correction withdrew the event a breach rested on and the norm is not met.
    metAt: InstantSchema.optional(),
  }),
]);

/**
 * What a file must look like to be read as an audit export: its moments are instants; the journal's content
 * is checked by its chain.
 */
export const AuditExportSchema = z.looseObject({
  format: z.literal(AUDIT_EXPORT_FORMAT),
  formatVersion: z.literal(AUDIT_EXPORT_FORMAT_VERSION),
  exportedAt: InstantSchema,
  engine: z.looseObject({ name: z.string(), version: z.string() }),
  case: z.looseObject({
    caseId: IdentifierSchema,
    workflowId: z.string().min(1),
    runIds: z.array(z.string()),
    route: z.looseObject({ id: z.string(), version: z.string() }),
    organisatie: IdentifierSchema,
    regio: IdentifierSchema,
    closed: z.boolean(),
    status: z.string(),
  }),
  start: z.looseObject({
    caseId: IdentifierSchema,
    routeId: z.string().min(1),
    organisatie: IdentifierSchema,
    regio: IdentifierSchema,
  }),
  norms: z.array(NormSchema).min(1),
  journal: z.array(EntryShape).min(1),
  journalHead: z.string().regex(/^[0-9a-f]{64}$/),
  encryption: z
    .strictObject({ algorithm: z.literal('AES-256-GCM'), keyIds: z.array(z.string().min(1)).min(1) })
    .nullable(),
  histories: z.array(
    z.looseObject({ runId: z.string(), history: z.looseObject({ events: z.array(z.looseObject({})) }) }),
  ),
});

/** A file that is not an audit export (or not a readable one); the message names the file and the field. */
export class AuditFileError extends Error {
  override readonly name = 'AuditFileError';
}

/**
 * Checks that `raw` is an audit export. The journal is returned exactly as it stands in the file (nothing
 * normalised), so the hash chain is checked over what was written.
 */
export function parseAuditExport(raw: unknown, origin = 'the export'): AuditExport {
  const parsed = AuditExportSchema.safeParse(raw);
  if (!parsed.success) {
    // One reason per field (the first): a value can fail several checks of one schema at once.
    const byField = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const field = issue.path.join('.') || '(root)';
      if (!byField.has(field)) byField.set(field, issue.message);
    }
    const issues = [...byField].slice(0, 5).map(([field, message]) => `${field}: ${message}`);
    throw new AuditFileError(`${origin} is not a passend-routes audit export:\n  ${issues.join('\n  ')}`);
  }
  const file = raw as AuditExport;
  // What the file claims about encryption must be what its histories show, so no reader is misled about
  // which keys it needs (or that it needs none).
  const shown = encryptionOf(file.histories);
  const declared = parsed.data.encryption;
  const describe = (value: ExportEncryption | null) =>
    value === null ? 'no encrypted payloads' : `key ids ${value.keyIds.join(', ')}`;
  if (
    describe(shown) !==
    describe(declared === null ? null : { ...declared, keyIds: [...declared.keyIds].sort() })
  ) {
    throw new AuditFileError(
      `${origin} is not a consistent audit export:\n  encryption: declares ${describe(declared)}, but its histories hold ${describe(shown)}`,
    );
  }
  return {
    ...file,
    norms: parsed.data.norms,
    encryption: shown,
    journal: file.journal,
    histories: file.histories,
  };
}

/**
 * The export with its histories' payloads opened by `codecs`, for the checks that read them (verify, report);
 * an export without encryption comes back as it is. Throws an `EncryptionKeyError` naming the key id when
 * the key is not at hand.
 */
export async function openExport(
  exported: AuditExport,
  codecs: readonly PayloadCodec[],
  origin = 'the export',
): Promise<AuditExport> {
  const histories =
    exported.encryption === null
      ? exported.histories
      : await openHistories(exported.histories, codecs, exported.case.workflowId);
  assertReadableHistories(histories, origin);
  return exported.encryption === null ? exported : { ...exported, histories };
}

/**
 * Reads every run's history the way verify and report will (its events, the events the workflow received, the
 * warnings and breaches it notified), so a malformed history fails here as a fault of this file, naming the run
 * and the problem, rather than midway through a run over several exports.
 */
function assertReadableHistories(histories: readonly RunHistory[], origin: string): void {
  histories.forEach((run, index) => {
    try {
      historyFromJson(run.history);
      receivedEvents([run]);
      notifiedSignals([run]);
    } catch (error) {
      throw new AuditFileError(
        `${origin} holds an unreadable history: histories.${index} (run ${run.runId}): ${(error as Error).message}`,
      );
    }
  });
}

/** Reads an audit export file. */
export function readAuditExport(path: string): AuditExport {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AuditFileError(`${path}: not readable JSON (${(error as Error).message})`);
  }
  return parseAuditExport(raw, path);
}

/** The file's text: stable two-space JSON with a final newline. */
export function auditExportText(exported: AuditExport): string {
  return `${JSON.stringify(exported, null, 2)}\n`;
}

/** Writes an export atomically (a temporary file renamed into place), so a reader never sees half a file. */
export function writeAuditExport(path: string, exported: AuditExport): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, auditExportText(exported));
  renameSync(temporary, path);
}

/** How long the export waits for a worker to answer the Query before it reads the journal from the history. */
const QUERY_TIMEOUT_MS = 10_000;

async function journalView(
  client: Client,
  workflowId: string,
  runId: string,
  status: string,
  opened: readonly RunHistory[],
  onHistoryJournal?: (reason: string) => void,
): Promise<CaseView> {
  // A completed case returned its final view: it is in the history, no worker needed.
  const latest = (opened.at(-1) as RunHistory).history;
  const completed = completedViewOf(latest);
  if (completed !== undefined) return completed;
  const closedView = closedViewFromHistory(opened, completedSummaryOf(latest));
  if (closedView !== undefined) return closedView;
  try {
    return await client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
      client.workflow.getHandle(workflowId, runId).query(getCaseQuery),
    );
  } catch (error) {
    // No worker answered (none runs, or the case is stuck: its tasks keep failing): the pure core reads the
    // journal from the history, checked against every entry the history attests.
    try {
      const view = caseViewFromHistory(opened);
      onHistoryJournal?.(`no worker answered the Query (${(error as Error).message})`);
      return view;
    } catch (fallback) {
      const hint =
        status === 'RUNNING'
          ? 'is a worker running (passend worker)?'
          : `the run is ${status}; reading its journal needs a worker (passend worker) to replay it`;
      throw new Error(
        `cannot read the journal of ${workflowId}: ${(error as Error).message}; nor from its history: ` +
          `${(fallback as Error).message}; ${hint}`,
        { cause: error },
      );
    }
  }
}

/**
 * A case closed by workflow version 4 or later returned only its journal's length and head: its view is read from
 * the history by the pure core, without a worker, when it ends at exactly that length and head. Undefined when the
 * run returned no summary, or when the history cannot be read that way (a migrated case: the query replays it).
 */
function closedViewFromHistory(
  opened: readonly RunHistory[],
  summary: ReturnType<typeof completedSummaryOf>,
): CaseView | undefined {
  if (summary === undefined) return undefined;
  try {
    const view = caseViewFromHistory(opened);
    return view.journal.length === summary.journalLength && view.journalHead === summary.journalHead
      ? view
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The moment of an export: now, but never before the last thing the server recorded (a test server's clock
 * may run ahead of this machine's), so the export knows everything up to its own moment.
 */
function exportMoment(now: Date, histories: readonly RunHistory[]): Instant {
  let latest = now.getTime();
  for (const { history } of histories) {
    const time = Date.parse(history.events.at(-1)?.eventTime ?? '');
    if (!Number.isNaN(time) && time > latest) latest = time;
  }
  return new Date(latest).toISOString();
}

/**
 * Exports a case from Temporal, open or closed: the history of every run (fetched first, so the journal read
 * afterwards holds at least what the history records), then the journal (a closed case's final view from its
 * history: the view it returned, or from workflow version 4 the core's replay of the history ending at the summary
 * it returned; an open case's through the query).
 * Throws `CaseNotFoundError` when Temporal has no such case (never started, or past its retention).
 */
export async function exportCase(
  client: Client,
  caseId: string,
  options: {
    now?: Date;
    /** Told when the journal was read from the history because no worker answered the Query. */
    onHistoryJournal?: (reason: string) => void;
  } = {},
): Promise<AuditExport> {
  const workflowId = caseWorkflowId(caseId);
  // A running case may take an event between reading its history and its journal: read again until the
  // history did not move meanwhile, so the journal and the history in the file tell the same story.
  for (let attempt = 1; ; attempt++) {
    let description;
    try {
      description = await client.workflow.getHandle(workflowId).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
      throw error;
    }
    const status = description.status.name;
    const histories = await fetchRunChain(client, workflowId, description.runId);
    // Sealed payloads are opened with the client's own codecs; without the key this fails naming its id,
    // before the query (whose answer would be sealed too).
    const codecs = client.options.loadedDataConverter.payloadCodecs;
    const opened = await openHistories(histories, codecs, workflowId);
    const latest = histories.at(-1) as RunHistory;
    const view = await journalView(
      client,
      workflowId,
      description.runId,
      status,
      opened,
      options.onHistoryJournal,
    );
    if (status === 'RUNNING' && attempt < 5) {
      const again = await client.workflow.getHandle(workflowId, description.runId).fetchHistory();
      if ((again.events?.length ?? 0) !== latest.history.events.length) continue;
    }
    return assemble(caseId, workflowId, status, histories, view, options.now ?? new Date());
  }
}

function assemble(
  caseId: string,
  workflowId: string,
  status: string,
  histories: readonly RunHistory[],
  view: CaseView,
  now: Date,
): AuditExport {
  if (view.caseId !== caseId)
    throw new Error(`${workflowId} answered for case ${view.caseId}, not ${caseId}`);
  return {
    format: AUDIT_EXPORT_FORMAT,
    formatVersion: AUDIT_EXPORT_FORMAT_VERSION,
    about: ABOUT,
    exportedAt: exportMoment(now, histories),
    engine: engineInfo(),
    case: {
      caseId: view.caseId,
      workflowId,
      runIds: histories.map((run) => run.runId),
      route: view.route,
      organisatie: view.organisatie,
      regio: view.regio,
      closed: view.closed,
      status,
    },
    start: { caseId: view.caseId, routeId: view.route.id, organisatie: view.organisatie, regio: view.regio },
    norms: view.normDefinitions,
    journal: view.journal,
    journalHead: view.journalHead,
    encryption: encryptionOf(histories),
    histories,
  };
}
