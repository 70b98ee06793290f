// `npm start`: the Temporal dev server (SQLite in the data folder, Web UI on), the case worker, and the seed
// cases as demo data with their real, backdated dates. Ctrl-C stops everything; a second run reuses the data.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { PassendClient } from '../client/index.js';
import { archiveDir, archiveIntervalMs, scheduleArchiving } from '../audit/index.js';
import { fileAuditLog, loadAccessConfig, startHttpServer } from '../http/index.js';
import { scenarioEventInput } from '../core/index.js';
import type { Scenario } from '../core/index.js';
import { temporalCliPath } from '../infra/index.js';
import { seedScenarios } from '../scenarios/index.js';
import { caseWorkflowId } from '../workflows/definitions.js';
import { searchAttributeFlags } from '../workflows/search-attributes.js';
import { createCaseWorker, webhooksFromEnvironment } from '../worker/index.js';
import { codecFromEnvironment, dataConverterWith, startCodecServer } from '../codec/index.js';
import { portsFromEnvironment } from './ports.js';

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

async function connectWhenReady(address: string, server: ChildProcess): Promise<Connection> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null)
      throw new Error(`the Temporal dev server exited with code ${server.exitCode}`);
    try {
      return await Connection.connect({ address, connectTimeout: '1s' });
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`the Temporal dev server did not answer on ${address} within 60 s`, { cause: error });
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

async function main(): Promise<void> {
  // Settings first, so a typo is one message and exit 1 before any folder, port or process is touched.
  const { temporal: port, ui: uiPort, http: httpPort, codec: codecPort } = portsFromEnvironment();
  const everyMs = archiveIntervalMs();
  const webhooks = webhooksFromEnvironment();
  mkdirSync(dataDir, { recursive: true });
  await assertPortFree(port, 'PASSEND_TEMPORAL_PORT');
  await assertPortFree(uiPort, 'PASSEND_UI_PORT');
  await assertPortFree(httpPort, 'PASSEND_HTTP_PORT');
  // A bad key setting fails before anything starts; no key means no encryption.
  const codec = codecFromEnvironment();
  const dataConverter = dataConverterWith(codec);
  // With encryption on, the Web UI opens payloads through a codec server on the loopback interface.
  if (codec !== undefined) await assertPortFree(codecPort, 'PASSEND_CODEC_PORT');
  const codecServer =
    codec === undefined
      ? undefined
      : await startCodecServer({
          codec,
          port: codecPort,
          allowedOrigins: [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`],
        });
  const logger = new DefaultLogger('WARN');
  // We own the signals: the Runtime's own handler would drain the worker behind our back.
  Runtime.install({ logger, shutdownSignals: [] });
  // The server runs under a small watchdog shell in its own process group: Ctrl-C reaches only us (so the
  // worker stops before the server it talks to), and when our stdin pipe closes, because we exited or were
  // killed outright, the watchdog stops the server. Nothing is left holding the ports or the database.
  const watchdog =
    '"$0" "$@" & child=$!; ' +
    "trap 'kill -TERM $child 2>/dev/null; wait $child; exit 0' TERM INT; " +
    'read _ignored || true; kill -TERM $child 2>/dev/null; wait $child';
  const server = spawn(
    'sh',
    [
      '-c',
      watchdog,
      temporalCliPath(),
      'server',
      'start-dev',
      '--db-filename',
      join(dataDir, 'temporal.db'),
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--namespace',
      'default',
      '--ip',
      '127.0.0.1',
      '--log-level',
      'error',
      '--dynamic-config-value',
      'frontend.enableExecuteMultiOperation=true',
      ...searchAttributeFlags(),
      ...(codecServer === undefined ? [] : ['--ui-codec-endpoint', codecServer.url]),
    ],
    // Its own process group: Ctrl-C reaches only us, and we stop the worker before the server it talks to.
    { stdio: ['pipe', 'ignore', 'inherit'], detached: true },
  );
  const address = `127.0.0.1:${port}`;
  let stopping = false;
  const stopServer = () => {
    if (server.exitCode === null) server.kill('SIGTERM');
  };
  process.once('exit', stopServer);
  const connection = await connectWhenReady(address, server);
  const client = new Client({ connection, namespace: 'default', dataConverter });
  const passend = new PassendClient(client);
  const workerConnection = await NativeConnection.connect({ address });
  const outboxPath = join(dataDir, 'outbox.jsonl');
  const worker = await createCaseWorker({
    connection: workerConnection,
    outboxPath,
    logger,
    dataConverter,
    ...(webhooks === undefined ? {} : { webhooks }),
  });
  const running = worker.run();
  for (const scenario of seedScenarios().values())
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
  });
  const archive = archiveDir(process.env['PASSEND_ARCHIVE'] ?? join(dataDir, 'archive'));
  const stopArchiving = await scheduleArchiving(client, archive, everyMs, (line) =>
    say(`archive    ${line}`),
  );
  say(`Temporal   ${address} (namespace default, data ${join(dataDir, 'temporal.db')})`);
  say(`Web UI     http://localhost:${uiPort}/namespaces/default/workflows`);
  say(`worker     task queue ${worker.options.taskQueue}, notifications in ${outboxPath}`);
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
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch(() => undefined);
    await workerConnection.close();
    await connection.close();
    stopServer();
    await new Promise((done) => (server.exitCode === null ? server.once('exit', done) : done(undefined)));
    say('stopped');
  };
  const stopped = new Promise<number>((done) => {
    const onSignal = () => void stop().then(() => done(0));
    // `on`, not `once`: a second Ctrl-C while stopping must not fall back to the default action and kill us
    // halfway; stop() ignores repeats.
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    server.once('exit', (code) => {
      if (stopping) return;
      process.stderr.write(`[passend] the Temporal dev server exited unexpectedly (code ${code})\n`);
      void stop().then(() => done(1));
    });
    running.catch((error: unknown) => {
      process.stderr.write(`[passend] the worker failed: ${(error as Error).message}\n`);
      void stop().then(() => done(1));
    });
  });
  process.exitCode = await stopped;
}

main().catch((error: unknown) => {
  process.stderr.write(`[passend] ${(error as Error).message}\n`);
  process.exit(1);
});
