import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestWorkflowEnvironment, type DevServerConfig } from '@temporalio/testing';
import {
  DefaultLogger,
  Runtime,
  type LogLevel,
  type LogMetadata,
  Worker,
  bundleWorkflowCode,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import { startPostgresStack, startTimeSkippingServer, temporalCliPath } from '../../infra/index.js';
import type { PostgresStack } from '../../infra/index.js';
import { CASE_SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes.js';
import { caseBundleOptions, workflowsPath as caseWorkflowsPath } from '../../worker/index.js';
import { registerCaseSearchAttributes } from '../../worker/search-attributes.js';

/** Options for {@link startDevEnv}. */
export interface DevEnvOptions {
  /** Search attributes to register on the dev server at start-up (default: the case workflow's). */
  searchAttributes?: NonNullable<DevServerConfig['searchAttributes']>;
}

/** Options for {@link createTestWorker}. */
export interface TestWorkerOptions {
  /** Absolute path of the workflows module (a .ts file; `.js` import specifiers resolve to `.ts`). */
  workflowsPath: string;
  /** Activity implementations to register, if any. */
  activities?: NonNullable<WorkerOptions['activities']>;
  /** Task queue the worker polls. */
  taskQueue: string;
}

const QUIET_RUNTIME = Symbol.for('passend-routes.test.quietRuntime');

/** Messages that are expected in tests and only add noise. */
const EXPECTED_WARNINGS = [
  'No activities registered, not polling for activity tasks',
  // The Java time-skipping server does not advertise this capability; our activities do not heartbeat.
  'Temporal Server 1.16.0 or newer is required to guarantee that the latest heartbeat details',
];

/** A WARN-level logger that drops {@link EXPECTED_WARNINGS}. */
class TestLogger extends DefaultLogger {
  constructor() {
    super('WARN');
  }

  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (EXPECTED_WARNINGS.some((expected) => message.startsWith(expected))) return;
    // test/workflows/notifications.test.ts blocks the outbox on purpose (a folder at its path) to show that
    // notifications retry beside the case; those retries are expected, any other activity failure is not.
    if (message === 'Activity failed' && String(meta?.['error']).includes('EISDIR')) return;
    // test/activities/webhooks.test.ts keeps receivers down or failing on purpose: those retries are expected too.
    if (message === 'Activity failed' && String(meta?.['error']).includes('(attempt ')) return;
    if (message === 'a notification could not be delivered to a webhook') return;
    // test/workflows/sealed-payloads.test.ts starts a case without the key on purpose: the workflow refuses it.
    if (message === 'Workflow failed' && String(meta?.['error']).includes("the case's input is refused"))
      return;
    super.log(level, message, meta);
  }
}

/** Installs the Temporal Runtime with a WARN-level logger, once per process (later calls do nothing). */
export function installQuietRuntime(): void {
  const flags = globalThis as { [QUIET_RUNTIME]?: true };
  if (flags[QUIET_RUNTIME]) return;
  flags[QUIET_RUNTIME] = true;
  // Another module may already have instantiated the Runtime; install would throw then, so leave it be.
  if (Runtime._instance !== undefined) return;
  // The core's own log lines are forwarded to the logger, which drops the expected ones (by default the core
  // writes them to the console itself, past any filter).
  Runtime.install({
    logger: new TestLogger(),
    telemetryOptions: { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } },
  });
}

/** The Runtime's logger for tests in which nondeterministic workflow tasks are the point: their reports are dropped. */
class ExpectNondeterminismLogger extends TestLogger {
  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (message.startsWith('Failing workflow task') && JSON.stringify(meta ?? {}).includes('Nondeterminism'))
      return;
    super.log(level, message, meta);
  }
}

/**
 * Installs the Temporal Runtime with a logger that drops the core's report of each nondeterministic workflow task,
 * for test files that cause them on purpose (it must come first in the process; later calls do nothing).
 */
export function installRuntimeExpectingNondeterminism(): void {
  if (Runtime._instance === undefined) {
    Runtime.install({
      logger: new ExpectNondeterminismLogger(),
      telemetryOptions: { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } },
    });
  }
  installQuietRuntime();
}

/** The environment variable that picks the server {@link startDevEnv} starts, and its allowed values. */
export const TEST_SERVER_VARIABLE = 'PASSEND_TEST_SERVER';
const TEST_SERVERS = ['dev', 'postgres'] as const;

/**
 * The server {@link startDevEnv} starts: `dev` (the Temporal CLI dev server, on SQLite; the default) or `postgres`
 * (the Temporal server on PostgreSQL, as `npm run start:postgres` runs it), from `PASSEND_TEST_SERVER`.
 */
export function testServerKind(value = process.env[TEST_SERVER_VARIABLE]): 'dev' | 'postgres' {
  if (value === undefined || value === '') return 'dev';
  const kind = TEST_SERVERS.find((allowed) => allowed === value);
  if (kind === undefined)
    throw new Error(
      `${TEST_SERVER_VARIABLE} is ${JSON.stringify(value)}: allowed are ${TEST_SERVERS.map((allowed) => `"${allowed}"`).join(' and ')} (or unset, for "dev")`,
    );
  return kind;
}

/**
 * Starts a full Temporal server (no time skipping): by default the Temporal CLI dev server from the provisioned
 * binary; with `PASSEND_TEST_SERVER=postgres` (`npm run test:postgres`) a scratch PostgreSQL stack instead, whose
 * environment's `teardown()` also stops the stack and deletes its folder.
 */
export async function startDevEnv(options: DevEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  const kind = testServerKind();
  installQuietRuntime();
  if (kind === 'postgres') return (await startPostgresTestEnv(options)).env;
  const searchAttributes = options.searchAttributes ?? CASE_SEARCH_ATTRIBUTE_KEYS;
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ui: false,
      log: { format: 'pretty', level: 'error' },
      // `--output none` drops the CLI's start-up banner; the SDK already passes the log flags from `log`.
      extraArgs: ['--dynamic-config-value', 'frontend.enableExecuteMultiOperation=true', '--output', 'none'],
      searchAttributes,
    },
  });
}

/**
 * A test environment on a scratch PostgreSQL stack (which registers the case search attributes and no others), with
 * the stack: the environment's `teardown()` also stops the stack and deletes its folder.
 */
export async function startPostgresTestEnv(
  options: DevEnvOptions = {},
): Promise<{ env: TestWorkflowEnvironment; stack: PostgresStack }> {
  if (options.searchAttributes !== undefined && options.searchAttributes !== CASE_SEARCH_ATTRIBUTE_KEYS)
    throw new Error(
      `searchAttributes: the PostgreSQL stack (${TEST_SERVER_VARIABLE}=postgres) registers the case search attributes only; run this file on the dev server`,
    );
  const { stack, remove } = await startScratchStack();
  try {
    const env = await TestWorkflowEnvironment.createFromExistingServer({
      address: stack.address,
      namespace: stack.namespace,
    });
    const closeConnections = env.teardown.bind(env);
    env.teardown = async () => {
      try {
        await closeConnections();
      } finally {
        await remove();
      }
    };
    return { env, stack };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** Starts the PostgreSQL stack in a fresh temporary folder; `remove()` stops it and deletes the folder. */
export async function startScratchStack(): Promise<{ stack: PostgresStack; remove(): Promise<void> }> {
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

/** Starts the Java time-skipping test server from the provisioned wrapper. */
export async function startTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const env = await startTimeSkippingServer();
  await registerCaseSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** Bundles the workflows at `workflowsPath` once per process and returns the cached bundle afterwards. */
export function bundleOnce(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  const key = resolve(workflowsPath);
  let bundle = bundles.get(key);
  if (bundle === undefined) {
    installQuietRuntime();
    // The case workflow is bundled as the case worker bundles it (core, machines, XState and zod preloaded), so
    // tests run that bundle; other workflows (the infra smoke test's) hold no core to preload.
    const preload = key === resolve(caseWorkflowsPath()) ? caseBundleOptions() : {};
    bundle = bundleWorkflowCode({ workflowsPath: key, logger: new TestLogger(), ...preload });
    bundles.set(key, bundle);
    // A failed bundle is not cached, so that a later call retries.
    bundle.catch(() => bundles.delete(key));
  }
  return bundle;
}

/** Creates a Worker connected to `env`, running the (cached) bundle of `workflowsPath` and the given activities. */
export async function createTestWorker(
  env: TestWorkflowEnvironment,
  { workflowsPath, activities, taskQueue }: TestWorkerOptions,
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await bundleOnce(workflowsPath),
    ...(activities === undefined ? {} : { activities }),
  });
}

/** What {@link useTestServer}'s start function returns: the server the tests use, and how to stop it. */
export interface StartedTestServer<T> {
  readonly server: T;
  stop(): Promise<void>;
}

/**
 * Starts a server before a test file's tests (`beforeAll`) and stops it after them (`afterAll`). Read the returned
 * getter inside tests; it throws if used before the server is up.
 */
export function useTestServer<T>(start: () => Promise<StartedTestServer<T>>): () => T {
  let started: StartedTestServer<T> | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return () => {
    if (started === undefined) throw new Error('the test server is not started yet: use it inside a test');
    return started.server;
  };
}

/** Awaits `work` (a worker starting on `env`, say); if it fails, tears `env` down before rethrowing, so no server outlives the test process. */
export async function orTearDown<T>(env: TestWorkflowEnvironment, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    await env.teardown();
    throw error;
  }
}
