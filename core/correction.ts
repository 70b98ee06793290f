import { z } from 'zod';
import type { CaseEffect, CaseState, Decision, EventEntry, JournalEntry, RetractionEntry } from './case.js';
import { advanceTo, applyEvent, contextOf, openCase, stageOf } from './case.js';
import type { Deadline, DeadlineChanges } from './deadlines.js';
import { noChanges } from './deadlines.js';
import type { Actor } from './identifiers.js';
import { chainHead } from './journal-chain.js';
import type { MigrationEntry } from './route-migration.js';
import { isMigrationEntry, migrateCase } from './route-migration.js';
import type { RouteRegistry } from './route-registry.js';
import type { Instant } from './time.js';

/** The event type of a correction: a core event every route accepts, as the deadline events are. */
export const CORRECTION_EVENT = 'correctie';

/** Why an entry is corrected: a code, as every reason in the engine, never free text about a child. */
export const CORRECTION_REASONS = [
  'verkeerde-casus',
  'dubbel-geregistreerd',
  'verkeerde-gebeurtenis',
  'verkeerd-moment',
  'anders',
] as const;

/** The payload of a correction: which journal entry (its `seq`) was registered by mistake, and why. */
export const CorrectionPayloadSchema = z.strictObject({
  seq: z.number().int().min(1),
  reden: z.enum(CORRECTION_REASONS),
});
export type CorrectionPayload = z.infer<typeof CorrectionPayloadSchema>;

/** What a correction does, for the docs and error messages. */
export const CORRECTION_EVENT_DOC =
  'withdraws an event registered by mistake (payload.seq: its journal entry; payload.reden: why): the case is recomputed without it, the entry stays in the journal';

/** A correction's journal entry: an event entry of type `correctie`. */
export type CorrectionEntry = EventEntry & {
  readonly type: typeof CORRECTION_EVENT;
  readonly payload: CorrectionPayload;
};

/** Whether a journal entry is a correction. */
export function isCorrectionEntry(entry: JournalEntry): entry is CorrectionEntry {
  return entry.kind === 'gebeurtenis' && entry.type === CORRECTION_EVENT;
}

/** The corrections of a journal by the seq of the entry each corrects. */
export function correctionsOf(journal: readonly JournalEntry[]): Map<number, CorrectionEntry> {
  return new Map(journal.filter(isCorrectionEntry).map((entry) => [entry.payload.seq, entry]));
}

/** A correction as the core's event parser hands it over. */
export interface CorrectionEvent {
  readonly payload: CorrectionPayload;
  readonly occurredAt: Instant;
  readonly actor: Actor;
  readonly submittedBy: string | undefined;
  readonly idempotencyKey: string;
  readonly fingerprint: string;
}

type Refusal = Extract<Decision, { ok: false }>;

function refuse(message: string, stage: string, path: string, reason: string): Refusal {
  return {
    ok: false,
    rejection: { code: 'correction-refused', message, stage, issues: [{ path, message: reason }] },
  };
}

/** Why `target` cannot be corrected, or undefined when it can. */
function targetRefusal(state: CaseState, seq: number, stage: string): Refusal | undefined {
  const target = state.journal[seq - 1];
  if (target === undefined)
    return refuse(
      `journal entry ${seq} does not exist`,
      stage,
      'payload.seq',
      `no such entry: the journal holds entries 1 to ${state.journal.length}`,
    );
  if (target.kind !== 'gebeurtenis')
    return refuse(
      `journal entry ${seq} is a ${target.kind}, which the engine recorded itself`,
      stage,
      'payload.seq',
      'only an event can be corrected: warnings, breaches, escalations and retractions follow from the events',
    );
  if (seq === 1)
    return refuse(
      `journal entry 1 (${target.type}) opens the case`,
      stage,
      'payload.seq',
      'the opening event cannot be corrected: without it there is no case',
    );
  if (isCorrectionEntry(target))
    return refuse(
      `journal entry ${seq} is itself a correction`,
      stage,
      'payload.seq',
      'a correction cannot be corrected',
    );
  if (isMigrationEntry(target))
    return refuse(
      `journal entry ${seq} is a migration to route ${target.payload.to.id}@${target.payload.to.version}`,
      stage,
      'payload.seq',
      'a migration is not registered by mistake: migrate the case again',
    );
  const earlier = correctionsOf(state.journal).get(seq);
  if (earlier !== undefined)
    return refuse(
      `journal entry ${seq} was already corrected by entry ${earlier.seq}`,
      stage,
      'payload.seq',
      `already corrected (entry ${earlier.seq})`,
    );
  return undefined;
}

/** The event input a journal entry was recorded from, to offer it to the core again. */
function inputOf(entry: EventEntry): Record<string, unknown> {
  return {
    type: entry.type,
    payload: entry.payload ?? {},
    occurredAt: entry.occurredAt,
    actor: entry.actor,
    idempotencyKey: entry.idempotencyKey,
    ...(entry.submittedBy === undefined ? {} : { submittedBy: entry.submittedBy }),
  };
}

const isSignal = (entry: JournalEntry): boolean =>
  entry.kind === 'deadline.overschreden' ||
  entry.kind === 'deadline.waarschuwing' ||
  entry.kind === 'deadline.opgeschaald';

/**
 * Whether the clock signal at `index` was recorded by a timer, rather than by the event (or correction, or
 * migration) that follows it: that event first runs the clock to its own moment, recorded as its `recordedAt`.
 */
function firedByTimer(journal: readonly JournalEntry[], index: number): boolean {
  const signal = journal[index] as JournalEntry & { detectedAt: Instant };
  const next = journal.slice(index + 1).find((entry) => !isSignal(entry));
  return !(next?.kind === 'gebeurtenis' && next.recordedAt === signal.detectedAt);
}

/** The case as if entries `without` had never been registered, with the clock signals that replay recorded. */
type Recomputation =
  | { ok: true; state: CaseState; signals: JournalEntry[] }
  | { ok: false; seq: number; type: string; message: string };

/**
 * Replays the journal through the core without the entries in `without`: every other event at the moment it was
 * registered, every timer at the moment it fired, every migration where it was made, and the clock run on to
 * `now`. The replayed case keeps the journal's numbering, so its deadlines carry the ids the case knows.
 */
function recompute(
  state: CaseState,
  without: ReadonlySet<number>,
  now: Instant,
  routes: RouteRegistry | undefined,
): Recomputation {
  const journal = state.journal;
  const opening = journal[0] as EventEntry;
  const firstMigration = journal.find(isMigrationEntry) as MigrationEntry | undefined;
  const route = firstMigration?.payload.from ?? state.route;
  const opened = openCase(
    {
      caseId: state.caseId,
      routeId: route.id,
      routeVersion: route.version,
      organisatie: state.organisatie,
      regio: state.regio,
    },
    inputOf(opening),
    opening.recordedAt,
    {
      norms: firstMigration?.payload.normsBefore ?? state.norms,
      pin: { rulesVersion: state.rulesVersion ?? 1, normVersions: {} },
      ...(routes === undefined ? {} : { routes }),
    },
  );
  if (!opened.ok) return { ok: false, seq: 1, type: opening.type, message: opened.rejection.message };
  let shadow = opened.state;
  const signals: JournalEntry[] = [];
  // Each step starts from the recorded journal before the entry, so a replayed entry gets the seq it has.
  const step = (index: number, next: CaseState): void => {
    signals.push(...next.journal.slice(index).filter((entry) => entry.kind !== 'gebeurtenis'));
    shadow = next;
  };
  for (let index = 1; index < journal.length; index++) {
    const entry = journal[index] as JournalEntry;
    const aligned: CaseState = { ...shadow, journal: journal.slice(0, index) };
    if (entry.kind === 'deadline.ingetrokken') continue;
    if (entry.kind !== 'gebeurtenis') {
      if (firedByTimer(journal, index)) step(index, advanceTo(aligned, entry.detectedAt).state);
      continue;
    }
    if (without.has(entry.seq)) {
      // Gone from the case, but the clock it ran up to its moment ran all the same.
      step(index, advanceTo(aligned, entry.occurredAt, entry.recordedAt).state);
      continue;
    }
    if (isCorrectionEntry(entry)) {
      step(index, advanceTo(aligned, entry.recordedAt).state);
      continue;
    }
    if (isMigrationEntry(entry)) {
      const migrated = migrateCase(
        aligned,
        { to: entry.payload.to, actor: entry.actor },
        entry.recordedAt,
        routes,
      );
      if (!migrated.ok)
        return { ok: false, seq: entry.seq, type: entry.type, message: migrated.rejection.message };
      step(index, migrated.state);
      continue;
    }
    const applied = applyEvent(aligned, inputOf(entry), entry.recordedAt, routes);
    if (!applied.ok)
      return { ok: false, seq: entry.seq, type: entry.type, message: applied.rejection.message };
    step(index, applied.state);
  }
  step(journal.length, advanceTo({ ...shadow, journal }, now).state);
  return { ok: true, state: shadow, signals };
}

const isOpen = (deadline: Deadline): boolean =>
  deadline.status === 'lopend' || deadline.status === 'overschreden' || deadline.status === 'opgeschort';
const isMet = (deadline: Deadline): boolean =>
  deadline.status === 'gehaald' || deadline.status === 'gehaald-na-overschrijding';
const breachStands = (deadline: Deadline | undefined): boolean =>
  deadline?.status === 'overschreden' || deadline?.status === 'gehaald-na-overschrijding';

/** What the correction did to the deadlines: running (again), dropped, or now met. */
function changesBetween(before: readonly Deadline[], after: readonly Deadline[]): DeadlineChanges {
  const changes = noChanges();
  const byId = new Map(before.map((deadline) => [deadline.id, deadline]));
  for (const deadline of after) {
    const was = byId.get(deadline.id);
    if (isOpen(deadline) && (was === undefined || !isOpen(was))) changes.gestart.push(deadline.id);
    if (isMet(deadline) && (was === undefined || !isMet(was))) changes.gehaald.push(deadline.id);
  }
  const kept = new Set(after.map((deadline) => deadline.id));
  changes.vervallen.push(
    ...before.filter((deadline) => !kept.has(deadline.id)).map((deadline) => deadline.id),
  );
  return changes;
}

function signalKey(entry: JournalEntry): string {
  if (entry.kind === 'gebeurtenis') return `${entry.seq}`;
  return `${entry.kind}|${entry.deadlineId}|${entry.kind === 'deadline.opgeschaald' ? entry.stap : ''}`;
}

/** A deadline as the correction leaves it: a signal the case learns of only now carries now as its moment. */
function learnedNow(deadline: Deadline, signal: JournalEntry, now: Instant): Deadline {
  if (signal.kind === 'deadline.overschreden') return { ...deadline, detectedAt: now };
  if (signal.kind === 'deadline.waarschuwing') return { ...deadline, warnedAt: now };
  if (signal.kind === 'deadline.opgeschaald') {
    const opschaling = (deadline.opschaling ?? []).map((step) =>
      step.stap === signal.stap ? { ...step, sentAt: now } : step,
    );
    return { ...deadline, opschaling };
  }
  return deadline;
}

/**
 * Applies a correction at `now`: the clock first runs to `now` (as for any event), then the case is recomputed
 * from its opening without the corrected entry and every entry corrected before. The journal keeps every entry
 * and gains the correction, then what the recomputation shows that the journal did not know (a warning, breach or
 * step now due, each recorded as detected now) and a retraction for every breach that no longer stands. Refused,
 * the case unchanged, when the entry cannot be corrected or a later entry can no longer be applied without it.
 */
export function applyCorrection(
  state: CaseState,
  correction: CorrectionEvent,
  now: Instant,
  routes?: RouteRegistry,
): Decision {
  const stage = stageOf(state.snapshot);
  const { seq, reden } = correction.payload;
  const refusal = targetRefusal(state, seq, stage);
  if (refusal !== undefined) return refusal;
  const without = new Set([...correctionsOf(state.journal).keys(), seq]);
  const recomputed = recompute(state, without, now, routes);
  const target = state.journal[seq - 1] as EventEntry;
  if (!recomputed.ok)
    return refuse(
      `without entry ${seq} (${target.type}) entry ${recomputed.seq} (${recomputed.type}) can no longer be applied: ${recomputed.message}`,
      stage,
      'payload.seq',
      `entry ${recomputed.seq} (${recomputed.type}) depends on it: ${recomputed.message}`,
    );
  const before = advanceTo(state, now);
  const live = before.state;
  const shadow = recomputed.state;
  const context = contextOf(shadow.snapshot);
  const entry: CorrectionEntry = {
    seq: live.journal.length + 1,
    prevHash: chainHead(live.journal, state.caseId),
    kind: 'gebeurtenis',
    type: CORRECTION_EVENT,
    payload: { seq, reden },
    actor: correction.actor,
    ...(correction.submittedBy === undefined ? {} : { submittedBy: correction.submittedBy }),
    idempotencyKey: correction.idempotencyKey,
    occurredAt: correction.occurredAt,
    recordedAt: now,
    stageBefore: stage,
    stageAfter: stageOf(shadow.snapshot),
    regisseur: context.regisseur,
    planRevisie: context.plan?.revisie ?? null,
    deadlines: changesBetween(live.deadlines, shadow.deadlines),
  };
  const journal: JournalEntry[] = [...live.journal, entry];
  const chain = () => ({ seq: journal.length + 1, prevHash: chainHead(journal, state.caseId) });
  const known = new Set(live.journal.map(signalKey));
  let deadlines = shadow.deadlines;
  const notices: JournalEntry[] = [];
  for (const signal of recomputed.signals) {
    if (signal.kind === 'gebeurtenis' || known.has(signalKey(signal))) continue;
    const noticed = { ...signal, ...chain(), detectedAt: now } as JournalEntry;
    journal.push(noticed);
    notices.push(noticed);
    known.add(signalKey(signal));
    deadlines = deadlines.map((deadline) =>
      deadline.id === signal.deadlineId ? learnedNow(deadline, signal, now) : deadline,
    );
  }
  for (const was of live.deadlines) {
    const after = deadlines.find((deadline) => deadline.id === was.id);
    if (!breachStands(was) || breachStands(after) || known.has(`deadline.ingetrokken|${was.id}|`)) continue;
    const breach = live.journal.findLast(
      (candidate) => candidate.kind === 'deadline.overschreden' && candidate.deadlineId === was.id,
    );
    const retraction: RetractionEntry = {
      ...chain(),
      kind: 'deadline.ingetrokken',
      deadlineId: was.id,
      normId: was.normId,
      dueAt: was.dueAt,
      ...(after !== undefined && isMet(after) && after.metAt !== null ? { metAt: after.metAt } : {}),
      breachSeq: breach?.seq ?? 0,
      causedBySeq: entry.seq,
      detectedAt: now,
      stage: entry.stageAfter,
      regisseur: entry.regisseur,
    };
    journal.push(retraction);
    notices.push(retraction);
    deadlines = deadlines.map((deadline) =>
      deadline.id === was.id ? { ...deadline, ingetrokken: { at: now, bySeq: entry.seq } } : deadline,
    );
  }
  const next: CaseState = {
    ...live,
    route: shadow.route,
    norms: shadow.norms,
    snapshot: shadow.snapshot,
    deadlines,
    journal,
    lastOccurredAt: shadow.lastOccurredAt,
    idempotency: {
      ...live.idempotency,
      [correction.idempotencyKey]: { seq: entry.seq, fingerprint: correction.fingerprint },
    },
  };
  const effects: CaseEffect[] = [...before.effects, ...notices.map((notice) => notificationOf(next, notice))];
  return { ok: true, state: next, effects, duplicate: false };
}

function notificationOf(state: CaseState, entry: JournalEntry): CaseEffect {
  const signal = entry as Exclude<JournalEntry, EventEntry>;
  const deadline = state.deadlines.find((candidate) => candidate.id === signal.deadlineId);
  return {
    kind: 'notify',
    notification: {
      kind: signal.kind,
      caseId: state.caseId,
      organisatie: state.organisatie,
      regio: state.regio,
      deadlineId: signal.deadlineId,
      normId: signal.normId,
      title: deadline?.title ?? signal.normId,
      dueAt: signal.dueAt,
      detectedAt: signal.detectedAt,
      stage: signal.stage,
      regisseur: signal.regisseur,
      ...(signal.kind === 'deadline.opgeschaald' ? { stap: signal.stap, rol: signal.rol } : {}),
      ...(signal.kind === 'deadline.ingetrokken' && signal.metAt !== undefined
        ? { metAt: signal.metAt }
        : {}),
    },
  };
}

/** Whether a retraction was made by a correction (its cause is a `correctie`), not by an event registered late. */
export function isCorrectionRetraction(
  entry: RetractionEntry,
  corrections: ReadonlyMap<number, CorrectionEntry>,
): boolean {
  return [...corrections.values()].some((correction) => correction.seq === entry.causedBySeq);
}

/**
 * A zod refinement refusing a correction whose payload does not fit (`payload.seq`, `payload.reden`), each issue at
 * its field: unlike a route's events, a correction's payload is the same on every route, so a boundary (the HTTP
 * body) can refuse it before it reaches a case.
 */
export function refuseBadCorrection(
  event: { type: string; payload: unknown },
  context: z.RefinementCtx,
): void {
  if (event.type !== CORRECTION_EVENT) return;
  const parsed = CorrectionPayloadSchema.safeParse(event.payload);
  if (parsed.success) return;
  for (const issue of parsed.error.issues)
    context.addIssue({
      code: 'custom',
      path: ['payload', ...issue.path.map(String)],
      message: issue.message,
    });
}
