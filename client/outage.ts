// An outage is told apart from a refusal: a gRPC UNAVAILABLE or DEADLINE_EXCEEDED, an Update whose call timed out,
// a Query no worker answered or a workflow task that keeps failing is not the caller's fault and is worth a retry.
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { TemporalUnavailableError } from './errors.js';
import type { UnavailableReason } from './errors.js';

/** How long a read (a Query, a describe) may take before it counts as an outage. */
export const READ_TIMEOUT_MS = 5_000;
/** How long an Update may take to be answered before it counts as an outage. */
export const UPDATE_TIMEOUT_MS = 6_000;

const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 6;) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

const textOf = (error: unknown) =>
  causes(error)
    .map(
      (each) => `${(each as Error).message ?? ''} ${String((each as { details?: unknown }).details ?? '')}`,
    )
    .join(' ');

/** The kind of outage `error` is, or undefined when it is something else (a refusal, a bug). */
export function outageReason(error: unknown): UnavailableReason | undefined {
  if (error instanceof TemporalUnavailableError) return error.reason;
  const text = textOf(error);
  if (/Nondeterminism|TMPRL1100|workflow task.*fail/i.test(text)) return 'case-stuck';
  if (/no poller/i.test(text)) return 'no-worker';
  for (const each of causes(error)) {
    if (isGrpcServiceError(each) && each.code === UNAVAILABLE) return 'temporal-unreachable';
    if (isGrpcServiceError(each) && each.code === DEADLINE_EXCEEDED) return 'timeout';
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || error instanceof DeadlinePassed)
    return 'timeout';
  if (error instanceof ServiceError && /Failed to query Workflow/.test(error.message)) return 'timeout';
  return undefined;
}

/** A poller counts as present when it polled this recently: a live worker's long poll renews it within ~70 s. */
export const POLLER_FRESH_MS = 75_000;

/** How many workers polled the workflow task queue within {@link POLLER_FRESH_MS}. */
export async function freshPollers(client: Client, taskQueue: string, now = Date.now()): Promise<number> {
  const answer = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue, kind: 1 },
    taskQueueType: 1,
  });
  return (answer.pollers ?? []).filter((poller) => {
    const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
    return now - seconds * 1000 <= POLLER_FRESH_MS;
  }).length;
}

const MESSAGES: Record<UnavailableReason, string> = {
  'temporal-unreachable': 'the Temporal server does not answer',
  'no-worker': 'no worker polls the task queue',
  'case-stuck': 'the case’s workflow tasks keep failing (passend doctor; passend case repair)',
  timeout: 'Temporal did not answer in time',
};

/**
 * Runs `work` with a deadline; an outage becomes a `TemporalUnavailableError` whose reason a quick diagnosis
 * (at most two seconds: is the server up, does a worker poll, is the case's task failing) makes precise.
 */
export async function withinDeadline<T>(
  client: Client,
  taskQueue: string,
  timeoutMs: number,
  work: () => Promise<T>,
  workflowId?: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const running = client.withDeadline(Date.now() + timeoutMs, work);
    // The gRPC deadline does not bound every call (an Update's request can outlive it), so a timer does too; the
    // call left running is harmless (an event is applied once per idempotency key) and its end is ignored.
    const late = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new DeadlinePassed(timeoutMs)), timeoutMs);
    });
    running.catch(() => undefined);
    return await Promise.race([running, late]);
  } catch (error) {
    const reason = outageReason(error);
    if (reason === undefined) throw error;
    const precise = reason === 'timeout' ? await diagnose(client, taskQueue, workflowId) : reason;
    throw new TemporalUnavailableError(precise, `${MESSAGES[precise]}; try again later`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** A call to Temporal that took longer than it may. */
class DeadlinePassed extends Error {
  override readonly name = 'DeadlinePassed';
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

async function diagnose(client: Client, taskQueue: string, workflowId?: string): Promise<UnavailableReason> {
  const quick = <T>(work: () => Promise<T>) => client.withDeadline(Date.now() + 2_000, work);
  // Both questions at once, so the diagnosis adds at most two seconds to the answer.
  const [described, pollers] = await Promise.allSettled([
    workflowId === undefined
      ? Promise.resolve(undefined)
      : quick(() => client.workflow.getHandle(workflowId).describe()),
    quick(() => freshPollers(client, taskQueue)),
  ]);
  if (described.status === 'fulfilled' && (described.value?.raw.pendingWorkflowTask?.attempt ?? 0) > 1)
    return 'case-stuck';
  if (pollers.status === 'fulfilled') return pollers.value === 0 ? 'no-worker' : 'timeout';
  return outageReason(pollers.reason) === undefined ? 'timeout' : 'temporal-unreachable';
}
