// `passend case repair`: a stuck case is reset to its last good workflow task, Temporal's ResetWorkflowExecution.
// The reset keeps the history up to that task's completion, drops what the task decided after it (the commands a
// replay no longer agrees with) and lets the current code decide again; signals and Updates the dropped part held
// are applied again by the server.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type Long from 'long';
import { WorkflowNotFoundError } from '@temporalio/client';
import { caseWorkflowId } from '../workflows/definitions.js';
import { CaseNotFoundError } from './errors.js';
import { stuckCaseOf } from './stuck-cases.js';

/** What a repair did: the run it reset, the event it reset to, and the new run. */
export interface CaseRepair {
  readonly caseId: string;
  readonly workflowId: string;
  readonly resetRunId: string;
  /** The `WorkflowTaskCompleted` event the new run continues from. */
  readonly resetToEventId: number;
  readonly newRunId: string;
  /** The failure that made the case stuck, if it was. */
  readonly error: string | null;
}

/** A case that cannot be repaired as asked (not stuck, no good task to go back to, an event id that is not one). */
export class CaseRepairError extends Error {
  override readonly name = 'CaseRepairError';
}

/**
 * The last `WorkflowTaskCompleted` before `beforeEventId` (the failing task), or before the end. Every event of the
 * run is read: a reset point is chosen rarely and must be right.
 */
async function lastCompletedTask(
  client: Client,
  workflowId: string,
  runId: string,
  beforeEventId: number,
): Promise<number | undefined> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  let found: number | undefined;
  for (const event of history.events ?? []) {
    const id = Number(event.eventId);
    if (id >= beforeEventId) break;
    if (
      event.workflowTaskCompletedEventAttributes !== null &&
      event.workflowTaskCompletedEventAttributes !== undefined
    )
      found = id;
  }
  return found;
}

/**
 * Resets a stuck case to the last `WorkflowTaskCompleted` before its failing task (or to `toEventId`, a
 * `WorkflowTaskCompleted` event the operator chose). A case that is not stuck is refused unless `force`.
 */
export async function repairCase(
  client: Client,
  caseId: string,
  options: { toEventId?: number; force?: boolean; reason?: string } = {},
): Promise<CaseRepair> {
  const workflowId = caseWorkflowId(caseId);
  const stuck = await stuckCaseOf(client, caseId);
  if (stuck === undefined && options.force !== true) {
    throw new CaseRepairError(
      `case ${caseId} is not stuck (its workflow tasks do not keep failing); nothing to repair`,
    );
  }
  let runId = stuck?.runId;
  if (runId === undefined) {
    try {
      runId = (await client.workflow.getHandle(workflowId).describe()).runId;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
      throw error;
    }
  }
  const before = stuck?.failedEventId ?? Number.MAX_SAFE_INTEGER;
  const toEventId = options.toEventId ?? (await lastCompletedTask(client, workflowId, runId, before));
  if (toEventId === undefined) {
    throw new CaseRepairError(
      `case ${caseId} has no completed workflow task before its failing one: there is no good task to reset to`,
    );
  }
  if (options.toEventId !== undefined) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const chosen = history.events?.find((event) => Number(event.eventId) === options.toEventId);
    if (
      chosen?.workflowTaskCompletedEventAttributes === undefined ||
      chosen.workflowTaskCompletedEventAttributes === null
    ) {
      throw new CaseRepairError(
        `event ${options.toEventId} of run ${runId} is not a WorkflowTaskCompleted event; give the id of one`,
      );
    }
  }
  const answer: { runId?: string | null } = await client.workflowService.resetWorkflowExecution({
    namespace: client.options.namespace,
    workflowExecution: { workflowId, runId },
    reason: options.reason ?? `passend case repair: ${stuck?.error ?? 'asked with --force'}`.slice(0, 1000),
    // protobufjs takes a number where the generated type says Long.
    workflowTaskFinishEventId: toEventId as unknown as Long,
    requestId: randomUUID(),
  });
  return {
    caseId,
    workflowId,
    resetRunId: runId,
    resetToEventId: toEventId,
    newRunId: answer.runId ?? '',
    error: stuck?.error ?? null,
  };
}
