import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import type { Logger, NativeConnection, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import type { WebhookConfig } from '../activities/index.js';
import { createActivities, readWebhookConfig } from '../activities/index.js';
import { TASK_QUEUE } from '../workflows/definitions.js';
import { caseWorkerDataConverter } from './sealed-payloads.js';
import type { RouteSource } from '../core/index.js';
import { extraHostRoutes, installHostRoutes } from '../machines/host-routes.js';
import { workflowsWithRoutes } from './route-files.js';

function workflowModule(module: string): string {
  for (const name of [`../workflows/${module}.ts`, `../workflows/${module}.js`]) {
    const path = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`workflows/${module}.ts (or .js) not found next to worker/: the package is incomplete`);
}

/** The workflow module the worker bundles: the TypeScript source, or the built JavaScript beside it. */
export function workflowsPath(): string {
  return workflowModule('index');
}

/**
 * How the case workflow is bundled: the pure core, the route machines, XState and zod are preloaded once per
 * worker V8 context (workflows/preload.ts) instead of evaluated again for every workflow.
 */
export function caseBundleOptions(): { preloadModules: string[] } {
  return { preloadModules: [workflowModule('preload')] };
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles a workflows module with the case workflow's preloads, once per module and process (webpack takes a
 * few seconds). By default: the case workflow alone, logging warnings and errors only (webpack's report of every
 * asset is about 15 lines); pass `new DefaultLogger('INFO')` to see it.
 */
export function caseWorkflowBundle(
  logger: Logger = new DefaultLogger('WARN'),
  path: string = workflowsPath(),
): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(path);
  if (bundle === undefined) {
    bundle = bundleWorkflowCode({ workflowsPath: path, ...caseBundleOptions(), logger });
    bundles.set(path, bundle);
  }
  return bundle;
}

/** What a case worker needs: a connection to Temporal and where notifications go. */
export interface CaseWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace?: string;
  readonly taskQueue?: string;
  /** How the server names this worker among a task queue's pollers; default `<pid>@<host>` (the SDK's). */
  readonly identity?: string;
  /** The JSON-lines notification outbox. */
  readonly outboxPath: string;
  /** Where bundling the workflows logs; default: warnings and errors only, on the console. */
  readonly logger?: Logger;
  /**
   * An application's own workflows module, which re-exports `passend-routes/workflows` beside its own workflows,
   * for one worker that runs both; default: the case workflow alone.
   */
  readonly workflowsPath?: string;
  /** An application's own activities, registered beside the case activities (which win on a name clash). */
  readonly activities?: object;
  /** Organisations' webhook subscriptions for notifications (`webhooksFromEnvironment()`); none by default. */
  readonly webhooks?: WebhookConfig;
  /**
   * Payload encryption and the like (`dataConverterFromEnvironment()` from codec/); default: none. Its AES-GCM
   * codec decodes a case's refused payloads into markers the workflow rejects (see sealed-payloads.ts).
   */
  readonly dataConverter?: DataConverter;
  /**
   * Route files beside the shipped routes (`readRouteFiles(dir)` for `--routes DIR`), bundled into the workflow
   * code as data; default: those this process installed. A definition that cannot run is refused, with every
   * problem, before the worker is created.
   */
  readonly routes?: readonly RouteSource[];
}

/**
 * Creates (does not run) a worker hosting the case workflow and its activities.
 * @example
 * const connection = await NativeConnection.connect({ address: 'localhost:7233' });
 * const worker = await createCaseWorker({ connection, outboxPath: 'data/outbox.jsonl' });
 * await worker.run();
 */
export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  // By default the routes this process installed (`--routes DIR`), so an in-process worker runs what its host runs.
  const routes = options.routes ?? extraHostRoutes();
  if (routes.length > 0) installHostRoutes(routes);
  const workflows =
    routes.length === 0
      ? options.workflowsPath
      : workflowsWithRoutes(options.workflowsPath ?? workflowsPath(), routes);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...(options.identity === undefined ? {} : { identity: options.identity }),
    workflowBundle: await caseWorkflowBundle(options.logger, workflows),
    activities: {
      ...options.activities,
      ...createActivities({
        outboxPath: options.outboxPath,
        ...(options.webhooks === undefined ? {} : { webhooks: options.webhooks }),
      }),
    },
    ...(options.dataConverter === undefined
      ? {}
      : { dataConverter: caseWorkerDataConverter(options.dataConverter) }),
  });
}

/**
 * The webhook subscriptions named by `$PASSEND_WEBHOOKS` (a JSON file, see README: notifications), or none when it
 * is unset; throws `WebhookConfigError` naming each field at fault.
 */
export function webhooksFromEnvironment(env: NodeJS.ProcessEnv = process.env): WebhookConfig | undefined {
  const path = env['PASSEND_WEBHOOKS'];
  return path === undefined || path === '' ? undefined : readWebhookConfig(path);
}

export { registerCaseSearchAttributes } from './search-attributes.js';
export { readRouteFiles } from './route-files.js';
export { CaseWorkerCodec, caseWorkerDataConverter } from './sealed-payloads.js';
