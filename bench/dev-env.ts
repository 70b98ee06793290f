import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { LogLevel, LogMetadata, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { temporalCliPath } from '../infra/index.js';
import { CASE_SEARCH_ATTRIBUTE_KEYS } from '../workflows/search-attributes.js';

/**
 * The bench's own copy of `startDevEnv` (test/support/temporal-env.ts): that module imports `temporal` by name
 * from the CommonJS `@temporalio/proto`, which works under vitest but not under tsx/Node ESM, so the bench
 * cannot import it. Same server, flags and search attributes.
 */

/** Expected at WARN level and only noise here: the bare worker has no activities. */
const EXPECTED_WARNINGS = ['No activities registered, not polling for activity tasks'];

class BenchLogger extends DefaultLogger {
  constructor() {
    super('WARN');
  }

  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (EXPECTED_WARNINGS.some((expected) => message.startsWith(expected))) return;
    super.log(level, message, meta);
  }
}

const logger = new BenchLogger();

/** Installs the Temporal Runtime with a WARN-level logger, once; a Runtime that already exists is kept. */
export function installQuietRuntime(): void {
  if (Runtime._instance !== undefined) return;
  Runtime.install({ logger });
}

/**
 * Starts the Temporal CLI dev server (full server, no time skipping) from the provisioned binary; `namespaces`
 * are created besides the default one.
 */
export function startBenchEnv(namespaces: readonly string[] = []): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ui: false,
      // 'never': the server's start-up probes log errors ("Frontend is not healthy yet") that are only noise here.
      log: { format: 'pretty', level: 'never' },
      extraArgs: [
        '--dynamic-config-value',
        'frontend.enableExecuteMultiOperation=true',
        '--output',
        'none',
        ...namespaces.flatMap((namespace) => ['--namespace', namespace]),
      ],
      searchAttributes: CASE_SEARCH_ATTRIBUTE_KEYS,
    },
  });
}

/** Bundles a workflows module (webpack, a few seconds) with the quiet logger and the given bundle options. */
export function bundle(
  workflowsPath: string,
  options: { preloadModules?: string[] } = {},
): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger, ...options });
}
