import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PASSEND = fileURLToPath(new URL('../bin/passend.js', import.meta.url));

/** A `passend worker` in a process of its own, so that a test can kill it as an operator's machine would. */
export interface WorkerProcess {
  readonly pid: number;
  /** Kills the process with SIGKILL (no drain, no goodbye to the server) and waits until it is gone. */
  kill(): Promise<void>;
  /** What the process wrote to stderr so far. */
  output(): string;
}

/** Starts `passend worker` against `address` and resolves once it says it is polling. */
export async function startWorkerProcess(
  address: string,
  options: { readonly outboxPath?: string; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<WorkerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'passend-worker-'));
  const outbox = options.outboxPath ?? join(dir, 'outbox.jsonl');
  const env = options.env ?? {};
  const child: ChildProcess = spawn(
    process.execPath,
    [PASSEND, 'worker', '--outbox', outbox, '--archive', join(dir, 'archive')],
    {
      env: { ...process.env, TEMPORAL_ADDRESS: address, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let text = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`passend worker did not start in 60 s:\n${text}`)),
      60_000,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('[passend] worker on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`passend worker exited before it started:\n${text}`));
    });
  });
  return {
    pid: child.pid ?? -1,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    output: () => text,
  };
}
