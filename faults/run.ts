// A fault run, as an operator would meet faults: cases on a dev server that keeps its state in a SQLite file, a
// `passend worker` process, events sent to every case at once (each preceded by a read, as a dashboard and the CLI
// do) while deadline timers fall due, and the worker and the server killed outright (SIGKILL) at random moments
// and started again. Afterwards it checks what a case's users rely on: every accepted event is in the journal
// once, every due deadline was recorded once, every notification carries one id for one content, and every
// case's history replays against the workflow code. `npm run faults` runs a larger one and prints the figures;
// test/faults/fault-suite.test.ts runs a small one in `npm test`.
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Worker } from '@temporalio/worker';
import { caseWorkflowId, PassendClient } from '../client/index.js';
import type { CaseView, EventInput } from '../core/index.js';
import { EventRejectedError } from '../core/index.js';
import { caseWorkflowBundle } from '../worker/index.js';
import { TASK_QUEUE } from '../workflows/definitions.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { startWorkerProcess, type WorkerProcess } from './worker-process.js';

const DAY = 86_400_000;

export interface FaultRunOptions {
  readonly cases: number;
  /** Events sent to each case after its signal. */
  readonly events: number;
  readonly workerKills: number;
  readonly serverKills: number;
  /** Seed of the random gaps, due moments and kill moments: the same seed gives the same plan. */
  readonly seed: number;
  /** Progress lines (a long run reports what it is doing). */
  readonly say?: (line: string) => void;
  /**
   * A server that is already running (the Temporal server on PostgreSQL, say) instead of the run's own dev server
   * on a SQLite file; it is not killed, so `serverKills` must be 0.
   */
  readonly server?: { readonly address: string };
  /** Worker processes beside the one that is killed, polling the same task queue and never killed (default 0). */
  readonly steadyWorkers?: number;
  /** Whether a killed worker is started again (default true); without, the steady workers carry on alone. */
  readonly restartKilledWorker?: boolean;
  /** Whether each kill waits (up to 2 s past its moment) for a send to be under way (default false). */
  readonly killUnderLoad?: boolean;
}

export interface FaultRunFigures {
  readonly cases: number;
  readonly eventsSent: number;
  readonly eventsJournaled: number;
  readonly eventsLost: number;
  readonly eventsDoubled: number;
  readonly eventsRefused: number;
  readonly sendAttempts: number;
  /** Sends (a read and an Update) under way at the moments of the kills, summed over the kills. */
  readonly sendsInFlightAtKills: number;
  readonly workerKills: number;
  readonly serverKills: number;
  readonly deadlinesDue: number;
  readonly breachesRecordedOnce: number;
  readonly breachesDoubled: number;
  readonly notificationIds: number;
  readonly notificationLines: number;
  readonly notificationIdsWithTwoContents: number;
  readonly notificationsMissing: number;
  readonly historiesReplayed: number;
  readonly replayFailures: readonly string[];
  readonly seconds: number;
}

/** A small seeded generator (mulberry32), so a run's plan can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `work`, or a timeout error after `ms`: a call that waits on a dead server is abandoned and sent again. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function handover(caseId: string, index: number): EventInput {
  return {
    type: 'regie.overgedragen',
    // The signal names r-1; each handover goes to the other regisseur.
    payload: { regisseur: index % 2 === 1 ? 'r-2' : 'r-1', reden: 'anders' },
    actor: { role: 'swv', id: 'swv-fault-1' },
    idempotencyKey: `${caseId}/${index}`,
  };
}

/** Runs the fault run in a temporary folder and returns its figures; the folder is removed afterwards. */
export async function runFaults(options: FaultRunOptions): Promise<FaultRunFigures> {
  const say = options.say ?? (() => undefined);
  const started = Date.now();
  const next = random(options.seed);
  const dir = mkdtempSync(join(tmpdir(), 'passend-faults-'));
  const outboxPath = join(dir, 'outbox.jsonl');
  let server: ServerProcess | undefined;
  let worker: WorkerProcess | undefined;
  const steady: WorkerProcess[] = [];
  if (options.server !== undefined && options.serverKills > 0)
    throw new RangeError('serverKills: a server given to the run is not killed; use 0');
  try {
    if (options.server === undefined) {
      say(`starting a dev server on ${join(dir, 'temporal.db')} and a worker`);
      server = await startServerProcess(join(dir, 'temporal.db'));
    }
    const address = options.server?.address ?? server?.address ?? '';
    for (let index = 0; index < (options.steadyWorkers ?? 0); index++)
      steady.push(await startWorkerProcess(address, { outboxPath }));
    worker = await startWorkerProcess(address, { outboxPath });
    const connection = await Connection.connect({ address });
    const passend = new PassendClient(new Client({ connection }), { taskQueue: TASK_QUEUE });

    // Each case's intake deadline falls due during the events, at a moment of its own.
    const spread = Math.max(20_000, options.events * 900);
    const caseIds = Array.from({ length: options.cases }, (_, index) => `fault-${options.seed}-${index + 1}`);
    for (const caseId of caseIds) {
      const dueAt = Date.now() + 8_000 + Math.floor(next() * spread);
      await passend.startCase(
        { caseId, organisatie: 'swv-fault', regio: 'fault' },
        {
          type: 'signaal.gemeld',
          payload: { regisseur: 'r-1' },
          actor: { role: 'swv', id: 'swv-fault-1' },
          idempotencyKey: `${caseId}/0`,
          occurredAt: new Date(dueAt - 7 * DAY).toISOString(),
        },
      );
    }
    say(`${options.cases} cases started; sending ${options.events} events to each while killing`);

    let sendAttempts = 0;
    let inFlight = 0;
    let inFlightAtKills = 0;
    let refused = 0;
    const drive = async (caseId: string) => {
      for (let index = 1; index <= options.events; index++) {
        // The events of a case spread over the whole run, so that the kills and the due moments fall among them.
        await sleep(Math.floor(((0.5 + next()) * spread) / Math.max(1, options.events)));
        const event = handover(caseId, index);
        for (;;) {
          sendAttempts++;
          inFlight++;
          try {
            await within(5_000, passend.getCase(caseId)).catch(() => undefined);
            await within(15_000, passend.sendEvent(caseId, event));
            break;
          } catch (error) {
            if (error instanceof EventRejectedError) {
              refused++;
              say(`${caseId}: event ${index} refused: ${error.message}`);
              break;
            }
            await sleep(500);
          } finally {
            inFlight--;
          }
        }
      }
    };

    const kills: { at: number; what: 'worker' | 'server' }[] = [
      ...Array.from({ length: options.workerKills }, () => ({ at: next(), what: 'worker' as const })),
      ...Array.from({ length: options.serverKills }, () => ({ at: next(), what: 'server' as const })),
    ].sort((a, b) => a.at - b.at);
    const killer = async () => {
      let elapsed = 0;
      for (const kill of kills) {
        const at = 3_000 + Math.floor(kill.at * spread);
        await sleep(Math.max(0, at - elapsed));
        elapsed = at;
        const down = 1_000 + Math.floor(next() * 3_000);
        // Up to 2 s more for a moment with sends under way, so that a run with few kills still kills under load.
        if (options.killUnderLoad === true)
          for (let waited = 0; inFlight === 0 && waited < 2_000; waited += 20) await sleep(20);
        inFlightAtKills += inFlight;
        if (kill.what === 'worker') {
          const restart = options.restartKilledWorker ?? true;
          say(`killing the worker (pid ${worker?.pid}); ${restart ? `back in ${down} ms` : 'not restarted'}`);
          await worker?.kill();
          await sleep(down);
          if (restart) worker = await startWorkerProcess(address, { outboxPath });
        } else {
          say(`killing the server; back in ${down} ms`);
          await server?.kill();
          await sleep(down);
          await server?.restart();
        }
        elapsed += down;
      }
    };
    await Promise.all([...caseIds.map(drive), killer()]);

    // Every due moment has passed and been acted on; then each case is read and checked.
    say('events sent; waiting for every deadline to be recorded');
    const views = new Map<string, CaseView>();
    const until = Date.now() + 120_000;
    for (const caseId of caseIds) {
      for (;;) {
        const view = await within(10_000, passend.getCase(caseId)).catch(() => undefined);
        if (view !== undefined && (view.breaches > 0 || Date.now() > until)) {
          views.set(caseId, view);
          break;
        }
        if (view === undefined && Date.now() > until) throw new Error(`${caseId} cannot be read`);
        await sleep(500);
      }
    }

    let journaled = 0;
    let lost = 0;
    let doubled = 0;
    let breachesOnce = 0;
    let breachesDoubled = 0;
    for (const [caseId, view] of views) {
      const keys = view.journal.flatMap((entry) =>
        entry.kind === 'gebeurtenis' ? [entry.idempotencyKey] : [],
      );
      const unique = new Set(keys);
      journaled += unique.size - 1;
      doubled += keys.length - unique.size;
      for (let index = 1; index <= options.events; index++) if (!unique.has(`${caseId}/${index}`)) lost++;
      const breaches = view.journal.filter(
        (entry) => entry.kind === 'deadline.overschreden' && entry.normId === 'intake-na-signaal',
      ).length;
      if (breaches === 1) breachesOnce++;
      if (breaches > 1) breachesDoubled++;
    }

    const lines = existsSync(outboxPath)
      ? readFileSync(outboxPath, 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as { notificationId: string })
      : [];
    const contents = new Map<string, Set<string>>();
    for (const line of lines) {
      const seen = contents.get(line.notificationId) ?? new Set<string>();
      seen.add(JSON.stringify(line));
      contents.set(line.notificationId, seen);
    }
    const missing = caseIds.filter(
      (caseId) =>
        ![...contents.keys()].some(
          (id) => id.startsWith(`${caseId}/`) && id.includes('/deadline.overschreden/'),
        ),
    ).length;

    say('replaying every history against the workflow code');
    const bundle = await caseWorkflowBundle(new DefaultLogger('WARN'));
    const failures: string[] = [];
    let replayed = 0;
    const client = new Client({ connection });
    for (const caseId of caseIds) {
      const history = await client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
      try {
        await Worker.runReplayHistory({ workflowBundle: bundle }, history, caseWorkflowId(caseId));
        replayed++;
      } catch (error) {
        failures.push(`${caseId}: ${String(error).slice(0, 300)}`);
      }
    }
    await connection.close();

    return {
      cases: options.cases,
      eventsSent: options.cases * options.events,
      eventsJournaled: journaled,
      eventsLost: lost,
      eventsDoubled: doubled,
      eventsRefused: refused,
      sendAttempts,
      sendsInFlightAtKills: inFlightAtKills,
      workerKills: options.workerKills,
      serverKills: options.serverKills,
      deadlinesDue: options.cases,
      breachesRecordedOnce: breachesOnce,
      breachesDoubled,
      notificationIds: contents.size,
      notificationLines: lines.length,
      notificationIdsWithTwoContents: [...contents.values()].filter((seen) => seen.size > 1).length,
      notificationsMissing: missing,
      historiesReplayed: replayed,
      replayFailures: failures,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await worker?.kill();
    for (const other of steady) await other.kill();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
