// `passend` as a user runs it, in its own process (bin/passend.js), for commands that keep running until a
// signal or an outside change ends them (`passend inspect` following a case): what it has printed so far, a wait
// for a line to appear, and its exit.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A running `passend` process. */
export interface PassendProcess {
  readonly child: ChildProcess;
  /** What it wrote to stdout so far. */
  stdout(): string;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** Resolves once `done(stdout, stderr)` holds; rejects after `seconds` or when the process exits first. */
  waitFor(done: (stdout: string, stderr: string) => boolean, seconds?: number): Promise<void>;
  /** The exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
}

/** Starts `passend ...args` from the repository's bin/passend.js. */
export function startPassend(args: readonly string[]): PassendProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'passend.js'), ...args], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(done, seconds = 60) {
      const until = Date.now() + seconds * 1000;
      while (!done(out, err)) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`passend ${args.join(' ')} exited (${child.exitCode}) first:\n${err}`);
        if (Date.now() > until)
          throw new Error(`passend ${args.join(' ')}: waited ${seconds} s in vain; stderr:\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
