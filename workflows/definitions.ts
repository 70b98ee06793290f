import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  CaseEffect,
  CaseStart,
  CaseUpdateView,
  CaseView,
  EventInput,
  JournalEntry,
  PersistedCase,
} from '../core/index.js';

/** The one task queue every case workflow and its activities run on. */
export const TASK_QUEUE = 'passend-routes';

/** The ApplicationFailure type the workflow uses for a refused event; its first detail is the Rejection. */
export const EVENT_REJECTED = 'EventRejected';

/** The Temporal workflow id of a case: stable, so a case id maps to exactly one workflow. */
export function caseWorkflowId(caseId: string): string {
  return `casus-${caseId}`;
}

/**
 * What `sendEvent` answers: the case after the event (without its journal and norms: `getCase` has them), the
 * journal entries the event added, and whether the event was a retry already applied (then nothing was added).
 */
export interface SendEventResult {
  readonly view: CaseUpdateView;
  /** The journal entries this event added: its own entry, in order, with their seq and hashes. */
  readonly recorded: readonly JournalEntry[];
  readonly duplicate: boolean;
}

/** An event for a case, validated (schema, stage, moment, idempotency) before Temporal accepts it. */
export const sendEventUpdate = defineUpdate<SendEventResult, [EventInput]>('sendEvent');

/** The case as it stands: stage, regisseur, plan, deadlines with status, journal. */
export const getCaseQuery = defineQuery<CaseView>('getCase');

/**
 * The version of this workflow's own behaviour a run follows, named in its input so that every history replays as
 * it was recorded: a new case gets it from the client, and a run continued as new gets the version of the code
 * that continued it. From 2, notifications run beside the case without a patch marker, and a new case opens at
 * the client's `openedAt` (see `caseWorkflow`). A run without it decides by the `notify-in-background` patch
 * marker, as its history has it. A version in the input instead of a patch marker per change: Temporal publishes
 * every patch as the `TemporalChangeVersion` search attribute, a history event and a visibility write per run.
 * A client upgraded before its workers is fine: a versioned case whose first task an older worker ran replays as
 * that worker recorded it (the replay corpus holds one). A worker cannot be rolled back past this version: an
 * older worker cannot replay what this one recorded, as with any change to the workflow.
 */
export const CASE_WORKFLOW_VERSION = 2;

/** A new case: its start, its first event, and optionally the events that already happened (backdated). */
export interface NewCaseInput {
  readonly start: CaseStart;
  readonly events: readonly EventInput[];
  /**
   * The moment the client checked the start at (an instant by its clock). The case opens there when the
   * workflow's clock agrees within two minutes, so that client and workflow decide the same case and the search
   * attributes the client started it with hold already. Absent in starts recorded before it existed.
   */
  readonly openedAt?: string;
  /** `CASE_WORKFLOW_VERSION` as the client knew it; absent in starts recorded before it existed. */
  readonly workflowVersion?: number;
  readonly options?: CaseWorkflowOptions;
}

/** Tuning of the durable host; the defaults suit production. */
export interface CaseWorkflowOptions {
  /**
   * Continue as new once the history holds this many events, besides whenever Temporal suggests it.
   * Lower values keep replays short for very long cases (and let tests exercise the hand-over).
   */
  readonly continueAsNewAfterHistoryLength?: number;
}

/** A case carried across continue-as-new, with effects not yet performed. */
export interface ContinuedCaseInput {
  readonly continued: PersistedCase;
  readonly effects: readonly CaseEffect[];
  /** The version of the code that continued the case; absent in runs continued before it existed. */
  readonly workflowVersion?: number;
  readonly options?: CaseWorkflowOptions;
}

export type CaseWorkflowInput = NewCaseInput | ContinuedCaseInput;
