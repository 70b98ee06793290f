import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startPostgresStack } from '../../infra/index.js';
import type { PostgresStack } from '../../infra/index.js';
import type { CaseServer } from './case-env.js';
import { createCaseTestWorker } from './case-env.js';
import { installQuietRuntime, useTestServer } from './temporal-env.js';

/** A case server (as `useCaseServer` gives) on the PostgreSQL stack, with the stack itself. */
export interface PostgresCaseServer extends CaseServer {
  readonly stack: PostgresStack;
}

/** Starts the PostgreSQL stack in a fresh temporary folder; `remove()` stops it and deletes the folder. */
async function startScratchStack(): Promise<{ stack: PostgresStack; remove(): Promise<void> }> {
  installQuietRuntime();
  const dir = mkdtempSync(join(tmpdir(), 'passend-postgres-'));
  // As root, PostgreSQL runs as the postgres account, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  try {
    const stack = await startPostgresStack({ dir });
    return {
      stack,
      async remove() {
        await stack.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Starts the PostgreSQL stack (`npm run start:postgres`'s PostgreSQL and Temporal server) in a temporary folder
 * before a file's tests, without workers, and stops and removes it afterwards.
 */
export function usePostgresStack(): () => PostgresStack {
  return useTestServer(async () => {
    const { stack, remove } = await startScratchStack();
    return { server: stack, stop: remove };
  });
}

/** {@link usePostgresStack} with a case worker on `taskQueue` in this process and a client for it. */
export function usePostgresCaseServer(taskQueue: string): () => PostgresCaseServer {
  return useTestServer(async () => {
    const { stack, remove } = await startScratchStack();
    try {
      const env = await TestWorkflowEnvironment.createFromExistingServer({
        address: stack.address,
        namespace: stack.namespace,
      });
      const { worker, client, outboxPath } = await createCaseTestWorker(env, taskQueue);
      const running = worker.run();
      return {
        server: { env, client, outboxPath, stack },
        stop: async () => {
          worker.shutdown();
          await running;
          await env.teardown();
          await remove();
        },
      };
    } catch (error) {
      await remove();
      throw error;
    }
  });
}
