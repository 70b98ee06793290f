// PostgreSQL and the Temporal server on it, started together and stopped in order: what `npm run start:postgres`
// and the PostgreSQL tests run, and what a bench can point its workers at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { freeLoopbackPorts } from './loopback-ports.js';
import { startPostgres } from './postgres.js';
import type { RunningPostgres } from './postgres.js';
import { prepareNamespace, setUpSchemas, startTemporalServer } from './temporal-server.js';
import type { RunningTemporalServer, TemporalServerPorts } from './temporal-server.js';

/** Options for {@link startPostgresStack}. */
export interface PostgresStackOptions {
  /** The stack's folder: `postgres/` (the cluster), `temporal/` (config, log). Reused when it exists. */
  readonly dir: string;
  /** The Temporal frontend's port; default: a free one. */
  readonly frontendPort?: number;
  readonly namespace?: string;
  /** Progress lines, with the seconds each step took. */
  readonly say?: (line: string) => void;
}

/** A started stack: the frontend address and namespace to connect to, the parts, and one `stop()`. */
export interface PostgresStack {
  readonly address: string;
  readonly namespace: string;
  /** What the server says it is, e.g. 1.29.1. */
  readonly serverVersion: string;
  readonly postgres: RunningPostgres;
  readonly temporal: RunningTemporalServer;
  /** Seconds from the call to a namespace ready for cases, and per step. */
  readonly timings: Readonly<Record<'postgres' | 'schemas' | 'server' | 'namespace' | 'total', number>>;
  /** Stops the Temporal server, then PostgreSQL. */
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL (initialising its cluster the first time), sets up or updates the Temporal schemas, starts the
 * Temporal server, registers the namespace and the case search attributes. Whatever started is stopped again
 * when a later step fails.
 */
export async function startPostgresStack(options: PostgresStackOptions): Promise<PostgresStack> {
  const say = options.say ?? (() => undefined);
  const namespace = options.namespace ?? 'default';
  const started = performance.now();
  let mark = started;
  const lap = () => {
    const now = performance.now();
    const seconds = Math.round(now - mark) / 1000;
    mark = now;
    return seconds;
  };
  const free = await freeLoopbackPorts(10, options.frontendPort === undefined ? [] : [options.frontendPort]);
  const port = (index: number): number => free[index] ?? 0;
  const postgresPort = port(0);
  const ports: TemporalServerPorts = {
    frontend: options.frontendPort ?? port(1),
    frontendHttp: port(2),
    frontendMembership: port(3),
    history: port(4),
    historyMembership: port(5),
    matching: port(6),
    matchingMembership: port(7),
    worker: port(8),
    workerMembership: port(9),
  };
  mkdirSync(options.dir, { recursive: true });
  const postgres = await startPostgres({ dataDir: join(options.dir, 'postgres'), port: postgresPort, say });
  const timings = { postgres: lap(), schemas: 0, server: 0, namespace: 0, total: 0 };
  say(`PostgreSQL on 127.0.0.1:${postgresPort} (${timings.postgres} s)`);
  let temporal: RunningTemporalServer | undefined;
  let serverVersion = '';
  try {
    await setUpSchemas(postgres);
    timings.schemas = lap();
    say(`schemas temporal and temporal_visibility current (${timings.schemas} s)`);
    temporal = await startTemporalServer({ dir: join(options.dir, 'temporal'), postgres, ports });
    timings.server = lap();
    say(`Temporal server on ${temporal.address} (${timings.server} s)`);
    const connection = await Connection.connect({ address: temporal.address });
    try {
      await prepareNamespace(connection, namespace);
      serverVersion = (await connection.workflowService.getSystemInfo({})).serverVersion ?? '';
    } finally {
      await connection.close();
    }
    timings.namespace = lap();
    timings.total = Math.round(performance.now() - started) / 1000;
    say(`namespace ${namespace} with the case search attributes (${timings.namespace} s)`);
  } catch (error) {
    await temporal?.stop();
    await postgres.stop();
    throw error;
  }
  const server = temporal;
  return {
    address: server.address,
    namespace,
    serverVersion,
    postgres,
    temporal: server,
    timings,
    async stop() {
      await server.stop();
      await postgres.stop();
    },
  };
}
