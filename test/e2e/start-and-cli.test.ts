// End to end: `npm start` (scripts/start.ts) as a real process tree, driven by the `passend` CLI over the
// wire, stopped with SIGINT to its process group the way Ctrl-C does, and restarted on the same SQLite data.
import type { ChildProcess, ExecFileException } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreachEntry, CaseView } from '../../core/index.js';
import { seedScenarios } from '../../scenarios/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PASSEND = join(ROOT, 'bin', 'passend.js');
const DEMO_CASE_IDS = [...seedScenarios().values()].map((scenario) => scenario.caseId).sort();

const READY_MS = 90_000;
const STOP_MS = 30_000;
const CLI_MS = 30_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Distinct free ports below the kernel's ephemeral range (Linux: 32768–60999). Every other server in the test
 * run (dev servers, the time-skipping server, the dev server's own internal services) takes a port the kernel
 * assigns from that range, so a port chosen here cannot be taken by them between this choice and start.ts
 * binding it, nor between the first start and the restart, which reuses the ports. (Ports from port 0 could:
 * a parallel test file's server once took the HTTP port in CI.)
 */
async function freePorts(count: number): Promise<number[]> {
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
function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** Pids of live processes whose command line mentions `needle` (Linux /proc; elsewhere none are found). */
async function processesMentioning(needle: string): Promise<number[]> {
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

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** One `node --import tsx scripts/start.ts` (what `npm start` runs), in its own process group, with its output collected. */
class StartedStack {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: NodeJS.ProcessEnv) {
    // Exactly what `npm start` runs after its setup step: node with tsx's loader, no tsx parent process.
    this.child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
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

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('npm start and the passend CLI, end to end', () => {
  let dataDir = '';
  let temporalPort = 0;
  let uiPort = 0;
  let httpPort = 0;
  let address = '';
  let env: NodeJS.ProcessEnv = {};
  let stack: StartedStack | undefined;
  const stacks: StartedStack[] = [];
  const cliProcesses = new Set<ChildProcess>();

  function start(): StartedStack {
    stack = new StartedStack(env);
    stacks.push(stack);
    return stack;
  }

  /** Starts a stack and waits until it says it is ready. */
  async function startReady(): Promise<StartedStack> {
    const started = start();
    await started.waitForStdout('[passend] ready; Ctrl-C stops everything', READY_MS);
    return started;
  }

  /**
   * Checks that a ready stack says where its HTTP API and dashboard are, answers /health, and reports the four
   * demo cases, each line matching `demoLine`; returns those lines.
   */
  async function expectServing(started: StartedStack, demoLine: RegExp): Promise<string[]> {
    expect(started.stdout, started.output).toContain(`[passend] HTTP API   http://127.0.0.1:${httpPort} `);
    expect(started.stdout, started.output).toContain(
      `[passend] dashboard  http://127.0.0.1:${httpPort}/dashboard`,
    );
    const health = await fetch(`http://127.0.0.1:${httpPort}/health`);
    expect(health.status).toBe(200);
    const demoLines = started.lines.filter((line) => line.startsWith('demo '));
    expect(demoLines, started.output).toHaveLength(4);
    for (const line of demoLines) expect(line, started.output).toMatch(demoLine);
    return demoLines;
  }

  /** `node bin/passend.js <args> --address 127.0.0.1:<port>`; never rejects. */
  function passend(...args: string[]): Promise<CliResult> {
    return new Promise((done) => {
      const cli = execFile(
        process.execPath,
        [PASSEND, ...args, '--address', address],
        { cwd: ROOT, env, timeout: CLI_MS, maxBuffer: 16 * 1024 * 1024 },
        (error: ExecFileException | null, stdout: string, stderr: string) => {
          cliProcesses.delete(cli);
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
          done({ code, stdout, stderr });
        },
      );
      cliProcesses.add(cli);
    });
  }

  const describeRun = (result: CliResult) =>
    `exit ${result.code}\n--- stdout ---\n${result.stdout}--- stderr ---\n${result.stderr}`;

  function viewOf(result: CliResult): CaseView {
    expect(result.code, describeRun(result)).toBe(0);
    return JSON.parse(result.stdout) as CaseView;
  }

  /**
   * Signals the stack as `signals` says, waits for it to exit, and records what it left behind; then ends
   * whatever is left (so a failure here does not spill into the next test) and asserts on the record.
   */
  async function stopAndExpectNothingLeft(
    started: StartedStack,
    signals: (started: StartedStack) => Promise<void>,
    expectGraceful: boolean,
  ): Promise<void> {
    let exit: { code: number | null; signal: NodeJS.Signals | null };
    let left: { temporalPortFree: boolean; uiPortFree: boolean; servers: number[] };
    try {
      await signals(started);
      exit = await started.waitForExit(STOP_MS);
      // A forced stop may take a moment to reach the server; a clean one has already waited for it.
      const deadline = Date.now() + (expectGraceful ? 0 : 10_000);
      while (Date.now() < deadline && !(await portIsFree(temporalPort))) await sleep(250);
      left = {
        temporalPortFree: await portIsFree(temporalPort),
        uiPortFree: await portIsFree(uiPort),
        servers: await processesMentioning(join(dataDir, 'temporal.db')),
      };
    } finally {
      await started.destroy(dataDir);
    }
    const context = `exit ${JSON.stringify(exit)}\n${started.output}`;
    if (expectGraceful) {
      expect.soft(started.stdout.trimEnd().endsWith('[passend] stopped'), context).toBe(true);
      expect.soft(exit.code, context).toBe(0);
    }
    expect.soft(left.servers, `a Temporal dev server is still running (pids); ${context}`).toEqual([]);
    expect
      .soft(left.temporalPortFree, `the Temporal port ${temporalPort} is still taken; ${context}`)
      .toBe(true);
    expect.soft(left.uiPortFree, `the Web UI port ${uiPort} is still taken; ${context}`).toBe(true);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'passend-e2e-'));
    [temporalPort = 0, uiPort = 0, httpPort = 0] = await freePorts(3);
    address = `127.0.0.1:${temporalPort}`;
    env = {
      ...process.env,
      PASSEND_DATA: dataDir,
      PASSEND_TEMPORAL_PORT: String(temporalPort),
      PASSEND_UI_PORT: String(uiPort),
      PASSEND_HTTP_PORT: String(httpPort),
    };
    // The CLI must use --address and the default namespace, whatever the caller's shell says.
    delete env['TEMPORAL_ADDRESS'];
    delete env['TEMPORAL_NAMESPACE'];
  });

  afterAll(async () => {
    for (const cli of cliProcesses) cli.kill('SIGKILL');
    for (const started of stacks) await started.destroy(dataDir);
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it(
    'starts the dev server, the worker and the four demo cases, and says where they are',
    async () => {
      const started = await startReady();
      expect(started.stdout, started.output).toContain(`[passend] Temporal   127.0.0.1:${temporalPort} `);
      expect(started.stdout, started.output).toContain(
        `[passend] Web UI     http://localhost:${uiPort}/namespaces/default/workflows`,
      );
      const demoLines = await expectServing(started, /^demo \S+: loaded, stage /);
      expect(demoLines.map((line) => line.split(' ')[1]?.replace(/:$/, '')).sort()).toEqual(DEMO_CASE_IDS);
    },
    READY_MS + 10_000,
  );

  it('shows the demo case M. with its two backdated breaches', async () => {
    const view = viewOf(await passend('case', 'show', 'demo-casus-m', '--json'));
    expect(view.stage).toBe('arrangement');
    expect(view.regisseur).toBe('jz-m-07');
    const breaches = view.journal.filter(
      (entry): entry is BreachEntry => entry.kind === 'deadline.overschreden',
    );
    expect(breaches.map((entry) => entry.dueAt)).toEqual([
      '2013-02-21T11:00:00.000Z',
      '2013-06-12T08:00:00.000Z',
    ]);
  });

  it('shows the demo case Levi closed without breaches', async () => {
    const view = viewOf(await passend('case', 'show', 'demo-levi', '--json'));
    expect(view.closed).toBe(true);
    expect(view.breaches).toBe(0);
  });

  /** The flags of `passend case start` for a toeleiding case, after its case id. */
  const START_FLAGS = [
    '--organisatie',
    'swv-x',
    '--regio',
    'r',
    '--actor',
    'intern-begeleider:ib-1',
    '--regisseur',
    'ib-1',
  ];

  it('starts a case', async () => {
    const result = await passend('case', 'start', 'e2e-1', ...START_FLAGS);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('signaal');
  });

  it('refuses to start a case with a reserved id, naming the argument and why', async () => {
    const result = await passend('case', 'start', 'overdue', ...START_FLAGS);
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain(
      '<caseId>: "overdue" is reserved (GET /cases/overdue lists the overdue cases)',
    );
    const show = await passend('case', 'show', 'overdue');
    expect(show.stderr, describeRun(show)).toContain('case overdue does not exist');
  });

  /** `passend case send e2e-1 intake.gehouden` as swv-1 with idempotency key `key`, then `more`. */
  const sendIntake = (key: string, ...more: string[]) => [
    'case',
    'send',
    'e2e-1',
    'intake.gehouden',
    '--actor',
    'swv:swv-1',
    '--key',
    key,
    ...more,
  ];

  it('sends an event once, and a repeat with the same key is applied only once', async () => {
    const send = sendIntake('k-1', '--json');
    const first = await passend(...send);
    const view = viewOf(first);
    expect(view.stage).toBe('intake');
    expect(first.stderr).not.toContain('already applied');

    const again = await passend(...send);
    const repeated = viewOf(again);
    expect(again.stderr, describeRun(again)).toContain('already applied');
    expect(repeated.stage).toBe('intake');
    expect(repeated.journal).toHaveLength(view.journal.length);
  });

  it('refuses an invalid payload and names the field', async () => {
    const result = await passend(...sendIntake('k-2', '--payload', '{"locatie":"kantoor"}'));
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toContain('invalid-payload');
    expect(result.stderr).toContain('payload.locatie');
  });

  it('refuses an event the stage does not allow', async () => {
    const result = await passend('case', 'send', 'e2e-1', 'evaluatie.gestart', '--actor', 'swv:swv-1');
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toContain('not-allowed-in-stage');
  });

  it('says a missing case does not exist', async () => {
    const result = await passend('case', 'show', 'bestaat-niet');
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toContain('case bestaat-niet does not exist');
  });

  it('exits 2 on a bad command line', async () => {
    const badActor = await passend('case', 'send', 'e2e-1', 'intake.gehouden', '--actor', 'nobody');
    expect(badActor.code, describeRun(badActor)).toBe(2);
    expect(badActor.stderr).toContain('--actor');

    const bogus = await passend('case', 'bogus');
    expect(bogus.code, describeRun(bogus)).toBe(2);
  });

  it(
    'stops the worker and the server on SIGINT to its process group, leaving nothing behind',
    async () => {
      await stopAndExpectNothingLeft(
        stack as StartedStack,
        async (started) => started.signal('SIGINT'),
        true,
      );
    },
    STOP_MS + 10_000,
  );

  it(
    'restarts on the same data: the demo cases are already there and the new case kept its stage',
    async () => {
      const started = await startReady();
      await expectServing(started, /^demo \S+: already there$/);

      const view = viewOf(await passend('case', 'show', 'e2e-1', '--json'));
      expect(view.stage).toBe('intake');

      await stopAndExpectNothingLeft(started, async () => started.signal('SIGINT'), true);
    },
    READY_MS + STOP_MS + 20_000,
  );

  // A second SIGINT during the stop: a user pressing Ctrl-C twice, or tsx's CLI itself, which re-sends the
  // signal to the script when the script has not acknowledged it within 30 ms. Forcing the stop then is fine;
  // leaving the detached Temporal server running is not: it keeps both ports and the SQLite file, and the next
  // `npm start` refuses to start ("port ... is in use").
  it(
    'leaves no Temporal server behind when a second SIGINT arrives during the stop',
    async () => {
      const started = await startReady();
      await stopAndExpectNothingLeft(
        started,
        async () => {
          started.signal('SIGINT');
          await started.waitForStdout('[passend] stopping', STOP_MS);
          started.signal('SIGINT');
        },
        false,
      );
    },
    READY_MS + 2 * STOP_MS + 20_000,
  );
});
