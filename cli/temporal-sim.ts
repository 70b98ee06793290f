// `passend simulate --temporal`: the scenario on the Java time-skipping test server, with the real case
// workflow and its durable timers. Loaded only for --temporal (`@temporalio/testing` is needed for nothing else).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// A CommonJS module whose names Node cannot detect from ESM: take its default export, the whole module.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { LogLevel, LogMetadata } from '@temporalio/worker';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { LiveScenarioResult } from '../client/index.js';
import { PassendClient, runScenarioLive } from '../client/index.js';
import type { EventInput, Scenario } from '../core/index.js';
import { startTimeSkippingServer, testServerPath } from '../infra/index.js';
import { createCaseWorker } from '../worker/index.js';
import { registerCaseSearchAttributes } from '../worker/search-attributes.js';

/** Messages the SDK logs on every time-skipping run that tell the user nothing. */
const EXPECTED_WARNINGS = [
  'No activities registered, not polling for activity tasks',
  // The Java time-skipping server does not advertise this capability; the case activities do not heartbeat.
  'Temporal Server 1.16.0 or newer is required to guarantee that the latest heartbeat details',
];

/** A WARN-level logger (on stderr, like the SDK's default) without the expected warnings, so stdout keeps only the report. */
class QuietLogger extends DefaultLogger {
  constructor() {
    super('WARN');
  }

  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (EXPECTED_WARNINGS.some((expected) => message.startsWith(expected))) return;
    super.log(level, message, meta);
  }
}

/** Installs the Temporal Runtime with the quiet logger, unless the process already has a Runtime. */
function installQuietRuntime(): QuietLogger {
  const logger = new QuietLogger();
  if (Runtime._instance === undefined) {
    // Native (SDK Core) messages go through the same logger, so the expected ones are dropped there too.
    // No shutdown signals: Ctrl-C is handled by runOnTimeSkippingServer, which stops the server first.
    Runtime.install({
      logger,
      shutdownSignals: [],
      telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
    });
  }
  return logger;
}

/** A client that reports each event before sending it, numbered in scenario order. */
class ProgressClient extends PassendClient {
  private sent = 0;

  constructor(
    client: ConstructorParameters<typeof PassendClient>[0],
    taskQueue: string,
    private readonly onEvent: (number: number, event: EventInput) => void,
  ) {
    super(client, { taskQueue });
  }

  override startCase(
    ...args: Parameters<PassendClient['startCase']>
  ): ReturnType<PassendClient['startCase']> {
    this.onEvent(++this.sent, args[1]);
    return super.startCase(...args);
  }

  override sendEvent(
    ...args: Parameters<PassendClient['sendEvent']>
  ): ReturnType<PassendClient['sendEvent']> {
    this.onEvent(++this.sent, args[1]);
    return super.sendEvent(...args);
  }
}

/**
 * Runs a scenario on a fresh time-skipping server: starts the server and a case worker on a temporary task
 * queue (notifications go to a temporary outbox), sends the events shifted so that the first one happens at
 * the server's now, and tears everything down again, also when something fails.
 */
export async function runOnTimeSkippingServer(
  scenario: Scenario,
  progress: (line: string) => void,
): Promise<LiveScenarioResult> {
  const serverPath = testServerPath();
  const logger = installQuietRuntime();
  // Ctrl-C (or a kill) at any point: stop the worker, then the server, remove the temporary outbox and exit
  // 130. A second Ctrl-C is not caught, so an impatient user still gets out at once.
  let interruption: NodeJS.Signals | undefined;
  let abort: (reason: Error) => void = () => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    abort = reject;
  });
  aborted.catch(() => undefined);
  const interrupted = (signal: NodeJS.Signals) => {
    interruption = signal;
    progress(`${signal}: stopping the time-skipping server…`);
    abort(new Error(`interrupted (${signal})`));
  };
  const stopIfInterrupted = async () => {
    if (interruption !== undefined) await aborted;
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let env: TestWorkflowEnvironment | undefined;
  let outboxDir: string | undefined;
  try {
    progress('starting the time-skipping server…');
    env = await startTimeSkippingServer({
      path: serverPath,
      onRetry: (attempt, attempts) =>
        progress(
          `the time-skipping server did not start in time (a busy machine); trying again (${attempt}/${attempts})…`,
        ),
    });
    await stopIfInterrupted();
    await registerCaseSearchAttributes(env.connection, env.namespace ?? 'default');
    outboxDir = mkdtempSync(join(tmpdir(), 'passend-simulate-'));
    const taskQueue = `passend-simulate-${randomUUID()}`;
    progress('bundling the case workflow…');
    const worker = await createCaseWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      outboxPath: join(outboxDir, 'outbox.jsonl'),
      logger,
    });
    const origin = Date.parse(scenario.events[0]?.at ?? '');
    const total = scenario.events.length;
    const client = new ProgressClient(env.client, taskQueue, (number, event) => {
      const at = scenario.events[number - 1]?.at;
      const days = at === undefined ? '' : ` (day ${formatDays(Date.parse(at) - origin)})`;
      progress(`event ${number}/${total} ${event.type}${days}`);
    });
    const sleep = (milliseconds: number) => (env as TestWorkflowEnvironment).sleep(milliseconds);
    // A created worker must run before the server can stop: interrupted while bundling, it runs only to stop.
    const result = await worker.runUntil(
      interruption === undefined
        ? Promise.race([runScenarioLive(client, scenario, sleep), aborted])
        : aborted,
    );
    progress('stopping the time-skipping server…');
    return result;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await env?.teardown();
    if (outboxDir !== undefined) rmSync(outboxDir, { recursive: true, force: true });
    // The scenario's client calls may still be retrying against the stopped server: leave at once.
    if (interruption !== undefined) process.exit(130);
  }
}

/** Milliseconds as days, with one decimal when not whole. */
function formatDays(milliseconds: number): string {
  const days = Math.round((milliseconds / 86_400_000) * 10) / 10;
  return String(days);
}
