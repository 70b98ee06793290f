import type { PostgresStack } from '../../infra/index.js';
import type { CaseServer } from './case-env.js';
import { createCaseTestWorker } from './case-env.js';
import { orTearDown, startPostgresTestEnv, startScratchStack, useTestServer } from './temporal-env.js';

/** A case server (as `useCaseServer` gives) on the PostgreSQL stack, with the stack itself. */
export interface PostgresCaseServer extends CaseServer {
  readonly stack: PostgresStack;
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
    const { env, stack } = await startPostgresTestEnv();
    const { worker, client, outboxPath } = await orTearDown(env, createCaseTestWorker(env, taskQueue));
    const running = worker.run();
    return {
      server: { env, client, outboxPath, stack },
      stop: async () => {
        worker.shutdown();
        await running;
        await env.teardown();
      },
    };
  });
}
