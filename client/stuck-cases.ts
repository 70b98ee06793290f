// A case is stuck when its workflow tasks keep failing (a nondeterminism error after a code change or a fault, a
// bug in the workflow): it answers no Query and applies no event until it is repaired. Temporal retries such a task
// forever, and writes only its first failure to the history; DescribeWorkflowExecution shows the attempt count.
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { caseWorkflowId } from '../workflows/definitions.js';
import { CASE_SEARCH_ATTRIBUTES as KEYS } from '../workflows/search-attributes.js';
import type { CaseFilter, CaseSummary } from './case-list.js';
import { listCases } from './case-list.js';
import { CaseNotFoundError } from './errors.js';

/** A case whose workflow task has failed more than once in a row. */
export interface StuckCase {
  readonly caseId: string;
  readonly workflowId: string;
  readonly runId: string;
  readonly organisatie: string | null;
  readonly regio: string | null;
  /** How many times the pending workflow task was tried. */
  readonly attempts: number;
  /** When the failing task was first scheduled. */
  readonly since: string | null;
  /** The last recorded failure of a workflow task (message only; no payload), or why there is none. */
  readonly error: string;
  /** The event id of the failed task's `WorkflowTaskFailed` (or `TimedOut`) event, when recorded. */
  readonly failedEventId: number | null;
}

/** What a scan for stuck cases looked at. */
export interface StuckScan {
  readonly checked: number;
  /** True when more open cases matched than `limit`: the scan looked at the newest `limit` only. */
  readonly truncated: boolean;
  readonly stuck: readonly StuckCase[];
}

type Raw = Record<string, unknown>;

/** The last workflow task failure the history records (read from its end, one page), or undefined. */
async function lastTaskFailure(
  client: Client,
  workflowId: string,
  runId: string,
): Promise<{ error: string; eventId: number } | undefined> {
  const answer = await client.workflowService.getWorkflowExecutionHistoryReverse({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 100,
  });
  for (const event of answer.history?.events ?? []) {
    const failed = event.workflowTaskFailedEventAttributes;
    if (failed !== null && failed !== undefined) {
      return {
        error: failed.failure?.message ?? `workflow task failed (cause ${String(failed.cause)})`,
        eventId: Number(event.eventId),
      };
    }
    if (
      event.workflowTaskTimedOutEventAttributes !== null &&
      event.workflowTaskTimedOutEventAttributes !== undefined
    ) {
      return { error: 'the workflow task timed out', eventId: Number(event.eventId) };
    }
    if (
      event.workflowTaskCompletedEventAttributes !== null &&
      event.workflowTaskCompletedEventAttributes !== undefined
    )
      return undefined;
  }
  return undefined;
}

/**
 * Whether one case is stuck: its pending workflow task was tried more than once. Undefined when it is not;
 * throws `CaseNotFoundError` for an unknown case.
 */
export async function stuckCaseOf(
  client: Client,
  caseId: string,
  summary?: Pick<CaseSummary, 'organisatie' | 'regio'>,
): Promise<StuckCase | undefined> {
  const workflowId = caseWorkflowId(caseId);
  let described;
  try {
    described = await client.workflow.getHandle(workflowId).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
    throw error;
  }
  const pending = described.raw.pendingWorkflowTask;
  const attempts = pending?.attempt ?? 0;
  if (described.status.name !== 'RUNNING' || attempts <= 1) return undefined;
  const failure = await lastTaskFailure(client, workflowId, described.runId);
  const scheduled = (pending?.originalScheduledTime ?? pending?.scheduledTime) as Raw | null | undefined;
  const seconds = Number(scheduled?.['seconds'] ?? Number.NaN);
  const attributes = described.typedSearchAttributes;
  return {
    caseId,
    workflowId,
    runId: described.runId,
    organisatie: summary?.organisatie ?? attributes.get(KEYS.organisatie) ?? null,
    regio: summary?.regio ?? attributes.get(KEYS.regio) ?? null,
    attempts,
    since: Number.isNaN(seconds) ? null : new Date(seconds * 1000).toISOString(),
    error: failure?.error ?? 'the workflow task keeps being retried (no failure recorded yet)',
    failedEventId: failure?.eventId ?? null,
  };
}

/**
 * Finds the stuck cases among the open ones: one visibility query lists them (newest first, at most `limit`), then
 * one DescribeWorkflowExecution per case, `concurrency` at a time; a history is read only for a stuck case. The cost
 * grows with the open cases (10,000 cases: 10,000 small describes, about 625 round trips of 16), so callers that ask
 * often (`/health`, the dashboard) keep the answer for a while.
 */
export async function findStuckCases(
  client: Client,
  options: { filter?: CaseFilter; limit?: number; concurrency?: number } = {},
): Promise<StuckScan> {
  const limit = options.limit ?? 10_000;
  const open = await listCases(client, {
    ...options.filter,
    open: true,
    limit: limit + 1 > 10_000 ? 10_000 : limit + 1,
  });
  const cases = open.slice(0, limit);
  const stuck: StuckCase[] = [];
  let next = 0;
  const lane = async () => {
    while (next < cases.length) {
      const summary = cases[next++] as CaseSummary;
      try {
        const found = await stuckCaseOf(client, summary.caseId, summary);
        if (found !== undefined) stuck.push(found);
      } catch (error) {
        // A case that closed (or went) between the listing and the describe is not stuck.
        if (!(error instanceof CaseNotFoundError)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, cases.length) }, lane));
  stuck.sort((a, b) => a.caseId.localeCompare(b.caseId));
  return { checked: cases.length, truncated: open.length > limit, stuck };
}
