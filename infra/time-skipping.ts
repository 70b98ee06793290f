import { TestWorkflowEnvironment } from '@temporalio/testing';
import { testServerPath } from './binaries.js';

/** Options for {@link startTimeSkippingServer}. */
export interface TimeSkippingStartOptions {
  /** The test-server executable (default: the provisioned wrapper, see {@link testServerPath}). */
  readonly path?: string;
  /** How many starts to try before giving up (default 3). */
  readonly attempts?: number;
  /** Called before each retry, e.g. to print progress. */
  readonly onRetry?: (attempt: number, attempts: number, reason: string) => void;
}

/**
 * The SDK waits about 5 s for the test server to listen and then gives up; the JVM starts in under a second on an
 * idle two-core machine, but on a busy one (a parallel test run, a bench) it can miss that window. Only that failure is
 * retried: any other error (a missing executable, a bad flag) is thrown at once.
 */
const START_TIMEOUT = /did not start within/;

/** Starts the Java time-skipping test server, retrying a start that timed out under load. */
export async function startTimeSkippingServer(
  options: TimeSkippingStartOptions = {},
): Promise<TestWorkflowEnvironment> {
  const path = options.path ?? testServerPath();
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path } },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (attempt >= attempts || !START_TIMEOUT.test(reason)) {
        throw attempt > 1
          ? new Error(`the time-skipping server did not start in ${attempt} attempts: ${reason}`)
          : error;
      }
      options.onRetry?.(attempt + 1, attempts, reason);
    }
  }
}
