// Following a live case: its export again each time the case's workflow recorded something new, found by
// long-polling the workflow history (the server holds the request until a new event is written), so a follower
// asks nothing while the case is quiet. The journal only changes in a workflow task (an accepted event, a timer's
// deadline entries), so a new completed workflow task, or the run's end, is what makes the export read again.
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { AuditExport } from './export.js';
import { exportCase } from './export.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Why following ended: the case closed, or the caller aborted. */
export type FollowEnd = 'closed' | 'aborted';

/** What {@link followCase} needs besides the client. */
export interface FollowOptions {
  /** The export the follower already has; following reports what comes after it. */
  readonly from: AuditExport;
  /** Called with each newer export, in order; following waits for it before it polls again. */
  readonly onExport: (exported: AuditExport) => Promise<void> | void;
  /** Ends following (a Ctrl-C, a receiver that went away): the pending long poll is cancelled. */
  readonly signal: AbortSignal;
}

/** Whether an event changes what an export holds: a completed workflow task, or the run's end. */
function changesTheCase(event: HistoryEvent): boolean {
  const present = (attributes: unknown): boolean => attributes !== null && attributes !== undefined;
  return [
    event.workflowTaskCompletedEventAttributes,
    event.workflowExecutionCompletedEventAttributes,
    event.workflowExecutionContinuedAsNewEventAttributes,
    event.workflowExecutionFailedEventAttributes,
    event.workflowExecutionTerminatedEventAttributes,
    event.workflowExecutionCanceledEventAttributes,
    event.workflowExecutionTimedOutEventAttributes,
  ].some(present);
}

/** Whether a case can still change: its workflow runs and the case is not closed. */
export function isOpen(exported: AuditExport): boolean {
  return exported.case.status === 'RUNNING' && !exported.case.closed;
}

/** The latest run of an export and how many of its history events the export already holds. */
function latestRun(exported: AuditExport): { runId: string; seen: number } {
  return {
    runId: exported.case.runIds.at(-1) ?? '',
    seen: exported.histories.at(-1)?.history.events.length ?? 0,
  };
}

/**
 * Long-polls the history of the export's latest run and, whenever the case's workflow records a change after it,
 * exports the case again and hands the export to `onExport`; moves on to the next run after a continue-as-new.
 * Resolves `'closed'` once an export says the case is closed (or its workflow no longer runs), `'aborted'` when `signal` fires.
 */
export async function followCase(client: Client, options: FollowOptions): Promise<FollowEnd> {
  const { signal } = options;
  const workflowId = options.from.case.workflowId;
  let current = options.from;
  let run = latestRun(current);
  let nextPageToken: Uint8Array | undefined;
  while (isOpen(current)) {
    if (signal.aborted) return 'aborted';
    let response: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse;
    try {
      response = await client.connection.withAbortSignal(signal, () =>
        client.workflowService.getWorkflowExecutionHistory({
          namespace: client.options.namespace,
          execution: { workflowId, runId: run.runId },
          nextPageToken: nextPageToken ?? null,
          waitNewEvent: true,
        }),
      );
    } catch (error) {
      if (signal.aborted) return 'aborted';
      throw error;
    }
    const events = response.history?.events ?? [];
    const moved = events.some((event) => Number(event.eventId ?? 0) > run.seen && changesTheCase(event));
    const token = response.nextPageToken;
    // No token: the run ended (completed, or continued as new), and its history has nothing more to give.
    const runEnded = token === null || token === undefined || token.length === 0;
    if (moved || runEnded) {
      current = await exportCase(client, current.case.caseId);
      const next = latestRun(current);
      if (next.runId !== run.runId) nextPageToken = undefined;
      else if (runEnded && isOpen(current))
        throw new Error(`the history of run ${run.runId} of ${workflowId} ended, yet the run is still open`);
      else nextPageToken = token ?? undefined;
      run = next;
      await options.onExport(current);
      continue;
    }
    nextPageToken = token ?? undefined;
  }
  return 'closed';
}
