import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  CaseEffect,
  CasePin,
  CaseStart,
  CaseUpdateSummary,
  CaseView,
  EventInput,
  JournalEntry,
  PersistedCase,
} from '../core/index.js';
import type { MigrationPreview, MigrationRequest } from '../core/route-migration.js';

/** The one task queue every case workflow and its activities run on. */
export const TASK_QUEUE = 'passend-routes';

/** The ApplicationFailure type the workflow uses for a refused event; its first detail is the Rejection. */
export const EVENT_REJECTED = 'EventRejected';

/** The Temporal workflow id of a case: stable, so a case id maps to exactly one workflow. */
export function caseWorkflowId(caseId: string): string {
  return `casus-${caseId}`;
}

/**
 * What `sendEvent` answers: which case and where it stands after the event (`getCase` has the rest), the journal
 * entries the event added, and whether the event was a retry already applied (then nothing was added). Cases of
 * workflow version 2 and before answered with more in `view` (see `viewUpdatedCase`); the client reads the same
 * fields from those.
 */
export interface SendEventResult {
  readonly view: CaseUpdateSummary;
  /** The journal entries this event added: its own entry, in order, with their seq and hashes. */
  readonly recorded: readonly JournalEntry[];
  readonly duplicate: boolean;
}

/** An event for a case, validated (schema, stage, moment, idempotency) before Temporal accepts it. */
export const sendEventUpdate = defineUpdate<SendEventResult, [EventInput]>('sendEvent');

/**
 * What the case workflow returns when the case closes: from workflow version 4 which case, its final stage and the
 * journal's length and head (`CaseUpdateSummary`, as `sendEvent` answers); before, the whole view, as those
 * histories recorded it. `completedViewOf` and `caseViewFromHistory` (audit/) read the view of a closed case.
 */
export type CaseWorkflowResult = CaseUpdateSummary | CaseView;

/** The case as it stands: stage, regisseur, plan, deadlines with status, journal. */
export const getCaseQuery = defineQuery<CaseView>('getCase');

/** The ApplicationFailure type of a refused migration; its first detail is the `MigrationRefusal`. */
export const MIGRATION_REFUSED = 'MigrationRefused';

/** What `migrateRoute` answers: where the case stands on its new version, and the journal entries it added. */
export interface MigrateRouteResult {
  readonly view: CaseUpdateSummary;
  readonly recorded: readonly JournalEntry[];
}

/**
 * Moves the running case to another version of its route (`passend route migrate`). The validator refuses a
 * migration the core cannot apply, so a refused one never reaches the history; an accepted one is in the history,
 * and a replay moves the case at the same point. Old histories never call it.
 */
export const migrateRouteUpdate = defineUpdate<MigrateRouteResult, [MigrationRequest]>('migrateRoute');

/** What a migration would do to the case now, or why it cannot (`--dry-run`); a query writes nothing. */
export const previewMigrationQuery = defineQuery<MigrationPreview, [MigrationRequest]>('previewMigration');

/**
 * The version of this workflow's own behaviour a run follows, named in its input so that every history replays as
 * it was recorded: a new case gets it from the client, and a run continued as new gets the version of the code
 * that continued it. From 2, notifications run beside the case without a patch marker, and a new case opens at
 * the client's `openedAt` (see `caseWorkflow`). From 3, a case writes less: it publishes its search attributes
 * only when something the lists filter or sort on changes (`listedVisibility`: the next due moment only while a
 * case is at risk), and an Update answers with `summariseUpdatedCase` instead of the whole view.
 * A run without it decides by the `notify-in-background` patch marker, as its history has it. A version in the
 * input instead of a patch marker per change: Temporal publishes every patch as the `TemporalChangeVersion` search
 * attribute, a history event and a visibility write per run. A client upgraded before its workers is fine from
 * version 1 workers (a versioned case whose first task an older worker ran replays as that worker recorded it; the
 * replay corpus holds one), but not from version 2 workers: a version 3 case whose tasks a version 2 worker ran
 * holds upserts a version 3 worker does not make. Upgrade the workers before the clients. A worker cannot be rolled
 * back past this version: an older worker cannot replay what this one recorded, as with any change to the workflow.
 * From 4, a case writes less again: an upsert carries only the attributes that changed (Temporal merges it into
 * what the server holds), and the workflow's result when the case closes is `summariseUpdatedCase` instead of the
 * whole view (`CaseWorkflowResult`). Both sit in the history for as long as the case is kept; the view of a closed
 * case is a `getCase` query (answered on replay) or `caseViewFromHistory` away. A version 3 worker runs a version 4
 * case as version 3 (same commands, larger payloads); upgrade the workers before the clients as for version 3.
 */
export const CASE_WORKFLOW_VERSION = 4;

/** What a run does, by the workflow version its input names: the one place that decides it. */
export interface CaseWorkflowBehaviour {
  /** From 2: the run decides by its input what earlier runs decided by a patch marker and their worker's clock. */
  readonly decidesByInput: boolean;
  /** From 3: it publishes only what the lists read, and an Update answers with a summary of the case. */
  readonly writesLess: boolean;
  /** From 4: an upsert carries only the attributes that changed, and the case closes with a summary of itself. */
  readonly writesChangesOnly: boolean;
}

/** The behaviour of a run whose input names `workflowVersion` (absent: a run recorded before versions existed). */
export function caseWorkflowBehaviour(workflowVersion: number | undefined): CaseWorkflowBehaviour {
  const version = workflowVersion ?? 1;
  return { decidesByInput: version >= 2, writesLess: version >= 3, writesChangesOnly: version >= 4 };
}

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
  /**
   * The core's rules and preset versions the case opens under, as the client checked it (`currentPin`). Absent in
   * starts recorded before cases were pinned: those open under `UNPINNED`, as they were recorded.
   */
  readonly pin?: CasePin;
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
  /** One child, one plan: the other open cases of the child the run before knew; only for a case with a child. */
  readonly kindCasussen?: readonly string[];
  readonly options?: CaseWorkflowOptions;
}

export type CaseWorkflowInput = NewCaseInput | ContinuedCaseInput;
