// A dev server for a test file and case workers started on it with the route files each one loads, all shut down
// and torn down after the file: for tests of which worker runs which route version.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import type { RouteSource } from '../../core/index.js';
import { createCaseWorker } from '../../worker/index.js';
import { startDevEnv } from './temporal-env.js';

export interface RouteWorkers {
  /** The dev server of this file (set once `beforeAll` ran). */
  readonly env: () => TestWorkflowEnvironment;
  /** A running case worker on `taskQueue` with the shipped routes and `routes`. */
  readonly startWorker: (routes: readonly RouteSource[]) => Promise<{ worker: Worker; run: Promise<void> }>;
}

export function useRouteWorkers(taskQueue: string): RouteWorkers {
  let env: TestWorkflowEnvironment | undefined;
  const running: { worker: Worker; run: Promise<void> }[] = [];
  beforeAll(async () => {
    env = await startDevEnv();
  }, 120_000);
  afterAll(async () => {
    for (const { worker, run } of running) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
    }
    await env?.teardown();
  });
  const current = (): TestWorkflowEnvironment => {
    if (env === undefined) throw new Error('the dev server is not started yet (use it inside a test)');
    return env;
  };
  return {
    env: current,
    startWorker: async (routes) => {
      const outboxPath = join(mkdtempSync(join(tmpdir(), 'passend-outbox-')), 'outbox.jsonl');
      const worker = await createCaseWorker({
        connection: current().nativeConnection,
        taskQueue,
        outboxPath,
        routes,
      });
      const started = { worker, run: worker.run() };
      running.push(started);
      return started;
    },
  };
}
