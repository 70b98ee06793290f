/**
 * The server the scale bench fills and asks: the Temporal CLI dev server (SQLite in memory), or the Temporal
 * server on PostgreSQL with SQL visibility (`npm run start:postgres`'s stack), each with a namespace per size and
 * the CPU its processes have used, so that the bench can say what limits the case starts.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { prepareNamespace, startPostgresStack } from '../infra/index.js';
import { devServerPid, treeCpuMs } from './cpu.js';
import { startBenchEnv } from './dev-env.js';

/** Which server the scale bench runs on. */
export type ScaleServerKind = 'dev' | 'postgres';

/** A started server: a connection, its namespaces made ready on demand, its CPU so far, and one `stop()`. */
export interface ScaleServer {
  readonly kind: ScaleServerKind;
  /** What the server is, for the report, e.g. "Temporal server 1.29.1 on PostgreSQL 15". */
  readonly description: string;
  readonly connection: Connection;
  /** Makes `namespace` ready for cases: registered (PostgreSQL) and with the case search attributes. */
  prepare(namespace: string): Promise<void>;
  /** CPU milliseconds the server's processes (and their children) have used so far; NaN when unknown. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Starts the server of `kind` with `namespaces` to come (the dev server creates them at start). */
export async function startScaleServer(
  kind: ScaleServerKind,
  namespaces: readonly string[],
  log: (line: string) => void,
): Promise<ScaleServer> {
  if (kind === 'dev') {
    const env = await startBenchEnv(namespaces);
    const pid = devServerPid(env.address);
    return {
      kind,
      description: 'Temporal CLI dev server (SQLite in memory)',
      connection: env.connection,
      // A size the start budget lowered has a namespace the server was not started with: registered here.
      prepare: (namespace) => prepareNamespace(env.connection, namespace),
      cpuMs: () => (pid === undefined ? Number.NaN : treeCpuMs([pid])),
      stop: () => env.teardown(),
    };
  }
  // A new cluster in a scratch folder PostgreSQL's account can enter (as root it runs as postgres).
  const dir = mkdtempSync(join(tmpdir(), 'passend-scale-postgres-'));
  chmodSync(dir, 0o755);
  const stack = await startPostgresStack({ dir, say: log }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const connection = await Connection.connect({ address: stack.address });
  const pids = [stack.temporal.process.pid ?? -1, stack.postgres.process.pid ?? -1];
  return {
    kind,
    description: `Temporal server ${stack.serverVersion} on PostgreSQL (SQL visibility on PostgreSQL)`,
    connection,
    prepare: (namespace) => prepareNamespace(connection, namespace),
    cpuMs: () => treeCpuMs(pids),
    async stop() {
      await connection.close();
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
