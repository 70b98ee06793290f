import type { CaseState } from './case.js';
import { contextOf, isClosed, stageOf, statesOf } from './case.js';
import { correctionsOf, isCorrectionEntry } from './correction.js';
import { nextDueAt } from './deadlines.js';
import type { Instant } from './time.js';

/** How a case stands against its deadlines, as a coordinator filters on it. */
export type RiskStatus = 'op-schema' | 'waarschuwing' | 'overschreden';

/**
 * What a case publishes for visibility queries: identifiers and enums only, never personal data (search
 * attributes are stored unencrypted by Temporal).
 */
export interface CaseVisibility {
  readonly route: string;
  readonly routeVersion: string;
  readonly stage: string;
  /** When the case entered its current stage: time in stage without reading any journal. */
  readonly stageSince: Instant | null;
  readonly regisseur: string;
  readonly organisatie: string;
  readonly regio: string;
  readonly risk: RiskStatus;
  readonly nextDueAt: Instant | null;
  /** The norms whose deadlines are breached and not yet met, e.g. `treeknorm-intake`. */
  readonly overdueNorms: readonly string[];
  /** The earliest due moment among deadlines breached and not yet met. */
  readonly overdueSince: Instant | null;
  /** The norms whose warning went out while the deadline still runs. */
  readonly warnedNorms: readonly string[];
  /** Providers with a spoor of this case on their waiting list. */
  readonly wachtlijstAanbieders: readonly string[];
  readonly breaches: number;
  readonly closed: boolean;
  /** The child's pseudonym, only for a case started with one (older cases publish exactly what they did). */
  readonly kindReferentie?: string;
  /**
   * Whether another case of the same child is open in the region (one child, one plan). Only the host knows the
   * other cases: the core leaves it out, and a case with a `kindReferentie` publishes it as false until its host
   * finds another (see workflows/one-child.ts).
   */
  readonly dubbeleCasus?: boolean;
}

function waitingAt(state: CaseState): string[] {
  const context = state.snapshot.context as {
    sporen?: Record<string, { aanbieder: string | null } | undefined>;
  };
  const providers = new Set<string>();
  for (const leaf of statesOf(state.snapshot)) {
    const spoor = /\.lopend\.([a-z]+)\.wachten\.wachtlijst$/.exec(leaf)?.[1];
    const aanbieder = spoor === undefined ? null : (context.sporen?.[spoor]?.aanbieder ?? null);
    if (aanbieder !== null) providers.add(aanbieder);
  }
  return [...providers].sort();
}

function stageSinceOf(state: CaseState): Instant | null {
  // A correction and the event it withdrew moved no stage of the case as it stands (see correction.ts).
  const withdrawn = correctionsOf(state.journal);
  for (let index = state.journal.length - 1; index >= 0; index--) {
    const entry = state.journal[index];
    if (entry?.kind !== 'gebeurtenis' || isCorrectionEntry(entry) || withdrawn.has(entry.seq)) continue;
    if (entry.stageAfter !== entry.stageBefore) return entry.occurredAt;
  }
  return null;
}

/** The visibility record of a case, decided by the core so every host publishes the same. */
export function visibilityOf(state: CaseState): CaseVisibility {
  const overdue = state.deadlines.filter((deadline) => deadline.status === 'overschreden');
  const warned = state.deadlines.filter(
    (deadline) => deadline.status === 'lopend' && deadline.warnedAt !== null,
  );
  const unique = (ids: string[]) => [...new Set(ids)].sort();
  return {
    route: state.route.id,
    routeVersion: state.route.version,
    stage: stageOf(state.snapshot),
    stageSince: stageSinceOf(state),
    regisseur: contextOf(state.snapshot).regisseur,
    organisatie: state.organisatie,
    regio: state.regio,
    risk: overdue.length > 0 ? 'overschreden' : warned.length > 0 ? 'waarschuwing' : 'op-schema',
    nextDueAt: nextDueAt(state.deadlines) ?? null,
    overdueNorms: unique(overdue.map((deadline) => deadline.normId)),
    overdueSince: overdue.map((deadline) => deadline.dueAt).sort()[0] ?? null,
    warnedNorms: unique(warned.map((deadline) => deadline.normId)),
    wachtlijstAanbieders: waitingAt(state),
    // A retracted breach (disproved by a late-registered event) is no breach; cases before rules 2 have none.
    breaches:
      state.journal.filter((entry) => entry.kind === 'deadline.overschreden').length -
      state.journal.filter((entry) => entry.kind === 'deadline.ingetrokken').length,
    closed: isClosed(state),
    ...(state.kindReferentie === undefined ? {} : { kindReferentie: state.kindReferentie }),
  };
}

/**
 * The record as the lists read it (case workflow version 3 on): `nextDueAt` only while a case is at risk or
 * overdue, where the overdue and at-risk lists sort by it. No list filters or sorts on the next due moment of a
 * case on schedule, and it moves with most events; publishing it there would cost a visibility write per event.
 */
export function listedVisibility(visibility: CaseVisibility): CaseVisibility {
  return visibility.risk === 'op-schema' && visibility.nextDueAt !== null
    ? { ...visibility, nextDueAt: null }
    : visibility;
}
