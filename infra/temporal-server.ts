// The Temporal server itself (go.temporal.io/server, all four services in one process) on PostgreSQL, with SQL
// visibility on PostgreSQL too: its config, its schemas (set up or updated by the server's own schema tool), and
// a namespace with the case search attributes.
import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTE_KEYS } from '../workflows/search-attributes.js';
import { temporalServerPath, temporalSqlToolPath } from './binaries.js';
import type { RunningPostgres } from './postgres.js';
import { exited, spawnWatched } from './watched-process.js';

/** The databases of the default store and of visibility, and the schemas the schema tool carries for them. */
const DATABASES = [
  { name: 'temporal', schema: 'postgresql/v12/temporal' },
  { name: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
] as const;

/** The four services' ports: gRPC, and membership (ringpop; stored in a SMALLINT, so at most 32767). */
export interface TemporalServerPorts {
  readonly frontend: number;
  readonly frontendHttp: number;
  readonly frontendMembership: number;
  readonly history: number;
  readonly historyMembership: number;
  readonly matching: number;
  readonly matchingMembership: number;
  readonly worker: number;
  readonly workerMembership: number;
}

function sqlTool(postgres: RunningPostgres, args: readonly string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      temporalSqlToolPath(),
      args,
      {
        env: {
          ...process.env,
          SQL_PLUGIN: 'postgres12',
          SQL_HOST: postgres.host,
          SQL_PORT: String(postgres.port),
          SQL_USER: postgres.user,
          SQL_PASSWORD: postgres.password,
        },
      },
      (error, stdout, stderr) =>
        error === null
          ? done(stdout + stderr)
          : fail(
              new Error(`temporal-sql-tool ${args.join(' ')} failed:\n${stderr || stdout || error.message}`),
            ),
    );
  });
}

/**
 * Creates both databases when missing and brings their schemas to the version this server build expects; every
 * step is a no-op on a database that is already there and current, so it runs on every start.
 */
export async function setUpSchemas(postgres: RunningPostgres): Promise<void> {
  for (const { name, schema } of DATABASES) {
    // create-database fails on an existing database; whether it exists is what setup-schema below settles.
    await sqlTool(postgres, ['--db', name, 'create-database']).catch((error: Error) => {
      if (!/already exists/.test(error.message)) throw error;
    });
    // Version 0.0 lays only the schema_version tables (and is skipped when they exist); update-schema then
    // applies each versioned step not applied yet.
    await sqlTool(postgres, ['--db', name, 'setup-schema', '-v', '0.0']);
    await sqlTool(postgres, ['--db', name, 'update-schema', '--schema-name', schema]);
  }
}

function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** The server's config: one process with the four services, both stores on `postgres`, logs at WARN. */
export function serverConfig(
  postgres: RunningPostgres,
  ports: TemporalServerPorts,
  dynamicConfigPath: string,
): string {
  const store = (database: string, maxConns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${database}
        connectAddr: ${yamlString(`${postgres.host}:${postgres.port}`)}
        connectProtocol: tcp
        user: ${yamlString(postgres.user)}
        password: ${yamlString(postgres.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const service = (grpc: number, membership: number, http?: number) => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http === undefined ? '' : `\n      httpPort: ${http}`}`;
  return `# Written by passend-routes (infra/temporal-server.ts) on every start; edits are lost.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  # Fixed when the cluster is first started: a cluster's shard count can never change.
  numHistoryShards: 4
  datastores:
    postgres-default:${store('temporal', 20)}
    postgres-visibility:${store('temporal_visibility', 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:
  frontend:${service(ports.frontend, ports.frontendMembership, ports.frontendHttp)}
  history:${service(ports.history, ports.historyMembership)}
  matching:${service(ports.matching, ports.matchingMembership)}
  worker:${service(ports.worker, ports.workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: ${yamlString(`127.0.0.1:${ports.frontend}`)}
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: ${yamlString(dynamicConfigPath)}
  pollInterval: 10s
`;
}

/**
 * Dynamic config: the dev server's visibility rate (the default of 10 list requests per second per frontend
 * throttles the dashboards), and search attributes read fresh, so a case started right after registration sees them.
 */
const DYNAMIC_CONFIG = `# Written by passend-routes (infra/temporal-server.ts) on every start.
frontend.namespaceRPS.visibility:
  - value: 100
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
frontend.enableExecuteMultiOperation:
  - value: true
`;

/** Options for {@link startTemporalServer}. */
export interface TemporalServerOptions {
  /** Folder for the config and the log (`temporal.log`). */
  readonly dir: string;
  readonly postgres: RunningPostgres;
  readonly ports: TemporalServerPorts;
}

/** A running server: its frontend address, the process, and how to stop it. */
export interface RunningTemporalServer {
  readonly address: string;
  readonly logPath: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Writes the config and starts the server; resolves once its frontend answers. */
export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningTemporalServer> {
  const configDir = join(options.dir, 'config');
  mkdirSync(configDir, { recursive: true });
  const dynamicConfigPath = join(configDir, 'dynamic.yaml');
  writeFileSync(dynamicConfigPath, DYNAMIC_CONFIG);
  writeFileSync(
    join(configDir, 'passend.yaml'),
    serverConfig(options.postgres, options.ports, dynamicConfigPath),
    { mode: 0o600 },
  );
  const logPath = join(options.dir, 'temporal.log');
  const log = openSync(logPath, 'a');
  const child = spawnWatched(
    temporalServerPath(),
    ['--root', options.dir, '--config', 'config', '--env', 'passend', '--allow-no-auth', 'start'],
    { stdout: log, stderr: log },
  );
  closeSync(log);
  const address = `127.0.0.1:${options.ports.frontend}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the Temporal server exited with code ${child.exitCode}; see ${logPath}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1s' });
      await connection.close();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        throw new Error(`the Temporal server did not answer on ${address} within 60 s; see ${logPath}`, {
          cause: error,
        });
      }
      await new Promise((wait) => setTimeout(wait, 250));
    }
  }
  return {
    address,
    logPath,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited(child);
    },
  };
}

const GRPC_ALREADY_EXISTS = 6;
const GRPC_NOT_FOUND = 5;

/**
 * Registers `namespace` (the server creates none by itself) and adds the case search attributes it lacks. Right
 * after registration the namespace is unknown to the search-attribute API for about a second: retried. SQL
 * visibility has a fixed number of custom attributes per type (3 Datetime, 3 KeywordList, 10 Keyword, ...): a
 * type that would overflow is refused by the server, and that refusal is passed on naming the attributes.
 */
export async function prepareNamespace(
  connection: Connection,
  namespace: string,
  retentionDays = 30,
): Promise<void> {
  await connection.workflowService
    .registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(retentionDays * 86_400_000),
    })
    .catch((error: { code?: number }) => {
      if (error.code !== GRPC_ALREADY_EXISTS) throw error;
    });
  const types = proto.temporal.api.enums.v1.IndexedValueType;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const wanted = CASE_SEARCH_ATTRIBUTE_KEYS.map((key) => ({
        name: key.name,
        type: types[`INDEXED_VALUE_TYPE_${key.type}`],
      }));
      const clashes = wanted.filter(
        (key) => customAttributes?.[key.name] !== undefined && customAttributes[key.name] !== key.type,
      );
      if (clashes.length > 0)
        throw new Error(
          `namespace ${namespace} holds ${clashes.map((key) => key.name).join(', ')} with another type than the case workflow's`,
        );
      const missing = wanted.filter((key) => customAttributes?.[key.name] === undefined);
      if (missing.length === 0) return;
      await connection.operatorService
        .addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(missing.map((key) => [key.name, key.type])),
        })
        .catch((error: Error) => {
          throw Object.assign(
            new Error(
              `adding the search attributes ${missing.map((key) => key.name).join(', ')} to ${namespace} failed: ${error.message}`,
            ),
            { code: (error as { code?: number }).code },
          );
        });
      return;
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code !== GRPC_NOT_FOUND || Date.now() > deadline) throw error;
      await new Promise((wait) => setTimeout(wait, 250));
    }
  }
}
