// `npm start` as a real process tree for end-to-end tests: free ports, the started stack, and what it leaves.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Distinct free ports below the kernel's ephemeral range (Linux: 32768–60999). Every other server in the test
 * run (dev servers, the time-skipping server, the dev server's own internal services) takes a port the kernel
 * assigns from that range, so a port chosen here cannot be taken by them between this choice and start.ts
 * binding it, nor between the first start and the restart, which reuses the ports. (Ports from port 0 could:
 * a parallel test file's server once took the HTTP port in CI.)
 */
export async function freePorts(count: number): Promise<number[]> {
  const ephemeral = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').then(
    (text) => Number(text.trim().split(/\s+/)[0]),
    () => 32768,
  );
  const low = 20_000;
  const high = Math.max(low + 1000, Math.min(ephemeral, 32768));
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count; attempt++) {
    if (attempt > 500) throw new Error(`no ${count} free ports between ${low} and ${high}`);
    const port = low + Math.floor(Math.random() * (high - low));
    if (!ports.includes(port) && (await portIsFree(port))) ports.push(port);
  }
  return ports;
}

/** Whether nothing listens on the port: we can bind it ourselves. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** Pids of live processes whose command line mentions `needle` (Linux /proc; elsewhere none are found). */
export async function processesMentioning(needle: string): Promise<number[]> {
  if (!existsSync('/proc')) return [];
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (commandLine.includes(needle) && Number(entry) !== process.pid) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

export function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * One `node --import tsx scripts/start.ts` (what `npm start` runs; `script` names another, such as
 * scripts/start-postgres.ts), in its own process group, with its output collected.
 */
export class StartedStack {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: NodeJS.ProcessEnv, script = 'scripts/start.ts') {
    // Exactly what `npm start` runs after its setup step: node with tsx's loader, no tsx parent process.
    this.child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((done) => {
      this.child.once('exit', (code, signal) => done({ code, signal }));
      this.child.once('error', (error) => {
        this.stderr += `spawn failed: ${error.message}\n`;
        done({ code: null, signal: null });
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Both streams, for failure messages. */
  get output(): string {
    return `--- stdout ---\n${this.stdout}--- stderr ---\n${this.stderr}`;
  }

  /** The `[passend] ...` lines on stdout, without the prefix. */
  get lines(): string[] {
    return this.stdout
      .split('\n')
      .filter((line) => line.startsWith('[passend] '))
      .map((line) => line.slice('[passend] '.length));
  }

  /** Signals the whole process group (tsx and the script it runs), as Ctrl-C in a terminal does. */
  signal(signal: NodeJS.Signals): void {
    if (this.child.pid !== undefined) kill(-this.child.pid, signal);
  }

  async waitForStdout(text: string, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.stdout.includes(text)) {
      if (!this.running) throw new Error(`start.ts exited before printing "${text}"\n${this.output}`);
      if (Date.now() > deadline)
        throw new Error(`start.ts did not print "${text}" within ${ms} ms\n${this.output}`);
      await sleep(100);
    }
  }

  async waitForExit(ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`start.ts did not exit within ${ms} ms\n${this.output}`)), ms);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends everything this stack started, the detached Temporal server included, whatever state it is in. */
  async destroy(dataDir: string): Promise<void> {
    if (this.running) this.signal('SIGKILL');
    // The dev server runs in a process group of its own; it is the process with our temp data dir on its command line.
    for (const pid of await processesMentioning(join(dataDir, 'temporal.db'))) kill(pid, 'SIGKILL');
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}
