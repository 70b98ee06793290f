/**
 * `npm run bench`: the case workflow against a bare Temporal workflow of the same shape, on a local dev server,
 * plus the pure core in-process and worker memory per open case. Writes the figures into BENCHMARKS.md.
 *
 * Usage: npm run bench -- [--cases N] [--concurrency N] [--warmup N] [--memory-cases N] [--no-write]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import type proto from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { PassendClient } from '../client/index.js';
import { caseBundleOptions } from '../worker/index.js';
import { caseWorkflowId } from '../workflows/definitions.js';
import { seedScenarios } from '../scenarios/index.js';
import type { bareCaseWorkflow, MatchedWork } from './bare-workflow.js';
import { bareGetCaseQuery, bareSearchAttributes, bareSendEventUpdate } from './bare-workflow.js';
import { historyBytes, matchedWorkOf, replayMsPerHistory, workCounts } from './matched.js';
import { benchCore } from './core-bench.js';
import { devServerPid, nodeThreadIds, ownCpuMs, processCpuMs, threadsCpuMs } from './cpu.js';
import { bundle, installQuietRuntime, startBenchEnv } from './dev-env.js';
import { machineInfo } from './machine.js';
import type { BenchResult, HistoryFigure, MemoryFigure, VariantFigure } from './report.js';
import {
  CORE_HEADER,
  coreRows,
  HISTORY_HEADER,
  historyRows,
  GOAL,
  verdictOf,
  markdownSection,
  MEMORY_HEADER,
  memoryRows,
  textTable,
  THROUGHPUT_HEADER,
  throughputRows,
  writeSection,
} from './report.js';
import { benchEvents, benchStart, OPEN_CASE_EVENTS, ROUTE_EVENTS } from './route.js';

/**
 * ours: the case workflow. bare: the bare workflow in a bundle of its own (only @temporalio/workflow).
 * bare-shared: the same bare workflow in the bundle it shares with ours (bench/workflows.ts); the reusable V8
 * context evaluates a bundle's workflow modules once per workflow, so it also pays for zod, XState and the core.
 * bare-upsert: the bare workflow, in bare's bundle and worker, upserting the case's search attributes after every
 * event (throughput only). bare-matched: the bare workflow doing exactly the Temporal work ours did in a recorded
 * case (start attributes, upserts, timers and answer sizes; bench/matched.ts): what XState and the core cost alone.
 */
type Variant = 'ours' | 'bare' | 'bare-shared' | 'bare-upsert' | 'bare-matched';
const VARIANTS: readonly Variant[] = ['ours', 'bare', 'bare-shared', 'bare-upsert', 'bare-matched'];
/** Closed cases per variant whose histories are weighed and replayed. */
const HISTORY_SAMPLE = 20;
/** Replays of every variant's sample, in mirrored order. */
const REPLAY_ROUNDS = 4;
/** The variants whose histories are weighed and replayed (bare-shared's are bare's). */
const HISTORY_VARIANTS: readonly Variant[] = ['ours', 'bare', 'bare-upsert', 'bare-matched'];
/** Memory per open case needs no bare-upsert: search attributes live on the server, not in the worker. */
const MEMORY_VARIANTS: readonly Variant[] = ['ours', 'bare', 'bare-shared'];

interface Options {
  readonly cases: number;
  readonly concurrency: number;
  readonly warmup: number;
  readonly memoryCases: number;
  readonly write: boolean;
}

const USAGE =
  'usage: npm run bench -- [--cases N] [--concurrency N] [--warmup N] [--memory-cases N] [--no-write]\n' +
  '  --cases N         cases per variant through the full route (default 200)\n' +
  '  --concurrency N   cases in flight at once (default 20)\n' +
  '  --warmup N        uncounted warm-up cases per variant (default 40; 0 for none)\n' +
  '  --memory-cases N  open cases per variant for the memory measurement (default 200)\n' +
  '  --no-write        print the figures only; leave BENCHMARKS.md alone';

/** ours and bare-shared run on one worker and task queue (one bundle); bare runs on a worker of its own. */
const SHARED_QUEUE = 'passend-bench';
const BARE_QUEUE = 'passend-bench-bare';
const BENCH_WORKFLOWS = fileURLToPath(new URL('./workflows.ts', import.meta.url));
const BARE_WORKFLOWS = fileURLToPath(new URL('./bare-workflow.ts', import.meta.url));
/** Blocks per variant in the throughput measurement (ABCD DCBA ABCD DCBA). */
const THROUGHPUT_BLOCKS = 4;
const BENCHMARKS_MD = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

class UsageError extends Error {}

/** The signal that interrupted the run, if one did. */
let interruptedBy: NodeJS.Signals | undefined;

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

function count(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined) return fallback;
  const pattern = allowZero ? /^\d+$/ : /^[1-9]\d*$/;
  if (!pattern.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(
      `--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${raw}"`,
    );
  }
  return Number(raw);
}

function parseOptions(argv: readonly string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        cases: { type: 'string' },
        concurrency: { type: 'string' },
        warmup: { type: 'string' },
        'memory-cases': { type: 'string' },
        'no-write': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help === true) return 'help';
  return {
    cases: count('cases', values.cases, 200),
    concurrency: count('concurrency', values.concurrency, 20),
    warmup: count('warmup', values.warmup, 40, true),
    memoryCases: count('memory-cases', values['memory-cases'], 200),
    write: values['no-write'] !== true,
  };
}

/** `global.gc` when node runs with --expose-gc; otherwise the flag is set at run time and gc taken from a fresh context. */
function resolveGc(): { gc: () => void; how: string } {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return { gc: exposed, how: 'global.gc from --expose-gc' };
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return { gc, how: 'gc() via v8.setFlagsFromString("--expose-gc")' };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `task(0..total-1)` with at most `concurrency` in flight. */
async function pool(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, total) }, async () => {
    while (next < total) {
      const index = next++;
      await task(index);
    }
  });
  await Promise.all(lanes);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

type History = proto.temporal.api.history.v1.IHistory;

/** Drives cases of every variant; ours through PassendClient, bare through the plain Temporal client. */
class Driver {
  private serial = 0;
  private readonly run = Date.now().toString(36);
  private readonly passend: PassendClient;
  /** What bare-matched does: read from a recorded case of ours before the bench starts. */
  matched: MatchedWork | undefined;
  /** Closed cases of the measured throughput, per variant, whose histories are weighed and replayed. */
  readonly sample: Record<Variant, string[]> = {
    ours: [],
    bare: [],
    'bare-shared': [],
    'bare-upsert': [],
    'bare-matched': [],
  };

  constructor(
    private readonly client: Client,
    private readonly queues: Readonly<Record<Variant, string>>,
  ) {
    this.passend = new PassendClient(client, { taskQueue: queues.ours });
  }

  /** Starts one case, sends it `events - 1` Updates, and waits for the workflow result when it closes. */
  async drive(variant: Variant, events: number, latencies?: number[]): Promise<void> {
    const caseId = `bench-${this.run}-${variant}-${this.serial++}`;
    const [first, ...rest] = benchEvents(caseId, events);
    if (first === undefined) throw new Error('a bench case needs at least one event');
    const closes = events >= ROUTE_EVENTS;
    if (variant === 'ours') {
      await this.passend.startCase(benchStart(caseId), first);
      for (const event of rest) {
        const began = performance.now();
        await this.passend.sendEvent(caseId, event);
        latencies?.push(performance.now() - began);
      }
      if (closes) await this.client.workflow.getHandle(caseWorkflowId(caseId)).result();
      this.sampled(variant, caseWorkflowId(caseId), closes && latencies !== undefined);
      return;
    }
    const matched = variant === 'bare-matched' ? this.matched : undefined;
    if (variant === 'bare-matched' && matched === undefined) throw new Error('bare-matched needs its work');
    const handle = await this.client.workflow.start<typeof bareCaseWorkflow>('bareCaseWorkflow', {
      workflowId: `bare-${caseId}`,
      taskQueue: this.queues[variant],
      args: [
        {
          caseId,
          events: [first],
          publish: variant === 'bare-upsert',
          ...(matched === undefined ? {} : { matched }),
        },
      ],
      // Matched: listed from the start, as PassendClient.startCase starts a case.
      ...(matched === undefined
        ? {}
        : {
            typedSearchAttributes: bareSearchAttributes(first.type, Date.now()).filter(
              (pair): pair is SearchAttributePair => pair.value !== null,
            ),
          }),
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
    });
    // Mirrors PassendClient.startCase, which answers with the case as the workflow holds it.
    await handle.query(bareGetCaseQuery);
    for (const event of rest) {
      const began = performance.now();
      await handle.executeUpdate(bareSendEventUpdate, { args: [event] });
      latencies?.push(performance.now() - began);
    }
    if (closes) await handle.result();
    this.sampled(variant, `bare-${caseId}`, closes && latencies !== undefined);
  }

  private sampled(variant: Variant, workflowId: string, measured: boolean): void {
    if (measured && this.sample[variant].length < HISTORY_SAMPLE) this.sample[variant].push(workflowId);
  }
}

/** Reads what bare-matched must do from one full case of ours. */
async function calibrate(driver: Driver, client: Client): Promise<MatchedWork> {
  const before = driver.sample.ours.length;
  await driver.drive('ours', ROUTE_EVENTS, []);
  const workflowId = driver.sample.ours.pop();
  if (workflowId === undefined || driver.sample.ours.length !== before)
    throw new Error('no case to calibrate on');
  return matchedWorkOf(await client.workflow.getHandle(workflowId).fetchHistory());
}

/** History bytes per case and replay time per history, every variant's sample replayed in mirrored rounds. */
async function histories(
  driver: Driver,
  client: Client,
  bundles: { readonly shared: WorkflowBundleWithSourceMap; readonly lean: WorkflowBundleWithSourceMap },
): Promise<HistoryFigure[]> {
  const fetched = new Map<Variant, { workflowId: string; history: History }[]>();
  for (const variant of HISTORY_VARIANTS) {
    const ids = driver.sample[variant];
    fetched.set(
      variant,
      await Promise.all(
        ids.map(async (workflowId) => ({
          workflowId,
          history: await client.workflow.getHandle(workflowId).fetchHistory(),
        })),
      ),
    );
  }
  const replayMs = new Map<Variant, number[]>();
  const startupMs = new Map<Variant, number[]>();
  const push = (into: Map<Variant, number[]>, variant: Variant, ms: number) =>
    into.set(variant, [...(into.get(variant) ?? []), ms]);
  for (let round = 0; round < REPLAY_ROUNDS; round++) {
    const order = round % 2 === 0 ? HISTORY_VARIANTS : [...HISTORY_VARIANTS].reverse();
    for (const variant of order) {
      const bundle = variant === 'ours' ? bundles.shared : bundles.lean;
      // An empty replay first: the replay worker's start-up alone, on the bundle this variant replays on.
      push(startupMs, variant, await replayMsPerHistory(bundle, []));
      push(replayMs, variant, await replayMsPerHistory(bundle, fetched.get(variant) ?? []));
    }
  }
  const median = (values: readonly number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  return HISTORY_VARIANTS.map((name) => {
    const sample = fetched.get(name) ?? [];
    const count = Math.max(1, sample.length);
    const events = sample.reduce((sum, each) => sum + (each.history.events?.length ?? 0), 0);
    const bytes = sample.reduce((sum, each) => sum + historyBytes(each.history), 0);
    const rounds = replayMs.get(name) ?? [];
    const startup = median(startupMs.get(name) ?? []);
    return {
      name,
      histories: sample.length,
      eventsPerHistory: events / count,
      bytesPerCase: bytes / count,
      replayMsPerHistory: median(rounds),
      replayStartupMs: startup,
      replayMarginalMsPerHistory: median(rounds.map((perHistory) => (perHistory * count - startup) / count)),
    };
  });
}

/**
 * The blocks every variant runs in: `parts` blocks each, ordered ABCD DCBA ABCD DCBA..., so that a change in the
 * machine's load during the run (other processes, thermal) weighs on every variant alike.
 */
function mirroredBlocks(
  total: number,
  parts: number,
  variants: readonly Variant[] = VARIANTS,
): [Variant, number][] {
  const sizes = Array.from(
    { length: parts },
    (_, part) => Math.floor(((part + 1) * total) / parts) - Math.floor((part * total) / parts),
  );
  return sizes
    .flatMap((size, part) =>
      (part % 2 === 0 ? variants : [...variants].reverse()).map((variant): [Variant, number] => [
        variant,
        size,
      ]),
    )
    .filter(([, size]) => size > 0);
}

/** Where CPU time is read: the bench process, the dev server, and the workflow thread of each variant's worker. */
interface CpuSources {
  readonly server: () => number | undefined;
  readonly workflowThread: Readonly<Record<Variant, () => number | undefined>>;
}

/** CPU milliseconds spent while `run` ran, by `read`; null once any reading failed. */
class CpuMeter {
  total: number | null = 0;

  async measure<T>(read: () => number | undefined, run: () => Promise<T>): Promise<T> {
    const before = read();
    const result = await run();
    const after = read();
    this.total =
      this.total === null || before === undefined || after === undefined ? null : this.total + after - before;
    return result;
  }

  perEvent(events: number): number | null {
    return this.total === null ? null : this.total / events;
  }
}

interface Tally {
  cases: number;
  seconds: number;
  readonly latencies: number[];
  readonly bench: CpuMeter;
  readonly server: CpuMeter;
  readonly workflowThread: CpuMeter;
}

async function throughput(driver: Driver, options: Options, cpu: CpuSources): Promise<VariantFigure[]> {
  // The warm-up runs in mirrored blocks too (ABCDE EDCBA), so that it ends with the variant the measured blocks
  // begin with: a process's CPU per event keeps falling over its first cases, and whichever variant ran first
  // after a warm-up of one variant at a time measured 10-15% more (docs/scale.md).
  if (options.warmup > 0) {
    for (const [variant, size] of mirroredBlocks(options.warmup, 2)) {
      await pool(size, options.concurrency, () => driver.drive(variant, ROUTE_EVENTS));
    }
    log(`warm-up: ${options.warmup} cases of each variant done, in blocks ABCDE EDCBA (not counted)`);
  }
  const tallies = Object.fromEntries(
    VARIANTS.map((variant): [Variant, Tally] => [
      variant,
      {
        cases: 0,
        seconds: 0,
        latencies: [],
        bench: new CpuMeter(),
        server: new CpuMeter(),
        workflowThread: new CpuMeter(),
      },
    ]),
  ) as Record<Variant, Tally>;
  const step = Math.max(1, Math.round(options.cases / 4));
  for (const [variant, size] of mirroredBlocks(options.cases, THROUGHPUT_BLOCKS)) {
    const tally = tallies[variant];
    const began = performance.now();
    const block = () =>
      pool(size, options.concurrency, async () => {
        await driver.drive(variant, ROUTE_EVENTS, tally.latencies);
        tally.cases++;
        if (tally.cases % step === 0 || tally.cases === options.cases) {
          log(`${variant}: ${tally.cases}/${options.cases} cases`);
        }
      });
    await tally.bench.measure(ownCpuMs, () =>
      tally.server.measure(cpu.server, () =>
        tally.workflowThread.measure(cpu.workflowThread[variant], block),
      ),
    );
    tally.seconds += (performance.now() - began) / 1000;
  }
  return VARIANTS.map((name) => {
    const { cases, seconds, latencies, bench, server, workflowThread } = tallies[name];
    const events = cases * ROUTE_EVENTS;
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      name,
      cases,
      events,
      seconds,
      casesPerSecond: cases / seconds,
      eventsPerSecond: events / seconds,
      updateP50Ms: percentile(sorted, 50),
      updateP95Ms: percentile(sorted, 95),
      benchCpuMsPerEvent: bench.perEvent(events) ?? 0,
      workflowThreadCpuMsPerEvent: workflowThread.perEvent(events),
      serverCpuMsPerEvent: server.perEvent(events),
    };
  });
}

async function settledMemory(gc: () => void): Promise<NodeJS.MemoryUsage> {
  for (let round = 0; round < 3; round++) {
    gc();
    await sleep(100);
  }
  return process.memoryUsage();
}

/** Waits until `worker` holds `expected` workflows in its sticky cache (or 10 s passed); returns how many it holds. */
async function waitForCache(worker: Worker, expected: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  let cached = worker.getStatus().numCachedWorkflows;
  while (cached < expected && Date.now() < deadline) {
    await sleep(50);
    cached = worker.getStatus().numCachedWorkflows;
  }
  return cached;
}

async function memory(
  driver: Driver,
  workers: Readonly<Record<Variant, Worker>>,
  options: Options,
  gc: () => void,
): Promise<{ figures: MemoryFigure[]; cached: number }> {
  // Warm-up: module code and JIT for every variant; closed workflows leave the cache.
  for (const variant of MEMORY_VARIANTS) {
    await pool(10, options.concurrency, () => driver.drive(variant, ROUTE_EVENTS));
  }
  const zero = (): Record<Variant, number> => ({
    ours: 0,
    bare: 0,
    'bare-shared': 0,
    'bare-upsert': 0,
    'bare-matched': 0,
  });
  const heap = zero();
  const rss = zero();
  const opened = zero();
  const expected = new Map<Worker, number>();
  let before = await settledMemory(gc);
  for (const [variant, size] of mirroredBlocks(options.memoryCases, 2, MEMORY_VARIANTS)) {
    await pool(size, options.concurrency, () => driver.drive(variant, OPEN_CASE_EVENTS));
    const worker = workers[variant];
    const open = (expected.get(worker) ?? 0) + size;
    expected.set(worker, open);
    const cached = await waitForCache(worker, open);
    if (cached < open) {
      throw new Error(`only ${cached} of ${open} open cases are cached: raise maxCachedWorkflows`);
    }
    const after = await settledMemory(gc);
    heap[variant] += after.heapUsed - before.heapUsed;
    rss[variant] += after.rss - before.rss;
    opened[variant] += size;
    log(`memory: ${opened[variant]}/${options.memoryCases} open ${variant} cases`);
    before = after;
  }
  const figures = MEMORY_VARIANTS.map((name) => ({
    name,
    cases: opened[name],
    heapPerCaseKiB: heap[name] / opened[name] / 1024,
    rssPerCaseKiB: rss[name] / opened[name] / 1024,
  }));
  const cached = [...new Set(Object.values(workers))].reduce(
    (sum, worker) => sum + worker.getStatus().numCachedWorkflows,
    0,
  );
  return { figures, cached };
}

/** Waits (at most 10 s) until workers that were shutting down have let go of the connection. */
async function workersStopped(workers: readonly Worker[]): Promise<void> {
  const busy = new Set(['RUNNING', 'STOPPING', 'DRAINING', 'DRAINED']);
  const deadline = Date.now() + 10_000;
  while (workers.some((worker) => busy.has(worker.getState())) && Date.now() < deadline) await sleep(50);
}

/** CPU milliseconds per event of the bench process and the server together (the bench process alone without /proc). */
function cpuPerEvent(figure: VariantFigure): number {
  return figure.benchCpuMsPerEvent + (figure.serverCpuMsPerEvent ?? 0);
}

function commandLine(argv: readonly string[]): string {
  const args = argv.join(' ');
  if (process.env['npm_lifecycle_event'] === 'bench')
    return `npm run bench${args === '' ? '' : ` -- ${args}`}`;
  return `npx tsx bench/run.ts${args === '' ? '' : ` ${args}`}`;
}

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseOptions(argv);
  if (parsed === 'help') {
    console.log(USAGE);
    return;
  }
  const options = parsed;
  const began = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const { gc, how } = resolveGc();
  const machine = machineInfo();
  log(
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryGiB} GiB, Node.js ${machine.node}, ` +
      `load average ${loadAtStart.toFixed(2)}`,
  );
  if (loadAtStart > machine.cores / 2) {
    log(`note: other processes keep the machine busy; wall-clock figures will be noisy, CPU figures less so`);
  }

  // The pure core first, while nothing else runs on the machine.
  log('pure core: in-process, no Temporal');
  const core = benchCore(options.cases, seedScenarios());
  for (const figure of core) log(`${figure.label}: ${Math.round(figure.eventsPerSecond)} events/s`);

  // The shared worker holds the open ours and bare-shared cases at once: twice the memory cases, plus room.
  const maxCachedWorkflows = 2 * options.memoryCases + 100;
  const outboxDir = mkdtempSync(join(tmpdir(), 'passend-bench-'));
  const activities = createActivities({ outboxPath: join(outboxDir, 'outbox.jsonl') });
  let starting: Promise<TestWorkflowEnvironment> | undefined;
  const created: Worker[] = [];
  let tornDown: Promise<void> | undefined;
  const teardown = (): Promise<void> => {
    tornDown ??= (async () => {
      // A signal during start-up waits for the server to be up, so that it can be stopped.
      const env = await starting?.catch(() => undefined);
      await workersStopped(created);
      try {
        await env?.teardown();
      } catch (error) {
        // Should a worker still hold the connection, the server is stopped by its pid (the SDK starts it detached).
        log(`teardown: ${(error as Error).message}; stopping the dev server directly`);
        const pid = env === undefined ? undefined : devServerPid(env.address);
        if (pid !== undefined) process.kill(pid, 'SIGTERM');
      } finally {
        rmSync(outboxDir, { recursive: true, force: true });
      }
    })();
    return tornDown;
  };
  const running = new Set<Worker>();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interruptedBy === undefined && running.size > 0) {
      // Stopping the workers ends `runUntil`; the `finally` below then stops the dev server.
      interruptedBy = signal;
      log(`${signal}: stopping the workers and the dev server`);
      for (const worker of running) if (worker.getState() === 'RUNNING') worker.shutdown();
      return;
    }
    interruptedBy = signal;
    log(`${signal}: stopping the dev server`);
    void teardown().finally(() => process.exit(130));
  };
  // A closed stdout (`| head`) must not end the process before the dev server is stopped.
  process.stdout.on('error', () => undefined);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let throughputFigures: VariantFigure[];
  let historyFigures: HistoryFigure[];
  let matchedWork: MatchedWork | undefined;
  let memoryResult: { figures: MemoryFigure[]; cached: number };
  try {
    log('starting the Temporal dev server and bundling the workflows');
    installQuietRuntime();
    starting = startBenchEnv();
    const [env, shared, lean] = await Promise.all([
      starting,
      // The shared bundle is built as the case worker builds its own (worker/index.ts); bare's has only bare.
      bundle(BENCH_WORKFLOWS, caseBundleOptions()),
      bundle(BARE_WORKFLOWS),
    ]);
    const serverPid = devServerPid(env.address);
    const base = {
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      maxCachedWorkflows,
    };
    const client = env.client;
    const createWorkers = async (suffix: string, debugMode: boolean) => {
      const queues = {
        ours: SHARED_QUEUE + suffix,
        'bare-shared': SHARED_QUEUE + suffix,
        bare: BARE_QUEUE + suffix,
        'bare-upsert': BARE_QUEUE + suffix,
        'bare-matched': BARE_QUEUE + suffix,
      };
      // A worker starts its workflow thread when it is created: the new `node` threads are that worker's.
      const threadsBefore = nodeThreadIds();
      const sharedWorker = await Worker.create({
        ...base,
        taskQueue: queues.ours,
        workflowBundle: shared,
        activities,
        debugMode,
      });
      const threadsBetween = nodeThreadIds();
      const bareWorker = await Worker.create({
        ...base,
        taskQueue: queues.bare,
        workflowBundle: lean,
        debugMode,
      });
      const sharedThreads = new Set([...threadsBetween].filter((id) => !threadsBefore.has(id)));
      const bareThreads = new Set([...nodeThreadIds()].filter((id) => !threadsBetween.has(id)));
      const threadCpu = (ids: ReadonlySet<number>) => (): number | undefined =>
        ids.size === 0 ? undefined : threadsCpuMs(ids);
      const workflowThread: Record<Variant, () => number | undefined> = {
        ours: threadCpu(sharedThreads),
        'bare-shared': threadCpu(sharedThreads),
        bare: threadCpu(bareThreads),
        'bare-upsert': threadCpu(bareThreads),
        'bare-matched': threadCpu(bareThreads),
      };
      created.push(sharedWorker, bareWorker);
      const workers = {
        ours: sharedWorker,
        'bare-shared': sharedWorker,
        bare: bareWorker,
        'bare-upsert': bareWorker,
        'bare-matched': bareWorker,
      };
      const runUntil = async <T>(fn: () => Promise<T>): Promise<T> => {
        running.add(sharedWorker).add(bareWorker);
        try {
          return await sharedWorker.runUntil(() => bareWorker.runUntil(fn));
        } finally {
          running.delete(sharedWorker);
          running.delete(bareWorker);
        }
      };
      return { driver: new Driver(client, queues), workers, workflowThread, runUntil };
    };

    const run = await createWorkers('', false);
    log(
      `throughput: ${options.cases} cases per variant, ${ROUTE_EVENTS} events each, ${options.concurrency} in flight`,
    );
    const server = (): number | undefined => (serverPid === undefined ? undefined : processCpuMs(serverPid));
    throughputFigures = await run.runUntil(async () => {
      run.driver.matched = matchedWork = await calibrate(run.driver, client);
      const counts = workCounts(matchedWork);
      log(
        `bare-matched does what a case of ours did: ${counts.upserts} upserts ` +
          `(${counts.upsertedAttributes} attributes), ${counts.timers} timers, ` +
          `${counts.answerBytes} bytes of Update answers per case`,
      );
      return throughput(run.driver, options, { server, workflowThread: run.workflowThread });
    });
    log(`histories: ${HISTORY_SAMPLE} closed cases per variant weighed, replayed ${REPLAY_ROUNDS} times`);
    historyFigures = await histories(run.driver, client, { shared, lean });

    // Memory: workflows on the main thread (debugMode) so that gc() and heapUsed see the workflow sandboxes.
    const held = await createWorkers('-memory', true);
    log(`memory: ${options.memoryCases} open cases per variant, ${OPEN_CASE_EVENTS} events each`);
    memoryResult = await held.runUntil(() => memory(held.driver, held.workers, options, gc));
  } finally {
    log('stopping the dev server');
    await teardown();
  }

  const [ours, bare, bareShared, bareUpsert, bareMatched] = throughputFigures;
  const historyOf = (name: Variant) => historyFigures.find((figure) => figure.name === name);
  const [oursHistory, bareHistory] = [historyOf('ours'), historyOf('bare')];
  const [oursMemory, bareMemory, bareSharedMemory] = memoryResult.figures;
  if (
    ours === undefined ||
    bare === undefined ||
    bareShared === undefined ||
    bareUpsert === undefined ||
    bareMatched === undefined ||
    oursHistory === undefined ||
    bareHistory === undefined ||
    matchedWork === undefined ||
    oursMemory === undefined ||
    bareMemory === undefined ||
    bareSharedMemory === undefined
  ) {
    throw new Error('a variant has no figures');
  }
  const result: BenchResult = {
    date: new Date().toISOString(),
    machine,
    command: commandLine(argv),
    settings: {
      cases: options.cases,
      concurrency: options.concurrency,
      warmup: options.warmup,
      memoryCases: options.memoryCases,
      routeEvents: ROUTE_EVENTS,
      openCaseEvents: OPEN_CASE_EVENTS,
      maxCachedWorkflows,
      gc: how,
    },
    throughput: throughputFigures,
    throughputRatio: ours.eventsPerSecond / bare.eventsPerSecond,
    throughputRatioShared: ours.eventsPerSecond / bareShared.eventsPerSecond,
    throughputRatioUpsert: ours.eventsPerSecond / bareUpsert.eventsPerSecond,
    cpuRatio: cpuPerEvent(bare) / cpuPerEvent(ours),
    cpuRatioUpsert: cpuPerEvent(bareUpsert) / cpuPerEvent(ours),
    throughputRatioMatched: ours.eventsPerSecond / bareMatched.eventsPerSecond,
    cpuRatioMatched: cpuPerEvent(bareMatched) / cpuPerEvent(ours),
    matchedWork: workCounts(matchedWork),
    histories: historyFigures,
    historyBytesRatio: oursHistory.bytesPerCase / bareHistory.bytesPerCase,
    replayRatio: bareHistory.replayMsPerHistory / oursHistory.replayMsPerHistory,
    replayRatioMarginal: bareHistory.replayMarginalMsPerHistory / oursHistory.replayMarginalMsPerHistory,
    load: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    core,
    memory: memoryResult.figures,
    memoryRatio: oursMemory.heapPerCaseKiB / bareMemory.heapPerCaseKiB,
    memoryRatioShared: oursMemory.heapPerCaseKiB / bareSharedMemory.heapPerCaseKiB,
    cachedDuringMemory: memoryResult.cached,
    totalSeconds: (performance.now() - began) / 1000,
  };

  console.log('');
  console.log(textTable(THROUGHPUT_HEADER, throughputRows(result.throughput)));
  const verdict = verdictOf(result).text;
  console.log(
    `ratio ours/bare (events/s): ${result.throughputRatio.toFixed(3)}  (goal >= ${GOAL.toFixed(2)}: ${verdict}); ` +
      `ours/bare-shared: ${result.throughputRatioShared.toFixed(2)}; from CPU per event: ${result.cpuRatio.toFixed(2)}\n` +
      `ratio ours/bare-upsert: ${result.throughputRatioUpsert.toFixed(2)}; ` +
      `from CPU per event: ${result.cpuRatioUpsert.toFixed(2)}\n` +
      `ratio ours/bare-matched (the same Temporal work on both sides): ${result.throughputRatioMatched.toFixed(2)}; ` +
      `from CPU per event: ${result.cpuRatioMatched.toFixed(2)}`,
  );
  console.log('');
  console.log(textTable(HISTORY_HEADER, historyRows(result.histories)));
  console.log(
    `history bytes per case ours/bare: ${result.historyBytesRatio.toFixed(2)}; ` +
      `replay speed ours/bare (bare's ms per history over ours): ${result.replayRatio.toFixed(2)}; ` +
      `after the replay worker's start-up: ${result.replayRatioMarginal.toFixed(2)}`,
  );
  console.log('');
  console.log(textTable(CORE_HEADER, coreRows(result.core)));
  console.log('');
  console.log(textTable(MEMORY_HEADER, memoryRows(result.memory)));
  console.log(
    `ratio ours/bare (heap per open case): ${result.memoryRatio.toFixed(2)}; ` +
      `ours/bare-shared: ${result.memoryRatioShared.toFixed(2)}`,
  );
  console.log('');
  if (options.write) {
    await writeSection(BENCHMARKS_MD, markdownSection(result));
    log(`figures written to BENCHMARKS.md (${result.totalSeconds.toFixed(0)} s in all)`);
  } else {
    log(`--no-write: BENCHMARKS.md left alone (${result.totalSeconds.toFixed(0)} s in all)`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (interruptedBy !== undefined) {
      console.error(`[bench] interrupted (${interruptedBy}); nothing written`);
      process.exit(130);
    }
    if (error instanceof UsageError) {
      console.error(`[bench] ${error.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error('[bench] failed:', error);
    process.exit(1);
  },
);
