// What `npm start` and `npm run start:postgres` share: around a Temporal server that each starts its own way, the
// case workers, demo data (the seed cases with their real, backdated dates, and cases dated relative to today), the
// HTTP API and dashboard, and the archive; Ctrl-C stops everything in order (the HTTP API, the workers, then the
// server). A second run reuses the data.
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { Worker } from '@temporalio/worker';
import { PassendClient } from '../client/index.js';
import { archiveDir, archiveIntervalMs, scheduleArchiving } from '../audit/index.js';
import { fileAuditLog, loadAccessConfig, startHttpServer } from '../http/index.js';
import { scenarioEventInput } from '../core/index.js';
import type { Scenario } from '../core/index.js';
import { liveDemoScenarios, seedScenarios } from '../scenarios/index.js';
import { caseWorkflowId } from '../workflows/definitions.js';
import { createCaseWorker, webhooksFromEnvironment } from '../worker/index.js';
import { codecFromEnvironment, dataConverterWith, startCodecServer } from '../codec/index.js';
import { portsFromEnvironment } from './ports.js';
import { UsageError } from '../cli/usage-error.js';
import { undeliverablePathOf } from '../cli/undeliverable.js';
import { installHostRoutes } from '../machines/host-routes.js';
import { readRouteFiles } from '../worker/route-files.js';
import { SHIPPED_ROUTES } from '../machines/index.js';

/** Where the outbox, the access log and the archive go (and the dev server's SQLite file): `$PASSEND_DATA` or data/. */
const dataDir = resolve(process.env['PASSEND_DATA'] ?? 'data');
const say = (line: string) => process.stdout.write(`[passend] ${line}\n`);

function assertPortFree(portNumber: number, variable: string): Promise<void> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', () =>
      fail(new Error(`port ${portNumber} is in use (another Temporal server?); stop it or set ${variable}`)),
    );
    probe.listen(portNumber, '127.0.0.1', () => probe.close(() => done()));
  });
}

/** Connects to `address`, retrying while the server starts; fails once `exitCode()` says it died, or after 60 s. */
export async function connectWhenReady(
  address: string,
  name: string,
  exitCode: () => number | null,
): Promise<Connection> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const code = exitCode();
    if (code !== null) throw new Error(`${name} exited with code ${code}`);
    try {
      return await Connection.connect({ address, connectTimeout: '1s' });
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`${name} did not answer on ${address} within 60 s`, { cause: error });
      await new Promise((wait) => setTimeout(wait, 250));
    }
  }
}

async function exists(client: Client, caseId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(caseWorkflowId(caseId)).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

async function loadDemoCase(client: Client, passend: PassendClient, scenario: Scenario): Promise<string> {
  if (await exists(client, scenario.caseId)) return `${scenario.caseId}: already there`;
  const [first, ...history] = scenario.events.map((_, index) => scenarioEventInput(scenario, index));
  const view = await passend.startCase(
    { caseId: scenario.caseId, routeId: scenario.route, ...scenario.start },
    first as never,
    { history: history as never[] },
  );
  return `${scenario.caseId}: loaded, stage ${view.stage}, ${view.breaches} breach(es)`;
}

/** What a stack's server is told when it starts. */
export interface ServerSettings {
  readonly port: number;
  readonly uiPort: number;
  readonly dataDir: string;
  /** The codec server the Web UI should open payloads through, when encryption is on. */
  readonly codecUrl?: string;
}

/** A started Temporal server: where it answers, what to tell about it, and how it ends. */
export interface StackServer {
  readonly address: string;
  /** Lines printed once the stack is ready (where the server keeps its data, its Web UI, ...). */
  readonly lines: readonly string[];
  /** Resolves with the exit code when the server ends, by itself or after `stop()`. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * The folder of extra route files a stack loads: `npm start --routes DIR`, `npm start -- --routes DIR` or
 * `--routes=DIR`; none without. npm 11 keeps `--routes` before `--` for itself (`npm_config_routes`).
 */
export function routesDirFrom(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  for (const [index, argument] of argv.entries()) {
    if (argument.startsWith('--routes=')) return argument.slice('--routes='.length) || missingDir();
    if (argument === '--routes') {
      const dir = argv[index + 1];
      return dir === undefined || dir.startsWith('--') ? missingDir() : dir;
    }
  }
  const fromNpm = env['npm_config_routes'];
  if (fromNpm === undefined) return undefined;
  // npm takes `--routes` as its own flag ("true") and hands the folder on as an argument; `--routes=DIR` stays whole.
  if (fromNpm !== 'true') return fromNpm || missingDir();
  const [dir, ...more] = argv.filter((argument) => !argument.startsWith('-'));
  return dir === undefined || more.length > 0 ? missingDir() : dir;
}

function missingDir(): never {
  throw new UsageError('--routes takes a folder of route files: npm start -- --routes DIR');
}

/**
 * Installs the route files of `--routes DIR` as this host's routes beside the shipped ones, before anything
 * starts: the workers bundle them (createCaseWorker takes the host's installed routes) and the HTTP API lists
 * them. A folder that cannot run throws a `RouteDefinitionError` naming every problem by path, and nothing starts.
 */
export function installStackRoutes(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  const extra = installHostRoutes(readRouteFiles(dir)).routes.filter(
    (route) => !SHIPPED_KEYS.has(`${route.id}@${route.version}`),
  );
  return `${extra.map((route) => `${route.id}@${route.version}`).join(', ') || 'none'} from ${resolve(dir)}`;
}

const SHIPPED_KEYS = new Set(SHIPPED_ROUTES.routes.map((route) => `${route.id}@${route.version}`));

/** How a stack differs: its server, how many case workers poll the task queue, and whether a Web UI comes with it. */
export interface StackOptions {
  /** The server as people call it in messages: "the Temporal dev server". */
  readonly serverName: string;
  readonly workers: number;
  readonly webUi: boolean;
  start(settings: ServerSettings): Promise<StackServer>;
}

/** Runs a stack until Ctrl-C (or SIGTERM), then stops it; resolves with the exit code to end with. */
export async function runStack(options: StackOptions): Promise<number> {
  // Settings first, so a typo is one message and exit 1 before any folder, port or process is touched.
  const { temporal: port, ui: uiPort, http: httpPort, codec: codecPort } = portsFromEnvironment();
  const everyMs = archiveIntervalMs();
  const webhooks = webhooksFromEnvironment();
  const routes = installStackRoutes(routesDirFrom(process.argv.slice(2), process.env));
  mkdirSync(dataDir, { recursive: true });
  await assertPortFree(port, 'PASSEND_TEMPORAL_PORT');
  if (options.webUi) await assertPortFree(uiPort, 'PASSEND_UI_PORT');
  await assertPortFree(httpPort, 'PASSEND_HTTP_PORT');
  // A bad key setting fails before anything starts; no key means no encryption.
  const codec = codecFromEnvironment();
  const dataConverter = dataConverterWith(codec);
  // With encryption on, the Web UI opens payloads through a codec server on the loopback interface.
  const withCodecServer = codec !== undefined && options.webUi;
  if (withCodecServer) await assertPortFree(codecPort, 'PASSEND_CODEC_PORT');
  const codecServer = !withCodecServer
    ? undefined
    : await startCodecServer({
        codec,
        port: codecPort,
        allowedOrigins: [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`],
      });
  const logger = new DefaultLogger('WARN');
  // We own the signals: the Runtime's own handler would drain the workers behind our back.
  Runtime.install({ logger, shutdownSignals: [] });
  const server = await options.start({
    port,
    uiPort,
    dataDir,
    ...(codecServer === undefined ? {} : { codecUrl: codecServer.url }),
  });
  let serverCode: number | null | undefined;
  void server.exited.then((code) => (serverCode = code));
  const address = server.address;
  let stopping = false;
  const connection = await connectWhenReady(address, options.serverName, () =>
    serverCode === undefined ? null : (serverCode ?? 1),
  );
  const client = new Client({ connection, namespace: 'default', dataConverter });
  const passend = new PassendClient(client);
  const outboxPath = join(dataDir, 'outbox.jsonl');
  // Workers on one task queue, each with its own connection and sticky cache, as separate machines would run them;
  // the workflow bundle is built once per process and shared.
  const workers: { worker: Worker; connection: NativeConnection; running: Promise<void> }[] = [];
  for (let index = 0; index < options.workers; index++) {
    const workerConnection = await NativeConnection.connect({ address });
    const worker = await createCaseWorker({
      connection: workerConnection,
      // Two workers of one process would share the SDK's `<pid>@<host>`, and the server would count one poller.
      ...(options.workers === 1 ? {} : { identity: `${process.pid}@${hostname()}/worker-${index + 1}` }),
      outboxPath,
      logger,
      dataConverter,
      ...(webhooks === undefined ? {} : { webhooks }),
    });
    workers.push({ worker, connection: workerConnection, running: worker.run() });
  }
  const [first] = workers;
  if (first === undefined) throw new Error('a stack needs at least one worker');
  // The seed cases on their real dates, and cases dated relative to today so that something is overdue and at risk
  // when the dashboard first opens; each is loaded once, on the first run.
  for (const scenario of [...seedScenarios().values(), ...liveDemoScenarios(new Date())])
    say(`demo ${await loadDemoCase(client, passend, scenario)}`);
  const accessPath = resolve(
    process.env['PASSEND_ACCESS'] ??
      (existsSync('config/access.json') ? 'config/access.json' : 'config/access.example.json'),
  );
  const accessLog = fileAuditLog(join(dataDir, 'access.log'));
  const api = await startHttpServer({
    passend,
    access: loadAccessConfig(accessPath),
    log: accessLog,
    port: httpPort,
    host: '127.0.0.1',
    // The workers record webhook notifications they gave up on beside the outbox; the dashboard shows them.
    undeliverablePath: undeliverablePathOf(outboxPath),
  });
  const archive = archiveDir(process.env['PASSEND_ARCHIVE'] ?? join(dataDir, 'archive'));
  const stopArchiving = await scheduleArchiving(client, archive, everyMs, (line) =>
    say(`archive    ${line}`),
  );
  for (const line of server.lines) say(line);
  const queue = first.worker.options.taskQueue;
  say(
    options.workers === 1
      ? `worker     task queue ${queue}, notifications in ${outboxPath}`
      : `workers    ${options.workers} on task queue ${queue}, notifications in ${outboxPath}`,
  );
  if (routes !== undefined) say(`routes     ${routes}`);
  if (codec !== undefined) say(`encryption payloads AES-256-GCM, key ${codec.keyId}`);
  if (codecServer !== undefined) say(`codec      ${codecServer.url} (the Web UI opens payloads through it)`);
  const demoTokens = accessPath.endsWith('example.json')
    ? ', DEMO tokens: copy it to config/access.json and change them'
    : '';
  say(`HTTP API   ${api.url} (OpenAPI ${api.url}/openapi.json; tokens ${accessPath}${demoTokens})`);
  say(`dashboard  ${api.url}/dashboard`);
  say(`try        npx passend case show demo-casus-m --address ${address}`);
  say(`archive    ${archive} (closed cases, every ${everyMs / 60_000} min)`);
  say('ready; Ctrl-C stops everything');

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('stopping');
    await api.close();
    await codecServer?.close();
    await accessLog.close();
    await stopArchiving();
    for (const { worker } of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    for (const { running, connection: workerConnection } of workers) {
      await running.catch(() => undefined);
      await workerConnection.close();
    }
    await connection.close();
    await server.stop();
    say('stopped');
  };
  const stopped = new Promise<number>((done) => {
    const onSignal = () => void stop().then(() => done(0));
    // `on`, not `once`: a second Ctrl-C while stopping must not fall back to the default action and kill us
    // halfway; stop() ignores repeats.
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    void server.exited.then((code) => {
      if (stopping) return;
      process.stderr.write(`[passend] ${options.serverName} exited unexpectedly (code ${code})\n`);
      void stop().then(() => done(1));
    });
    for (const { running } of workers)
      running.catch((error: unknown) => {
        process.stderr.write(`[passend] a worker failed: ${(error as Error).message}\n`);
        void stop().then(() => done(1));
      });
  });
  return stopped;
}

/** Runs `runStack(options)` as a script's main: its code becomes the exit code, a failure one line and exit 1. */
export function runStackAsMain(options: StackOptions): void {
  runStack(options).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`[passend] ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
