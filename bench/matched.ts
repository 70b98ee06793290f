import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import type { MatchedWork } from './bare-workflow.js';

/**
 * What the bench reads from recorded histories: the Temporal work of a case (to give the matched control exactly
 * that work), the bytes a history holds, and how long a worker takes to replay it.
 */

type History = proto.temporal.api.history.v1.IHistory;
const EventType = proto.temporal.api.enums.v1.EventType;

/**
 * The work a recorded case did, step by step (see {@link MatchedWork}): its upserts, its timers and the size of
 * each Update's answer, read from its history.
 */
export function matchedWorkOf(history: History): MatchedWork {
  const upserts: string[][] = [];
  const timers: boolean[] = [];
  const answerBytes: number[] = [];
  let step = 0;
  for (const event of history.events ?? []) {
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const data =
          event.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads?.[0]?.data;
        answerBytes.push(data?.length ?? 0);
        step++;
        break;
      }
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        upserts[step] = [
          ...(upserts[step] ?? []),
          ...Object.keys(
            event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {},
          ),
        ];
        break;
      case EventType.EVENT_TYPE_TIMER_STARTED:
        timers[step] = true;
        break;
      default:
        break;
    }
  }
  const steps = step + 1;
  return {
    upserts: Array.from({ length: steps }, (_, at) => upserts[at] ?? []),
    timers: Array.from({ length: steps }, (_, at) => timers[at] === true),
    answerBytes,
  };
}

/** How many of each command kind a work profile makes, for the report. */
export function workCounts(work: MatchedWork): {
  upserts: number;
  upsertedAttributes: number;
  timers: number;
  answerBytes: number;
} {
  return {
    upserts: work.upserts.filter((names) => names.length > 0).length,
    upsertedAttributes: work.upserts.reduce((sum, names) => sum + names.length, 0),
    timers: work.timers.filter(Boolean).length,
    answerBytes: work.answerBytes.reduce((sum, bytes) => sum + bytes, 0),
  };
}

/** The bytes of a history as Temporal stores and sends it (protobuf-encoded). */
export function historyBytes(history: History): number {
  return proto.temporal.api.history.v1.History.encode(history).finish().length;
}

/**
 * Replays `histories` on one replay worker, and answers the wall time per history in milliseconds. Throws when a
 * history does not replay (the bench measures only code that reproduces what it recorded).
 */
export async function replayMsPerHistory(
  workflowBundle: WorkflowBundleWithSourceMap,
  histories: readonly { workflowId: string; history: History }[],
): Promise<number> {
  const began = performance.now();
  const results = Worker.runReplayHistories({ workflowBundle }, histories);
  for await (const result of results) {
    if (result.error !== undefined)
      throw new Error(`${result.workflowId} does not replay: ${String(result.error)}`);
  }
  return (performance.now() - began) / Math.max(1, histories.length);
}
