// The journal of an export replayed through the pure core: the case's events on their own dates, with the
// norms the case ran under, every deadline computed again. Replayed entries are tied back to the export's
// entries (by idempotency key), so every fact a reconstruction shows cites a journal entry.
import type {
  CaseState,
  DeadlineChanges,
  EventEntry,
  Instant,
  JournalEntry,
  Rejection,
  RouteRegistry,
  Scenario,
} from '../core/index.js';
import { canonical, correctionsOf, isCorrectionEntry, simulate } from '../core/index.js';
import type { MigrationEntry } from '../core/route-migration.js';
import { isMigrationEntry } from '../core/route-migration.js';
import { routeKey } from '../core/route-format.js';
import { HOST_ROUTES } from '../machines/host-routes.js';
import type { AuditExport } from './export.js';

/** A difference between what the journal recorded and what the current core computes from the same events. */
export interface ReplayFinding {
  readonly seq: number;
  readonly message: string;
}

/** An export's journal replayed up to a moment. */
export interface JournalReplay {
  readonly state: CaseState;
  /** The export's event entries that were replayed (occurredAt at or before the moment), in order. */
  readonly events: readonly EventEntry[];
  /** The export's entry seq of a replayed entry seq (events by idempotency key; warnings and breaches by deadline). */
  readonly exportSeqOf: (replaySeq: number) => number | undefined;
  /** A replayed deadline id as the export names it (`treeknorm-intake/gezin#3`). */
  readonly exportDeadlineId: (replayId: string) => string;
  readonly findings: readonly ReplayFinding[];
}

/** The export's accepted events, in journal order. */
export function eventEntries(journal: readonly JournalEntry[]): EventEntry[] {
  return journal.filter((entry): entry is EventEntry => entry.kind === 'gebeurtenis');
}

function describeRejection(rejection: Rejection): string {
  return `${rejection.code}: ${rejection.message}`;
}

/** The export's migrations to another route version (`route.gemigreerd`), in journal order. */
export function migrationEntries(journal: readonly JournalEntry[]): MigrationEntry[] {
  return journal.filter(isMigrationEntry);
}

/**
 * Replays the export's events with `occurredAt` at or before `until` through the pure core
 * (`simulate(scenario, { norms })`), the clock run on to `until`. A case migrated to another version of its route
 * opens on the version it started on, with the norms it had then, and moves where its journal says it moved.
 */
/** A case ran on a route version this host has not loaded: its reconstruction would be on another version. */
export class RouteVersionMissingError extends Error {
  override readonly name = 'RouteVersionMissingError';
  constructor(id: string, version: string, registry: RouteRegistry) {
    super(
      `the case ran on route ${routeKey({ id, version })}, which this host has not loaded (it has ${registry.routes.map(routeKey).join(', ')}); load its route file with --routes DIR`,
    );
  }
}

export function replayJournal(exported: AuditExport, until: Instant, routes?: RouteRegistry): JournalReplay {
  const recordedMigrations = migrationEntries(exported.journal);
  // Every version the case ran on must be here; otherwise the replay would silently stay on an earlier one.
  const registry = routes ?? HOST_ROUTES;
  for (const version of [
    { id: exported.case.route.id, version: exported.case.route.version },
    ...recordedMigrations.flatMap((entry) => [entry.payload.from, entry.payload.to]),
  ]) {
    if (registry.get(version.id, version.version) === undefined)
      throw new RouteVersionMissingError(version.id, version.version, registry);
  }
  // A correction made by `until` withdrew its entry: the case as known then rests without it. One made later did
  // not, so before it the case is replayed as it was known, the mistaken entry included.
  const withdrawn = [...correctionsOf(exported.journal).values()].filter(
    (correction) => correction.recordedAt <= until,
  );
  const withdrawnSeqs = new Set(withdrawn.map((correction) => correction.payload.seq));
  const events = eventEntries(exported.journal).filter(
    (entry) =>
      entry.occurredAt <= until &&
      !isMigrationEntry(entry) &&
      !isCorrectionEntry(entry) &&
      !withdrawnSeqs.has(entry.seq),
  );
  // An entry registered after a withdrawn one and before its correction was decided with it: its recorded stage
  // and deadline changes are not what the case without it gives, and are not findings.
  const decidedWithWithdrawn = (seq: number): boolean =>
    withdrawn.some((correction) => seq > correction.payload.seq && seq < correction.seq);
  const first = recordedMigrations[0];
  const migrations = recordedMigrations
    .filter((entry) => entry.recordedAt <= until)
    .map((entry) => ({
      afterEvents: events.filter((event) => event.seq < entry.seq).length,
      at: entry.recordedAt,
      request: { to: entry.payload.to, actor: entry.actor },
    }));
  const scenario: Scenario = {
    title: `audit replay of ${exported.case.caseId}`,
    route: exported.start.routeId,
    caseId: exported.case.caseId,
    start: { organisatie: exported.start.organisatie, regio: exported.start.regio, normOverrides: {} },
    events: events.map((entry) => ({
      at: entry.occurredAt,
      type: entry.type,
      payload: (entry.payload ?? {}) as Record<string, unknown>,
      actor: entry.actor,
      idempotencyKey: entry.idempotencyKey,
    })),
    until,
  };
  const result = simulate(scenario, {
    norms: first?.payload.normsBefore ?? exported.norms,
    routeVersion: first?.payload.from.version ?? exported.case.route.version,
    migrations,
    ...(routes === undefined ? {} : { routes }),
  });
  // A migration's entry has a key of its own too (route.gemigreerd/from/to), so the replay ties it back the same way.
  const replayed = [...events, ...recordedMigrations.filter((entry) => entry.recordedAt <= until)];
  const byKey = new Map(replayed.map((entry) => [entry.idempotencyKey, entry]));
  const replaySeqToExport = new Map<number, number>();
  for (const entry of result.state.journal) {
    if (entry.kind !== 'gebeurtenis') continue;
    const recorded = byKey.get(entry.idempotencyKey);
    if (recorded !== undefined) replaySeqToExport.set(entry.seq, recorded.seq);
  }
  const exportDeadlineId = (replayId: string): string =>
    replayId.replace(/#(\d+)$/, (whole, seq: string) => {
      const mapped = replaySeqToExport.get(Number(seq));
      return mapped === undefined ? whole : `#${mapped}`;
    });
  for (const entry of result.state.journal) {
    if (entry.kind === 'gebeurtenis') continue;
    const id = exportDeadlineId(entry.deadlineId);
    const recorded = exported.journal.find(
      (candidate) => candidate.kind === entry.kind && candidate.deadlineId === id,
    );
    if (recorded !== undefined) replaySeqToExport.set(entry.seq, recorded.seq);
  }

  const findings: ReplayFinding[] = result.rejected.map(({ index, rejection }) => ({
    seq: events[index]?.seq ?? 0,
    message: `the current core refuses this event (${describeRejection(rejection)})`,
  }));
  for (const { index, refusal } of result.refusedMigrations ?? []) {
    const recorded = recordedMigrations[index];
    const issues = refusal.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    findings.push({
      seq: recorded?.seq ?? 0,
      message: `the current core refuses this migration (${refusal.message}${issues === '' ? '' : `: ${issues}`})`,
    });
  }
  for (const entry of migrationEntries(result.state.journal)) {
    const recorded = byKey.get(entry.idempotencyKey);
    if (recorded === undefined || !isMigrationEntry(recorded)) continue;
    const { statesAfter, meegenomen } = entry.payload;
    const same =
      canonical({ statesAfter, meegenomen: meegenomen.map(exportDeadlineId) }) ===
      canonical({ statesAfter: recorded.payload.statesAfter, meegenomen: recorded.payload.meegenomen });
    if (!same)
      findings.push({
        seq: recorded.seq,
        message: 'the migration replays to other states or carries other deadlines',
      });
  }
  const sameChanges = (recorded: DeadlineChanges, replayed: DeadlineChanges): boolean => {
    const translate = (changes: DeadlineChanges) =>
      canonical({
        ...changes,
        gestart: changes.gestart.map(exportDeadlineId),
        gehaald: changes.gehaald.map(exportDeadlineId),
        vervallen: changes.vervallen.map(exportDeadlineId),
        opgeschort: changes.opgeschort.map(exportDeadlineId),
        verlengd: changes.verlengd.map((change) => ({ ...change, id: exportDeadlineId(change.id) })),
        hervat: changes.hervat.map((change) => ({ ...change, id: exportDeadlineId(change.id) })),
      });
    return canonical(recorded) === translate(replayed);
  };
  for (const entry of result.state.journal) {
    if (entry.kind !== 'gebeurtenis') continue;
    const recorded = byKey.get(entry.idempotencyKey);
    if (recorded === undefined || decidedWithWithdrawn(recorded.seq)) continue;
    const differences: string[] = [];
    if (recorded.stageAfter !== entry.stageAfter)
      differences.push(`stage ${recorded.stageAfter} recorded, ${entry.stageAfter} replayed`);
    if (recorded.regisseur !== entry.regisseur)
      differences.push(`regisseur ${recorded.regisseur} recorded, ${entry.regisseur} replayed`);
    if (recorded.planRevisie !== entry.planRevisie)
      differences.push(`plan revision ${recorded.planRevisie} recorded, ${entry.planRevisie} replayed`);
    if (!sameChanges(recorded.deadlines, entry.deadlines)) differences.push('deadline changes differ');
    if (differences.length > 0) findings.push({ seq: recorded.seq, message: differences.join('; ') });
  }
  return {
    state: result.state,
    events,
    exportSeqOf: (replaySeq) => replaySeqToExport.get(replaySeq),
    exportDeadlineId,
    findings: findings.sort((a, b) => a.seq - b.seq),
  };
}
