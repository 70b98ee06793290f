// `passend audit at`: a case as it stood at a moment — stage, regisseur, plan revision, every deadline with its
// status then — reconstructed by replaying the journal's events up to that moment through the pure core.
import type { DeadlineStatus, EventEntry, Instant, RouteRegistry } from '../core/index.js';
import { correctionsOf, isClosed, stageOf, statesOf, verifyChain } from '../core/index.js';
import type { AuditExport } from './export.js';
import { calendarDays, local } from './moment.js';
import type { ReplayFinding } from './replay.js';
import { eventEntries, replayJournal } from './replay.js';

/** A moment the export cannot answer for (before the case began, or after the export was made). */
export class MomentOutOfRangeError extends Error {
  override readonly name = 'MomentOutOfRangeError';
}

/** One deadline as it stood at the moment. */
export interface DeadlineAt {
  /** The deadline's id as the journal names it. */
  readonly id: string;
  readonly normId: string;
  readonly normVersion: string;
  readonly title: string;
  readonly spoor: string | null;
  readonly status: DeadlineStatus;
  readonly startedAt: Instant;
  /** The journal entry whose event started the clock. */
  readonly startedBySeq: number | null;
  readonly dueAt: Instant;
  readonly warnAt: Instant | null;
  readonly metAt: Instant | null;
  readonly lapsedAt: Instant | null;
  /** Calendar days past the due moment (at the moment, or when it was met late); null when not late. */
  readonly daysLate: number | null;
}

/** A reference to a journal entry: what a fact rests on. */
export interface EntryRef {
  readonly seq: number;
  readonly type: string;
  readonly occurredAt: Instant;
  readonly actor: { readonly role: string; readonly id: string };
}

/** An event a correction withdrew: which entry, by which correction, when and why. */
export interface WithdrawnEntry {
  readonly seq: number;
  readonly type: string;
  readonly correctedBySeq: number;
  readonly correctedAt: Instant;
  readonly reden: string;
}

/** The case at a moment. */
export interface CaseAt {
  readonly caseId: string;
  readonly moment: Instant;
  readonly route: { readonly id: string; readonly version: string };
  readonly organisatie: string;
  readonly regio: string;
  readonly exportedAt: Instant;
  readonly stage: string;
  readonly states: readonly string[];
  readonly closed: boolean;
  readonly regisseur: string;
  /** The entry that made the regisseur of the moment regisseur (the start event or a handover). */
  readonly regisseurSince: EntryRef;
  readonly planRevisie: number | null;
  readonly plan: unknown;
  readonly lastEvent: EntryRef;
  /** Events replayed (occurredAt at or before the moment) and events in the journal. */
  readonly eventsReplayed: number;
  readonly eventsTotal: number;
  /** Replayed entries that were registered only after the moment (backdated): the facts, not what was known. */
  readonly recordedLater: readonly number[];
  /** Events withdrawn by a correction made by the moment: left out of the replay, each with its correction. */
  readonly withdrawn: readonly WithdrawnEntry[];
  readonly deadlines: readonly DeadlineAt[];
  /** Where the current core disagrees with what the journal recorded; empty when it reproduces it. */
  readonly findings: readonly ReplayFinding[];
  /** The journal's hash chain: intact, or where it breaks. */
  readonly chain: { readonly ok: true } | { readonly ok: false; readonly message: string };
}

function ref(entry: EventEntry): EntryRef {
  return { seq: entry.seq, type: entry.type, occurredAt: entry.occurredAt, actor: entry.actor };
}

/**
 * Reconstructs the case at `moment` from an export (on `routes`, the host's by default: a migrated case needs
 * both its versions). Throws `MomentOutOfRangeError` for a moment before the case's first event, or after the
 * export was made (the journal does not know what happened later).
 */
export function caseAt(exported: AuditExport, moment: Instant, routes?: RouteRegistry): CaseAt {
  const all = eventEntries(exported.journal);
  const first = all[0];
  if (first === undefined)
    throw new MomentOutOfRangeError(`the journal of ${exported.case.caseId} has no events`);
  if (moment < first.occurredAt) {
    throw new MomentOutOfRangeError(
      `${local(moment)} (${moment}) lies before case ${exported.case.caseId} began: its first event, ${first.type}, happened ${local(first.occurredAt)} (${first.occurredAt})`,
    );
  }
  if (moment > exported.exportedAt) {
    throw new MomentOutOfRangeError(
      `${local(moment)} (${moment}) lies after the export was made (${exported.exportedAt}): the journal does not know what happened later; export the case again`,
    );
  }
  const replay = replayJournal(exported, moment, routes);
  const { state } = replay;
  const context = state.snapshot.context as { regisseur: string; plan: { revisie: number } | null };
  const events = replay.events;
  const last = events.at(-1) as EventEntry;
  let since = last;
  for (let index = events.length - 1; index >= 0; index--) {
    const entry = events[index] as EventEntry;
    if (entry.regisseur !== context.regisseur) break;
    since = entry;
  }
  const chain = verifyChain(exported.journal, exported.case.caseId, exported.journalHead);
  return {
    caseId: exported.case.caseId,
    moment,
    // The version the case ran at the moment: before a migration, the one it started on.
    route: state.route,
    organisatie: exported.case.organisatie,
    regio: exported.case.regio,
    exportedAt: exported.exportedAt,
    stage: stageOf(state.snapshot),
    states: statesOf(state.snapshot),
    closed: isClosed(state),
    regisseur: context.regisseur,
    regisseurSince: ref(since),
    planRevisie: context.plan?.revisie ?? null,
    plan: context.plan,
    lastEvent: ref(last),
    eventsReplayed: events.length,
    eventsTotal: all.length,
    recordedLater: events.filter((entry) => entry.recordedAt > moment).map((entry) => entry.seq),
    withdrawn: [...correctionsOf(exported.journal)]
      .filter(([, correction]) => correction.recordedAt <= moment)
      .map(([seq, correction]) => ({
        seq,
        type: (all.find((entry) => entry.seq === seq) as EventEntry).type,
        correctedBySeq: correction.seq,
        correctedAt: correction.recordedAt,
        reden: correction.payload.reden,
      }))
      .sort((a, b) => a.seq - b.seq),
    deadlines: state.deadlines.map((deadline) => {
      const startSeq = Number(/#(\d+)$/.exec(deadline.id)?.[1] ?? Number.NaN);
      const late =
        deadline.status === 'overschreden'
          ? calendarDays(deadline.dueAt, moment)
          : deadline.status === 'gehaald-na-overschrijding' && deadline.metAt !== null
            ? calendarDays(deadline.dueAt, deadline.metAt)
            : null;
      return {
        id: replay.exportDeadlineId(deadline.id),
        normId: deadline.normId,
        normVersion: deadline.normVersion,
        title: deadline.title,
        spoor: deadline.spoor,
        status: deadline.status,
        startedAt: deadline.startedAt,
        startedBySeq: replay.exportSeqOf(startSeq) ?? null,
        dueAt: deadline.dueAt,
        warnAt: deadline.warnAt,
        metAt: deadline.metAt,
        lapsedAt: deadline.lapsedAt,
        daysLate: late,
      };
    }),
    findings: replay.findings,
    chain: chain.ok ? { ok: true } : { ok: false, message: `${chain.break.kind}: ${chain.break.message}` },
  };
}
