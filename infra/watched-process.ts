import type { ChildProcess, StdioNull, StdioPipe } from 'node:child_process';
import { spawn } from 'node:child_process';

/** Options for {@link spawnWatched}. */
export interface WatchedProcessOptions {
  /** Where the program's stdout and stderr go: ignored, inherited, piped, or a file descriptor. */
  readonly stdout?: StdioNull | StdioPipe | number;
  readonly stderr?: StdioNull | StdioPipe | number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** The signal that stops the program cleanly (PostgreSQL's fast shutdown is INT); default TERM. */
  readonly stopSignal?: 'TERM' | 'INT';
}

/**
 * Starts `command` under a small watchdog shell in a process group of its own: Ctrl-C in a terminal reaches only
 * the Node process (which then stops things in order), `child.kill('SIGTERM')` stops the program with its stop
 * signal and waits for it, and when our stdin pipe closes, because Node exited or was killed outright, the
 * watchdog stops the program. Nothing is left holding ports or a database.
 */
export function spawnWatched(
  command: string,
  args: readonly string[],
  options: WatchedProcessOptions = {},
): ChildProcess {
  const signal = options.stopSignal ?? 'TERM';
  const watchdog =
    '"$0" "$@" & child=$!; ' +
    `trap 'kill -${signal} $child 2>/dev/null; wait $child; exit 0' TERM INT; ` +
    `read _ignored || true; kill -${signal} $child 2>/dev/null; wait $child`;
  return spawn('sh', ['-c', watchdog, command, ...args], {
    stdio: ['pipe', options.stdout ?? 'ignore', options.stderr ?? 'inherit'],
    detached: true,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
}

/** Resolves when `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((done) => child.once('exit', () => done()));
}
