import type { CaseState, JournalEntry } from './case.js';
import { contextOf, isClosed, stageOf, statesOf } from './case.js';
import type { Deadline } from './deadlines.js';
import { nextDueAt } from './deadlines.js';
import { chainHead } from './journal-chain.js';
import type { Norm } from './norms.js';
import type { Instant } from './time.js';

/** A norm as a case runs it: which version, which term. */
export interface NormInUse {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly term: { readonly amount: number; readonly unit: string };
  readonly guideline: boolean;
  readonly source: string;
}

/** What integrators, coordinators and auditors read of a case: plain JSON, no machine internals. */
export interface CaseView {
  readonly caseId: string;
  readonly route: { readonly id: string; readonly version: string };
  readonly organisatie: string;
  readonly regio: string;
  readonly stage: string;
  readonly states: readonly string[];
  readonly closed: boolean;
  readonly regisseur: string;
  readonly plan: unknown;
  readonly context: unknown;
  readonly deadlines: readonly Deadline[];
  readonly breaches: number;
  readonly warnings: number;
  readonly nextDueAt: Instant | null;
  readonly lastOccurredAt: Instant;
  readonly norms: readonly NormInUse[];
  /** The norms exactly as the case runs them, for an export that replays without today's presets. */
  readonly normDefinitions: readonly Norm[];
  readonly journal: readonly JournalEntry[];
  /** SHA-256 of the last journal entry: the head of the hash chain. */
  readonly journalHead: string;
}

/**
 * The case right after an event, as `sendEvent` answers it: the view without the parts that only grow or never
 * change while a case runs (the journal, the norms it runs; `getCase` has them), with the journal's length and
 * head instead. Every Update answer is stored in the case's Temporal history, so a full view there would make
 * the history grow with the square of the events.
 */
export type CaseUpdateView = Omit<CaseView, 'journal' | 'norms' | 'normDefinitions'> & {
  /** How many entries the journal holds; `journalHead` is the hash of the last of them. */
  readonly journalLength: number;
};

/** The view of a case state as an Update answered it up to case workflow version 2 (see {@link CaseUpdateView}). */
export function viewUpdatedCase(state: CaseState): CaseUpdateView {
  return { ...coreView(state), journalLength: state.journal.length };
}

/**
 * The case right after an event, as `sendEvent` answers it from case workflow version 3 on: which case, where it
 * stands, and the journal's length and head. Every answer is stored in the case's history for as long as the case
 * is kept; the deadlines, context and plan are a `getCase` query away.
 */
export interface CaseUpdateSummary {
  readonly caseId: string;
  readonly stage: string;
  readonly closed: boolean;
  /** How many entries the journal holds; `journalHead` is the hash of the last of them. */
  readonly journalLength: number;
  /** SHA-256 of the last journal entry: the head of the hash chain. */
  readonly journalHead: string;
}

/** The summary of a case state as an Update answers it (see {@link CaseUpdateSummary}). */
export function summariseUpdatedCase(state: CaseState): CaseUpdateSummary {
  return {
    caseId: state.caseId,
    stage: stageOf(state.snapshot),
    closed: isClosed(state),
    journalLength: state.journal.length,
    journalHead: chainHead(state.journal, state.caseId),
  };
}

/** The view of a case state. */
export function viewCase(state: CaseState): CaseView {
  return {
    ...coreView(state),
    norms: state.norms.map((norm) => ({
      id: norm.id,
      version: norm.version,
      title: norm.title,
      term: norm.term,
      guideline: norm.guideline,
      source: norm.source.citation,
    })),
    normDefinitions: state.norms,
    journal: state.journal,
  };
}

function coreView(state: CaseState): Omit<CaseView, 'journal' | 'norms' | 'normDefinitions'> {
  const context = contextOf(state.snapshot);
  return {
    caseId: state.caseId,
    route: state.route,
    organisatie: state.organisatie,
    regio: state.regio,
    stage: stageOf(state.snapshot),
    states: statesOf(state.snapshot),
    closed: isClosed(state),
    regisseur: context.regisseur,
    plan: context.plan,
    context: state.snapshot.context,
    deadlines: state.deadlines,
    // A retracted breach (a late-registered event showed the norm met in time) no longer counts.
    breaches:
      state.journal.filter((entry) => entry.kind === 'deadline.overschreden').length -
      state.journal.filter((entry) => entry.kind === 'deadline.ingetrokken').length,
    warnings: state.journal.filter((entry) => entry.kind === 'deadline.waarschuwing').length,
    nextDueAt: nextDueAt(state.deadlines) ?? null,
    lastOccurredAt: state.lastOccurredAt,
    journalHead: chainHead(state.journal, state.caseId),
  };
}
