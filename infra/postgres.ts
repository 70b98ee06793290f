// A PostgreSQL cluster of Debian's packages for the Temporal server, in a folder of our own, run as a child
// process on a loopback port: no system service, no unix socket, nothing outside that folder.
import { execFile, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { exited, spawnWatched } from './watched-process.js';

/** The folder of Debian's PostgreSQL 15 programs (`$PASSEND_POSTGRES_BIN` overrides it). */
export function postgresBinDir(): string {
  const dir = process.env['PASSEND_POSTGRES_BIN'] || '/usr/lib/postgresql/15/bin';
  if (!existsSync(join(dir, 'initdb')) || !existsSync(join(dir, 'postgres')))
    throw new Error(
      `PostgreSQL was not found in ${dir} (initdb, postgres); run \`npm run setup -- --postgres\`, which installs Debian's postgresql-15, or set PASSEND_POSTGRES_BIN`,
    );
  return dir;
}

/** Options for {@link startPostgres}. */
export interface PostgresOptions {
  /** The cluster's folder; created and initialised when it holds no cluster yet, reused otherwise. */
  readonly dataDir: string;
  /** The loopback TCP port to listen on. */
  readonly port: number;
  readonly say?: (line: string) => void;
}

/** A running cluster: where it listens, the role Temporal connects as, and how to stop it. */
export interface RunningPostgres {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The server process (under its watchdog); its exit before `stop()` is a failure. */
  readonly process: ChildProcess;
  /** Fast shutdown: open connections are closed, committed work is on disk. */
  stop(): Promise<void>;
}

const USER = 'temporal';

/**
 * PostgreSQL refuses to run as root. As root, the cluster runs as the `postgres` account that Debian's package
 * creates, through `setpriv`, which execs the program (no process in between to swallow a signal).
 */
function runAs(): { prefix: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0)
    throw new Error(
      "running as root, PostgreSQL needs an unprivileged account to run as, and the postgres account does not exist: install Debian's postgresql-15 (npm run setup -- --postgres) or run as another user",
    );
  return {
    prefix: ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--'],
    uid: Number(uid.stdout.trim()),
    gid: Number(gid.stdout.trim()),
  };
}

/** Creates the cluster in `<dataDir>/cluster` unless it is there, with a password for the `temporal` role. */
function initialise(dataDir: string, bin: string, say: (line: string) => void): string {
  const account = runAs();
  const cluster = join(dataDir, 'cluster');
  const passwordFile = join(dataDir, 'password');
  mkdirSync(dataDir, { recursive: true });
  if (account.uid !== undefined && account.gid !== undefined) {
    // The account must reach the folder; what lies inside it stays its own.
    chmodSync(dataDir, 0o755);
    chownSync(dataDir, account.uid, account.gid);
  }
  if (existsSync(join(cluster, 'PG_VERSION'))) return readFileSync(passwordFile, 'utf8').trim();
  say(`initialising a PostgreSQL cluster in ${cluster}`);
  const password = randomBytes(18).toString('base64url');
  // Read by initdb (as the cluster's account), then kept for the server's config: readable by its owner only.
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (account.uid !== undefined && account.gid !== undefined)
    chownSync(passwordFile, account.uid, account.gid);
  const [command, ...prefixArgs] = [...account.prefix, join(bin, 'initdb')];
  const result = spawnSync(
    command ?? join(bin, 'initdb'),
    [
      ...prefixArgs,
      '--pgdata',
      cluster,
      '--username',
      USER,
      '--pwfile',
      passwordFile,
      '--auth-host',
      'scram-sha-256',
      '--auth-local',
      'peer',
      '--encoding',
      'UTF8',
      '--locale',
      'C',
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(
      `initdb failed in ${cluster}:\n${result.stderr || result.stdout || String(result.error)}`,
    );
  return password;
}

/** Whether the server accepts connections (pg_isready: not while it is still starting or recovering). */
function accepts(bin: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    execFile(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)], (error) =>
      done(error === null),
    );
  });
}

/**
 * Starts PostgreSQL on `127.0.0.1:port` from `dataDir` (initialising it the first time) and resolves when it
 * accepts connections. Its log is `<dataDir>/postgres.log`.
 */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const say = options.say ?? (() => undefined);
  const bin = postgresBinDir();
  const password = initialise(options.dataDir, bin, say);
  const account = runAs();
  const log = openSync(join(options.dataDir, 'postgres.log'), 'a');
  const [command, ...prefixArgs] = [...account.prefix, join(bin, 'postgres')];
  const child = spawnWatched(
    command ?? join(bin, 'postgres'),
    [
      ...prefixArgs,
      '-D',
      join(options.dataDir, 'cluster'),
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // Each Temporal service keeps its own pools (persistence and visibility): about 120 connections at worst.
      '-c',
      'max_connections=250',
    ],
    { stdout: log, stderr: log, stopSignal: 'INT' },
  );
  closeSync(log);
  const deadline = Date.now() + 60_000;
  while (!(await accepts(bin, options.port))) {
    if (child.exitCode !== null)
      throw new Error(
        `PostgreSQL exited with code ${child.exitCode} before it accepted connections; see ${join(options.dataDir, 'postgres.log')}`,
      );
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`PostgreSQL did not accept connections on 127.0.0.1:${options.port} within 60 s`);
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return {
    host: '127.0.0.1',
    port: options.port,
    user: USER,
    password,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited(child);
    },
  };
}
