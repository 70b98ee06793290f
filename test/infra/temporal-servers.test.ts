import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { addUpdate, counter, sleepThenReturn, valueQuery } from '../support/smoke-workflows.js';
import { createTestWorker, orTearDown, startDevEnv, startTimeSkippingEnv } from '../support/temporal-env.js';

const workflowsPath = fileURLToPath(new URL('../support/smoke-workflows.ts', import.meta.url));
const HOOK_TIMEOUT = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

interface Running {
  env: TestWorkflowEnvironment;
  worker: Worker;
  run: Promise<void>;
}

async function start(env: TestWorkflowEnvironment, taskQueue: string): Promise<Running> {
  const worker = await orTearDown(env, createTestWorker(env, { workflowsPath, taskQueue }));
  return { env, worker, run: worker.run() };
}

async function stop(running: Running | undefined): Promise<void> {
  if (running === undefined) return;
  try {
    running.worker.shutdown();
    await running.run;
  } finally {
    await running.env.teardown();
  }
}

describe('dev server', () => {
  const taskQueue = 'infra-dev';
  let running: Running | undefined;

  beforeAll(async () => {
    running = await start(await startDevEnv(), taskQueue);
  }, HOOK_TIMEOUT);

  afterAll(() => stop(running), HOOK_TIMEOUT);

  it('runs an update-driven workflow, rejecting invalid updates without touching history', async () => {
    const { client } = running!.env;
    const handle = await client.workflow.start(counter, { taskQueue, workflowId: `counter-${Date.now()}` });

    expect(await handle.executeUpdate(addUpdate, { args: [3] })).toBe(3);
    expect(await handle.query(valueQuery)).toBe(3);

    const before = (await handle.fetchHistory()).events?.length;
    await expect(handle.executeUpdate(addUpdate, { args: [-1] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    const after = (await handle.fetchHistory()).events?.length;
    expect(before).toBeGreaterThan(0);
    expect(after).toBe(before);
    expect(await handle.query(valueQuery)).toBe(3);

    expect(await handle.executeUpdate(addUpdate, { args: [7] })).toBe(10);
    expect(await handle.result()).toBe(10);
    expect(await handle.query(valueQuery)).toBe(10);
  });
});

describe('time-skipping server', () => {
  const taskQueue = 'infra-time-skipping';
  let running: Running | undefined;

  beforeAll(async () => {
    running = await start(await startTimeSkippingEnv(), taskQueue);
  }, HOOK_TIMEOUT);

  afterAll(() => stop(running), HOOK_TIMEOUT);

  it('skips 21 days of workflow time in a few seconds of wall time', async () => {
    const { client } = running!.env;
    const wallStart = performance.now();
    const elapsed = await client.workflow.execute(sleepThenReturn, {
      args: [21 * DAY_MS],
      taskQueue,
      workflowId: `sleep-${Date.now()}`,
    });
    expect(performance.now() - wallStart).toBeLessThan(15_000);
    expect(elapsed).toBeGreaterThanOrEqual(21 * DAY_MS);
  });
});
