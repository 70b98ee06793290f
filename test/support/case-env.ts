import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { PassendClient } from '../../client/index.js';
import type { EventInput } from '../../core/index.js';
import { workflowsPath } from '../../worker/index.js';
import { createTestWorker } from './temporal-env.js';

/** A worker hosting the real case workflow on a test server, on its own task queue, with a temp outbox. */
export async function createCaseTestWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
): Promise<{ worker: Worker; client: PassendClient; outboxPath: string }> {
  const outboxPath = join(mkdtempSync(join(tmpdir(), 'passend-outbox-')), 'outbox.jsonl');
  const worker = await createTestWorker(env, {
    workflowsPath: workflowsPath(),
    activities: createActivities({ outboxPath }),
    taskQueue,
  });
  return { worker, client: new PassendClient(env.client, { taskQueue }), outboxPath };
}

let counter = 0;

/** An event with a fresh idempotency key. */
export function event(
  type: string,
  payload: Record<string, unknown>,
  extra: Partial<EventInput> = {},
): EventInput {
  counter++;
  return {
    type,
    payload,
    actor: { role: 'swv', id: 'swv-test-1' },
    idempotencyKey: `test-${process.pid}-${counter}`,
    ...extra,
  };
}
