/**
 * Scale of the visibility queries: how the overdue query and the dashboard's data endpoint behave with 1,000
 * and with 10,000 open cases on the dev server. Coordinators list cases through one visibility query on the
 * search attributes (no workflow is asked), so the latency should grow far less than the number of cases.
 *
 * One organisation, `swv-vast`, holds the same cases at every size (50 overdue, 50 on schedule): its queries
 * return the same rows at every size, so their ratio shows what the index costs, not the size of the answer.
 * The "all overdue" query and the auditor's dashboard grow with the answer and are reported per row as well.
 *
 * Used by `bench/scale-main.ts` (standalone) and by `npm run bench` (`bench/run.ts`).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { Client } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { PassendClient, visibilityQuery } from '../client/index.js';
import type { EventInput } from '../core/index.js';
import { advanceTo, currentPin, listedVisibility, openCase, visibilityOf } from '../core/index.js';
import { createHttpServer } from '../http/server.js';
import { ROUTES } from '../http/routes.js';
import { CASE_WORKFLOW_VERSION, caseWorkflowId } from '../workflows/definitions.js';
import type { caseWorkflow } from '../workflows/index.js';
import { startSearchAttributes } from '../workflows/search-attributes.js';
import { ownCpuMs } from './cpu.js';
import { installQuietRuntime } from './dev-env.js';
import type { MachineInfo } from './machine.js';
import { machineInfo } from './machine.js';
import { writeMarkedSection } from './markdown-file.js';
import type { ScaleServer, ScaleServerKind } from './scale-server.js';
import { startScaleServer } from './scale-server.js';

export const SCALE_START_MARKER = '<!-- scale:start -->';
export const SCALE_END_MARKER = '<!-- scale:end -->';
/** The markers of the figures on the Temporal server on PostgreSQL (`--server postgres`). */
export const SCALE_POSTGRES_MARKERS = {
  start: '<!-- scale-postgres:start -->',
  end: '<!-- scale-postgres:end -->',
};
const SECTION_TITLE = '## Scale: visibility queries';
const POSTGRES_SECTION_TITLE = '### Scale on the Temporal server on PostgreSQL';
const BENCHMARKS_MD = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

/** The organisation whose cases are the same at every size. */
export const FIXED_ORGANISATIE = 'swv-vast';
const FIXED_REGIO = 'vast';
/** Overdue (signal 30 days ago) and on-schedule cases of {@link FIXED_ORGANISATIE}, at every size. */
export const FIXED_OVERDUE = 50;
export const FIXED_ON_SCHEDULE = 50;
const FIXED_OPEN = FIXED_OVERDUE + FIXED_ON_SCHEDULE;
/** The other organisations the growing cases are spread over; two of them share a region. */
const OTHER_ORGANISATIES: readonly { readonly organisatie: string; readonly regio: string }[] = [
  { organisatie: 'swv-noord', regio: 'noord' },
  { organisatie: 'swv-zuid', regio: 'zuid' },
  { organisatie: 'swv-west', regio: 'west' },
  { organisatie: 'swv-oost', regio: 'west' },
];
const REGISSEURS_PER_ORGANISATIE = 6;
/** The client's `listCases` (and the dashboard) read at most this many cases. */
export const MAX_SIZE = 100_000;

/** The most rows one list returns (`limit`); the dashboard and the KPI walk past it page by page. */
const LIST_LIMIT = 10_000;

/** Each size has a namespace of its own on the one dev server, so that all sizes are measured in turn. */
const namespaceOf = (size: number): string => `scale-${size}`;
/** Case starts in flight at once, unless the options say otherwise. */
const CONCURRENCY = 50;
/** Uncounted rounds of every probe before the measured ones, at every size. */
const WARMUP_ROUNDS = 3;
/** How long visibility may take to show every case as it stands before the bench gives up. */
const VISIBILITY_TIMEOUT_MS = 180_000;
const TASK_QUEUE = 'passend-scale';
const DAY = 86_400_000;
/** How far back an overdue case's signal lies: past the Breda route's three weeks (and the intake's week). */
const OVERDUE_DAYS = 30;

/** What {@link runScaleBench} takes; `sizes`, `overdueShare`, `repeats` and `write` are required. */
export interface ScaleOptions {
  /** Numbers of open cases to measure at, ascending; the cases grow from one size to the next. */
  readonly sizes: readonly number[];
  /** The share of all open cases that is overdue at every size (e.g. 0.1). */
  readonly overdueShare: number;
  /** Measured runs of every probe at every size (after {@link WARMUP_ROUNDS} uncounted ones). */
  readonly repeats: number;
  /** Whether to write the figures into BENCHMARKS.md. */
  readonly write: boolean;
  /** The command line to record in BENCHMARKS.md (default: guessed from how the process was started). */
  readonly command?: string;
  /** Where progress lines go (default: stdout with a `[scale]` prefix). */
  readonly log?: (message: string) => void;
  /** Whether SIGINT/SIGTERM stop the dev server and exit 130 (default true). */
  readonly handleSignals?: boolean;
  /**
   * Seconds that starting cases may take in all (default: no limit). When the start rate measured so far says
   * the next size would not fit, the bench grows to the largest multiple of 1,000 that does (or stops) and
   * says so in its output and in BENCHMARKS.md.
   */
  readonly startBudgetSeconds?: number;
  /** The server to fill and ask (default the dev server). */
  readonly server?: ScaleServerKind;
  /** Case starts in flight at once (default 50). */
  readonly concurrency?: number;
}

/** Bad options: the message names the option and why; the standalone entry exits with code 2 on it. */
export class ScaleOptionsError extends RangeError {}

/** One probe at one size: its latency over the measured runs and the rows it returned. */
export interface ProbeFigure {
  readonly probe: string;
  readonly size: number;
  readonly rows: number;
  readonly runs: number;
  /** Runs that failed (an HTTP 503 when the request's 15 s deadline passed): not in the latencies. */
  readonly failedRuns: number;
  /** The first failure's message, when a run failed. */
  readonly failure: string | null;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly meanMs: number;
  /** p50 divided by the rows returned. */
  readonly p50MsPerRow: number;
}

/** One size: how its cases were started, how long visibility took to catch up, and every probe. */
export interface SizeFigure {
  readonly size: number;
  readonly overdue: number;
  /** Cases started to reach this size (from the previous one). */
  readonly started: number;
  readonly startSeconds: number;
  readonly startsPerSecond: number;
  /** From the last start until the count queries answered every case as it stands. */
  readonly visibilitySeconds: number;
  /** CPU milliseconds per start of the server's processes, and of this process (client and core), while starting. */
  readonly serverCpuMsPerStart: number;
  readonly benchCpuMsPerStart: number;
  readonly probes: readonly ProbeFigure[];
}

/** A probe at a later size against the first size. */
export interface ProbeRatio {
  readonly probe: string;
  /** Whether the probe returns the same rows at every size (so its ratio is the index cost). */
  readonly fixedRows: boolean;
  readonly fromSize: number;
  readonly toSize: number;
  readonly rowsRatio: number;
  readonly p50Ratio: number;
  readonly p95Ratio: number;
  readonly msPerRowRatio: number;
}

export interface ScaleResult {
  readonly date: string;
  readonly machine: MachineInfo;
  readonly command: string;
  readonly settings: {
    readonly sizes: readonly number[];
    readonly overdueShare: number;
    readonly repeats: number;
    readonly warmupRounds: number;
    readonly concurrency: number;
    readonly fixedOrganisatie: string;
    readonly fixedOverdue: number;
    readonly fixedOpen: number;
    readonly organisaties: number;
    /** The HTTP route measured: `/dashboard/data` when the server has it, else `/cases/overdue`. */
    readonly httpRoute: string;
    /** The sizes asked for; `sizes` above are the ones measured (fewer or smaller under a start budget). */
    readonly requestedSizes: readonly number[];
    readonly startBudgetSeconds: number | null;
    readonly server: ScaleServerKind;
    /** What the server is, e.g. "Temporal server 1.29.1 on PostgreSQL (SQL visibility on PostgreSQL)". */
    readonly serverDescription: string;
  };
  /** Why the measured sizes differ from the requested ones; null when they do not. */
  readonly budgetNote: string | null;
  readonly load: { readonly start: number; readonly end: number };
  readonly sizes: readonly SizeFigure[];
  readonly ratios: readonly ProbeRatio[];
  readonly totalSeconds: number;
  readonly written: boolean;
}

const overdueAt = (size: number, share: number): number => Math.round(share * size);

/** Checks the options; throws {@link ScaleOptionsError} naming what is wrong. */
export function validateScaleOptions(options: ScaleOptions): void {
  const { sizes, overdueShare, repeats } = options;
  if (sizes.length === 0) throw new ScaleOptionsError('sizes: give at least one size');
  if (!(Number.isFinite(overdueShare) && overdueShare > 0 && overdueShare < 1)) {
    throw new ScaleOptionsError(`overdue share must lie between 0 and 1 (exclusive), got ${overdueShare}`);
  }
  const budget = options.startBudgetSeconds;
  if (budget !== undefined && !(Number.isFinite(budget) && budget > 0)) {
    throw new ScaleOptionsError(`start budget must be a positive number of seconds, got ${budget}`);
  }
  const concurrency = options.concurrency;
  if (
    concurrency !== undefined &&
    !(Number.isSafeInteger(concurrency) && concurrency >= 1 && concurrency <= 1_000)
  ) {
    throw new ScaleOptionsError(`concurrency must be an integer from 1 to 1000, got ${concurrency}`);
  }
  if (!Number.isSafeInteger(repeats) || repeats < 1 || repeats > 10_000) {
    throw new ScaleOptionsError(`repeats must be an integer from 1 to 10000, got ${repeats}`);
  }
  let previous = 0;
  for (const size of sizes) {
    if (!Number.isSafeInteger(size) || size < 1) {
      throw new ScaleOptionsError(`sizes: ${size} is not a positive integer`);
    }
    if (size <= previous) {
      throw new ScaleOptionsError(
        `sizes must ascend (cases grow from one size to the next): ${sizes.join(',')}`,
      );
    }
    if (size > MAX_SIZE) {
      throw new ScaleOptionsError(
        `sizes: ${size} is above ${MAX_SIZE}, the most cases listCases and the dashboard read`,
      );
    }
    const overdue = overdueAt(size, overdueShare);
    if (overdue < FIXED_OVERDUE || size - FIXED_OPEN < overdue - FIXED_OVERDUE) {
      throw new ScaleOptionsError(
        `sizes: ${size} cases with overdue share ${overdueShare} gives ${overdue} overdue cases; it must hold ` +
          `${FIXED_OPEN} cases of ${FIXED_ORGANISATIE} (${FIXED_OVERDUE} overdue) and at least ` +
          `${FIXED_OVERDUE} overdue in all: use a larger size or share`,
      );
    }
    previous = size;
  }
}

/** One case to start. */
interface CaseSpec {
  readonly caseId: string;
  readonly organisatie: string;
  readonly regio: string;
  readonly regisseur: string;
  readonly overdue: boolean;
}

/** Plans the cases from `from` open cases to `to`, deterministic for a run tag. */
class Planner {
  private overdueSeq = 0;
  private onScheduleSeq = 0;

  constructor(
    private readonly tag: string,
    private readonly share: number,
  ) {}

  private other(index: number, overdue: boolean): CaseSpec {
    const seq = overdue ? this.overdueSeq++ : this.onScheduleSeq++;
    const place = OTHER_ORGANISATIES[seq % OTHER_ORGANISATIES.length] ?? OTHER_ORGANISATIES[0];
    if (place === undefined) throw new Error('no organisations to spread cases over');
    const regisseur = `${place.organisatie}-cl-${(Math.floor(seq / OTHER_ORGANISATIES.length) % REGISSEURS_PER_ORGANISATIE) + 1}`;
    return { caseId: `scale-${this.tag}-${index}`, ...place, regisseur, overdue };
  }

  plan(from: number, to: number): CaseSpec[] {
    const specs: CaseSpec[] = [];
    let index = from;
    if (from === 0) {
      for (; index < FIXED_OPEN; index++) {
        specs.push({
          caseId: `scale-${this.tag}-${index}`,
          organisatie: FIXED_ORGANISATIE,
          regio: FIXED_REGIO,
          regisseur: `${FIXED_ORGANISATIE}-cl-${(index % 2) + 1}`,
          overdue: index < FIXED_OVERDUE,
        });
      }
    }
    // The other organisations' overdue cases, spread evenly over the new cases.
    const othersOverdue = (size: number) => (size === 0 ? 0 : overdueAt(size, this.share) - FIXED_OVERDUE);
    const needed = othersOverdue(to) - othersOverdue(from);
    const count = to - index;
    for (let k = 0; k < count; k++) {
      const overdue = Math.floor(((k + 1) * needed) / count) > Math.floor((k * needed) / count);
      specs.push(this.other(index + k, overdue));
    }
    return specs;
  }
}

function startEvent(spec: CaseSpec, now: number): EventInput {
  return {
    type: 'signaal.gemeld',
    payload: { regisseur: spec.regisseur },
    actor: { role: 'intern-begeleider', id: `ib-${spec.organisatie}` },
    idempotencyKey: `${spec.caseId}/1`,
    ...(spec.overdue ? { occurredAt: new Date(now - OVERDUE_DAYS * DAY).toISOString() } : {}),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts one open case as `PassendClient.startCase` does (same input, workflow version, id, route version and
 * rules pinned), with the search attributes its first workflow task leaves (an overdue case's breach applied),
 * without waiting for a worker.
 */
async function startListed(client: Client, spec: CaseSpec, now: number): Promise<void> {
  const start = { caseId: spec.caseId, organisatie: spec.organisatie, regio: spec.regio };
  const event = startEvent(spec, now);
  const pin = currentPin();
  const opened = openCase(start, event, now, { pin });
  if (!opened.ok) throw new Error(`${spec.caseId}: ${opened.rejection.message}`);
  const after = advanceTo(opened.state, now).state;
  await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    workflowId: caseWorkflowId(spec.caseId),
    taskQueue: TASK_QUEUE,
    args: [
      {
        // The route version it opened on, pinned, as a real start records it.
        start: { ...start, routeId: opened.state.route.id, routeVersion: opened.state.route.version },
        events: [event],
        openedAt: new Date(now).toISOString(),
        workflowVersion: CASE_WORKFLOW_VERSION,
        pin,
      },
    ],
    typedSearchAttributes: startSearchAttributes(listedVisibility(visibilityOf(after))),
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowIdConflictPolicy: 'FAIL',
  });
}

/** Runs `task` over `items` with at most `concurrency` in flight; the first failure stops every lane. */
async function pool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  await Promise.all(lanes);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? 0;
}

/** A measured query: runs once and answers how many rows it returned. */
interface Probe {
  readonly name: string;
  readonly expectedRows: (size: number) => number;
  readonly run: () => Promise<number>;
}

function guessCommand(): string {
  if (process.env['npm_lifecycle_event'] === 'bench') return 'npm run bench';
  return `npx tsx bench/scale-main.ts ${process.argv.slice(2).join(' ')}`.trim();
}

/**
 * Populates open cases on a fresh dev server size by size, and measures the overdue query and the HTTP
 * dashboard data endpoint (or `/cases/overdue` where the server has no dashboard) at every size.
 * @example
 * const result = await runScaleBench({ sizes: [1000, 10000], overdueShare: 0.1, repeats: 20, write: true });
 */
export async function runScaleBench(options: ScaleOptions): Promise<ScaleResult> {
  validateScaleOptions(options);
  const log = options.log ?? ((message: string) => console.log(`[scale] ${message}`));
  const began = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const machine = machineInfo();
  log(
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryGiB} GiB, load average ${loadAtStart.toFixed(2)}; ` +
      `sizes ${options.sizes.join(', ')}, ${Math.round(options.overdueShare * 100)}% overdue, ${options.repeats} runs per probe`,
  );

  const serverKind = options.server ?? 'dev';
  const concurrency = options.concurrency ?? CONCURRENCY;
  let env: ScaleServer | undefined;
  let tornDown: Promise<void> | undefined;
  const teardown = (): Promise<void> => {
    tornDown ??= (async () => {
      await env?.stop();
    })();
    return tornDown;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the server`);
    void teardown().finally(() => process.exit(130));
  };
  const handleSignals = options.handleSignals ?? true;
  if (handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  const figures: SizeFigure[] = [];
  let httpRoute = '';
  let budgetNote: string | null = null;
  const apps: FastifyInstance[] = [];
  try {
    // `npm run bench` may have installed the Runtime already; a second install throws.
    if (Runtime._instance === undefined) installQuietRuntime();
    log(
      `starting the ${serverKind === 'dev' ? 'Temporal dev server' : 'Temporal server on PostgreSQL'}, a namespace for every size`,
    );
    env = await startScaleServer(serverKind, options.sizes.map(namespaceOf), log);
    const started = env;
    const hasDashboard = ROUTES.some((route) => route.method === 'GET' && route.url === '/dashboard/data');
    httpRoute = hasDashboard ? '/dashboard/data' : '/cases/overdue';
    const share = options.overdueShare;

    /** One size: its own namespace, client and HTTP server, so every size can be asked in turn. */
    const openSize = async (size: number) => {
      const namespace = namespaceOf(size);
      await started.prepare(namespace);
      const client = new Client({ connection: started.connection, namespace });
      const passend = new PassendClient(client, { taskQueue: TASK_QUEUE });
      const tokens = {
        coordinator: randomBytes(24).toString('hex'),
        auditor: randomBytes(24).toString('hex'),
      };
      const server = createHttpServer({
        passend,
        access: {
          tokens: [
            {
              token: tokens.coordinator,
              role: 'coordinator',
              organisatie: FIXED_ORGANISATIE,
              actorId: 'scale-coordinator',
            },
            { token: tokens.auditor, role: 'auditor', organisatie: 'scale-audit', actorId: 'scale-auditor' },
          ],
        },
        log: () => undefined,
        // The stuck-case scan describes open cases one by one every minute, in the background of the requests:
        // bounded here so that it does not load the server while the lists are measured (docs/operations.md).
        health: { stuckScanLimit: 10 },
      });
      apps.push(server);
      await server.ready();
      const http = async (url: string, token: string, rowsOf: (body: unknown) => number): Promise<number> => {
        const response = await server.inject({
          method: 'GET',
          url,
          headers: { authorization: `Bearer ${token}` },
        });
        if (response.statusCode !== 200) {
          throw new Error(`GET ${url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
        }
        return rowsOf(response.json());
      };
      const openCasesOf = (body: unknown) => (body as { openCases: number }).openCases;
      const countOf = (body: unknown) => (body as { count: number }).count;
      const probes: Probe[] = [
        {
          name: `overdueCases({ organisatie: '${FIXED_ORGANISATIE}' })`,
          expectedRows: () => FIXED_OVERDUE,
          run: async () => (await passend.overdueCases({ organisatie: FIXED_ORGANISATIE })).length,
        },
        {
          name: `overdueCases({ limit: ${whole(LIST_LIMIT)} }) (all overdue)`,
          expectedRows: (at) => Math.min(LIST_LIMIT, overdueAt(at, share)),
          run: async () => (await passend.overdueCases({ limit: LIST_LIMIT })).length,
        },
        {
          name: `listCases({ organisatie: '${FIXED_ORGANISATIE}' }) (the case list)`,
          expectedRows: () => FIXED_OPEN,
          run: async () => (await passend.listCases({ organisatie: FIXED_ORGANISATIE })).length,
        },
        {
          name: 'countCases({}) (a count query over all open cases)',
          expectedRows: (at) => at,
          run: () => passend.countCases({}),
        },
        hasDashboard
          ? {
              name: `GET /dashboard/data as coordinator of ${FIXED_ORGANISATIE} (rows: open cases)`,
              expectedRows: () => FIXED_OPEN,
              run: () => http('/dashboard/data', tokens.coordinator, openCasesOf),
            }
          : {
              name: `GET /cases/overdue as coordinator of ${FIXED_ORGANISATIE}`,
              expectedRows: () => FIXED_OVERDUE,
              run: () => http('/cases/overdue', tokens.coordinator, countOf),
            },
        hasDashboard
          ? {
              name: 'GET /dashboard/data as auditor (rows: open cases, all)',
              expectedRows: (at) => at,
              run: () => http('/dashboard/data', tokens.auditor, openCasesOf),
            }
          : {
              name: `GET /cases/overdue?limit=${LIST_LIMIT} as auditor (all overdue)`,
              expectedRows: (at) => Math.min(LIST_LIMIT, overdueAt(at, share)),
              run: () => http(`/cases/overdue?limit=${LIST_LIMIT}`, tokens.auditor, countOf),
            },
      ];
      return { size, client, probes };
    };

    const counts = {
      open: visibilityQuery({}),
      overdue: visibilityQuery({ risk: ['overschreden'] }),
      fixedOverdue: visibilityQuery({ organisatie: FIXED_ORGANISATIE, risk: ['overschreden'] }),
    } satisfies Record<string, string>;

    // Cases are started as `PassendClient.startCase` starts them, with the attributes their first workflow task
    // publishes (the overdue ones already breached), and no worker runs: the lists read visibility only, and a
    // worker working off a backlog would load the server while the sizes are measured.
    const populate = async (client: Client, size: number) => {
      const specs = new Planner(Date.now().toString(36), share).plan(0, size);
      const step = specs.length <= 2_000 ? 500 : specs.length <= 20_000 ? 2_500 : 10_000;
      const t0 = performance.now();
      const cpu0 = { server: started.cpuMs(), bench: ownCpuMs() };
      let done = 0;
      await pool(specs, concurrency, async (spec) => {
        await startListed(client, spec, Date.now());
        done++;
        if (done % step === 0 || done === specs.length) {
          const rate = done / ((performance.now() - t0) / 1000);
          log(`${namespaceOf(size)}: ${done}/${size} cases started, ${Math.round(rate)}/s`);
        }
      });
      const seconds = (performance.now() - t0) / 1000;
      return {
        started: specs.length,
        seconds,
        perSecond: specs.length / seconds,
        serverCpuMsPerStart: (started.cpuMs() - cpu0.server) / specs.length,
        benchCpuMsPerStart: (ownCpuMs() - cpu0.bench) / specs.length,
      };
    };

    const waitForVisibility = async (client: Client, size: number): Promise<number> => {
      const expected: Record<keyof typeof counts, number> = {
        open: size,
        overdue: overdueAt(size, share),
        fixedOverdue: FIXED_OVERDUE,
      };
      const t0 = performance.now();
      const deadline = Date.now() + VISIBILITY_TIMEOUT_MS;
      let seen: Record<string, number> = {};
      for (;;) {
        seen = {};
        for (const [key, query] of Object.entries(counts))
          seen[key] = (await client.workflow.count(query)).count;
        const ready = (Object.keys(expected) as (keyof typeof counts)[]).every(
          (key) => seen[key] === expected[key],
        );
        if (ready) return (performance.now() - t0) / 1000;
        if (Date.now() > deadline) {
          throw new Error(
            `visibility did not catch up within ${VISIBILITY_TIMEOUT_MS / 1000} s: ` +
              `expected ${JSON.stringify(expected)}, counted ${JSON.stringify(seen)}`,
          );
        }
        await sleep(500);
      }
    };

    const budget = options.startBudgetSeconds;
    /** Below the projected time for the next size: the start rate tends to drop a little as the server fills. */
    const SAFETY = 1.1;
    const opened: Awaited<ReturnType<typeof openSize>>[] = [];
    const populations: {
      started: number;
      seconds: number;
      perSecond: number;
      serverCpuMsPerStart: number;
      benchCpuMsPerStart: number;
      visibilitySeconds: number;
    }[] = [];
    let startSeconds = 0;
    let rate = 0;
    for (const requested of options.sizes) {
      let size = requested;
      if (budget !== undefined && rate > 0) {
        const left = budget - startSeconds;
        const projected = requested / rate;
        if (projected * SAFETY > left) {
          const fits = Math.floor((left * rate) / SAFETY / 1_000) * 1_000;
          const previous = opened.at(-1)?.size ?? 0;
          const reason =
            `at ${rate.toFixed(1)} starts/s, starting ${whole(requested)} cases would take about ` +
            `${Math.round(projected)} s (${Math.round(projected * SAFETY)} s with a ${Math.round((SAFETY - 1) * 100)}% margin), ` +
            `beyond what is left of the ${Math.round(budget)} s start budget (${Math.round(Math.max(0, left))} s)`;
          if (fits <= previous || !options.sizes.includes(size) || overdueAt(fits, share) < FIXED_OVERDUE) {
            budgetNote = `${reason}, so the bench measured ${opened.map((each) => whole(each.size)).join(' and ')} only.`;
            log(budgetNote);
            break;
          }
          size = fits;
          budgetNote = `${reason}, so the bench measured ${whole(size)} cases instead, the largest multiple of 1,000 that fits.`;
          log(budgetNote);
        }
      }
      const each = await openSize(size);
      log(`${namespaceOf(size)}: starting ${whole(size)} open cases (${concurrency} starts in flight)`);
      const population = await populate(each.client, size);
      startSeconds += population.seconds;
      rate = population.perSecond;
      const visibilitySeconds = await waitForVisibility(each.client, size);
      log(
        `${namespaceOf(size)}: ${population.started} cases started in ${population.seconds.toFixed(1)} s ` +
          `(${population.perSecond.toFixed(1)}/s; CPU per start: server ${population.serverCpuMsPerStart.toFixed(1)} ms, ` +
          `bench ${population.benchCpuMsPerStart.toFixed(1)} ms; load average ${(loadavg()[0] ?? 0).toFixed(2)}); ` +
          `visibility shows them after ${visibilitySeconds.toFixed(1)} s`,
      );
      opened.push(each);
      populations.push({ ...population, visibilitySeconds });
      if (size !== requested) break;
    }

    // Every probe at every size in turn, the order rotated every round and reversed every other one, so that a
    // change in the machine's load weighs on every size alike.
    const pairs = opened.flatMap((each, sizeAt) =>
      each.probes.map((_, probeAt) => [sizeAt, probeAt] as const),
    );
    const latencies = pairs.map((): number[] => []);
    const rows = pairs.map((): number[] => []);
    const failures = pairs.map((): string[] => []);
    log(
      `measuring: ${WARMUP_ROUNDS} warm-up rounds, then ${options.repeats} rounds of ${pairs.length} queries ` +
        `(${opened.length} sizes interleaved)`,
    );
    for (let round = 0; round < WARMUP_ROUNDS + options.repeats; round++) {
      const order = pairs.map((_, offset) => (round + offset) % pairs.length);
      if (round % 2 === 1) order.reverse();
      for (const at of order) {
        const [sizeAt, probeAt] = pairs[at] ?? [0, 0];
        const probe = opened[sizeAt]?.probes[probeAt];
        if (probe === undefined) continue;
        const t0 = performance.now();
        let returned: number;
        try {
          returned = await probe.run();
        } catch (error) {
          // A query that cannot answer at this size (the HTTP request deadline passed) is a figure too.
          if (round >= WARMUP_ROUNDS) failures[at]?.push((error as Error).message.slice(0, 200));
          continue;
        }
        const ms = performance.now() - t0;
        if (round >= WARMUP_ROUNDS) {
          latencies[at]?.push(ms);
          rows[at]?.push(returned);
        }
      }
      if (round >= WARMUP_ROUNDS && (round - WARMUP_ROUNDS + 1) % 5 === 0)
        log(`${round - WARMUP_ROUNDS + 1}/${options.repeats} rounds measured`);
    }
    opened.forEach((each, sizeAt) => {
      const population = populations[sizeAt];
      if (population === undefined) return;
      const measured = each.probes.map((probe, probeAt) => {
        const at = pairs.findIndex(([s, p]) => s === sizeAt && p === probeAt);
        const sorted = [...(latencies[at] ?? [])].sort((a, b) => a - b);
        const returned = [...new Set(rows[at])];
        const expected = probe.expectedRows(each.size);
        const failed = failures[at] ?? [];
        if (returned.length > 1 || (returned.length === 1 && returned[0] !== expected)) {
          throw new Error(
            `${probe.name} at ${each.size} cases returned ${returned.join('/')} rows, expected ${expected}`,
          );
        }
        const p50Ms = percentile(sorted, 50);
        return {
          probe: probe.name,
          size: each.size,
          rows: expected,
          runs: sorted.length,
          failedRuns: failed.length,
          failure: failed[0] ?? null,
          p50Ms,
          p95Ms: percentile(sorted, 95),
          meanMs: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
          p50MsPerRow: p50Ms / Math.max(1, expected),
        };
      });
      for (const figure of measured) {
        log(
          `  ${whole(each.size)}: ${figure.probe}: ${figure.rows} rows, p50 ${figure.p50Ms.toFixed(1)} ms, p95 ${figure.p95Ms.toFixed(1)} ms` +
            (figure.failedRuns === 0 ? '' : `, ${figure.failedRuns} runs failed: ${figure.failure ?? ''}`),
        );
      }
      figures.push({
        size: each.size,
        overdue: overdueAt(each.size, share),
        started: population.started,
        startSeconds: population.seconds,
        startsPerSecond: population.perSecond,
        visibilitySeconds: population.visibilitySeconds,
        serverCpuMsPerStart: population.serverCpuMsPerStart,
        benchCpuMsPerStart: population.benchCpuMsPerStart,
        probes: measured,
      });
    });
  } finally {
    log('stopping the server');
    for (const app of apps) await app.close();
    await teardown();
    if (handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }

  const first = figures[0];
  const ratios: ProbeRatio[] = [];
  if (first !== undefined) {
    for (const later of figures.slice(1)) {
      later.probes.forEach((figure, at) => {
        const base = first.probes[at];
        if (base === undefined) return;
        ratios.push({
          probe: figure.probe,
          fixedRows: figure.rows === base.rows,
          fromSize: first.size,
          toSize: later.size,
          rowsRatio: figure.rows / base.rows,
          p50Ratio: figure.p50Ms / base.p50Ms,
          p95Ratio: figure.p95Ms / base.p95Ms,
          msPerRowRatio: figure.p50MsPerRow / base.p50MsPerRow,
        });
      });
    }
  }
  const result: ScaleResult = {
    date: new Date().toISOString(),
    machine,
    command: options.command ?? guessCommand(),
    settings: {
      sizes: figures.map((figure) => figure.size),
      overdueShare: options.overdueShare,
      repeats: options.repeats,
      warmupRounds: WARMUP_ROUNDS,
      concurrency,
      fixedOrganisatie: FIXED_ORGANISATIE,
      fixedOverdue: FIXED_OVERDUE,
      fixedOpen: FIXED_OPEN,
      organisaties: OTHER_ORGANISATIES.length + 1,
      httpRoute,
      requestedSizes: [...options.sizes],
      startBudgetSeconds: options.startBudgetSeconds ?? null,
      server: serverKind,
      serverDescription: env?.description ?? serverKind,
    },
    budgetNote,
    load: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    sizes: figures,
    ratios,
    totalSeconds: (performance.now() - began) / 1000,
    written: options.write,
  };

  console.log('');
  console.log(scaleText(result));
  console.log('');
  if (options.write) {
    await writeScaleSection(BENCHMARKS_MD, scaleMarkdown(result), serverKind);
    log(`figures written to BENCHMARKS.md (${result.totalSeconds.toFixed(0)} s in all)`);
  } else {
    log(`BENCHMARKS.md left alone (${result.totalSeconds.toFixed(0)} s in all)`);
  }
  return result;
}

// ---- report ----

// n/a: every run of the query failed at that size (see the failed column).
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
const times = (value: number) => (Number.isFinite(value) ? `×${value.toFixed(2)}` : 'n/a');
const whole = (value: number) => Math.round(value).toLocaleString('en-US');

const FIGURE_HEADER = ['query', 'open cases', 'rows', 'p50 ms', 'p95 ms', 'mean ms', 'p50 ms/row', 'failed'];
const RATIO_HEADER = ['query', 'cases', 'rows', 'p50', 'p95', 'p50 per row'];

function figureRows(result: ScaleResult): string[][] {
  const probes = result.sizes[0]?.probes.map((figure) => figure.probe) ?? [];
  return probes.flatMap((probe) =>
    result.sizes.flatMap((size) => {
      const figure = size.probes.find((candidate) => candidate.probe === probe);
      return figure === undefined
        ? []
        : [
            [
              probe,
              whole(size.size),
              whole(figure.rows),
              ms(figure.p50Ms),
              ms(figure.p95Ms),
              ms(figure.meanMs),
              Number.isFinite(figure.p50MsPerRow) ? figure.p50MsPerRow.toFixed(3) : 'n/a',
              `${figure.failedRuns}/${figure.runs + figure.failedRuns}`,
            ],
          ];
    }),
  );
}

function ratioRows(result: ScaleResult): string[][] {
  return result.ratios.map((ratio) => [
    ratio.probe,
    `${whole(ratio.fromSize)} → ${whole(ratio.toSize)} (${times(ratio.toSize / ratio.fromSize)})`,
    times(ratio.rowsRatio),
    times(ratio.p50Ratio),
    times(ratio.p95Ratio),
    times(ratio.msPerRowRatio),
  ]);
}

function populationRows(result: ScaleResult): string[][] {
  return result.sizes.map((size) => [
    whole(size.size),
    whole(size.overdue),
    whole(size.started),
    size.startSeconds.toFixed(1),
    size.startsPerSecond.toFixed(1),
    size.visibilitySeconds.toFixed(1),
    Number.isFinite(size.serverCpuMsPerStart) ? size.serverCpuMsPerStart.toFixed(1) : 'n/a',
    size.benchCpuMsPerStart.toFixed(1),
  ]);
}
const POPULATION_HEADER = [
  'open cases',
  'overdue',
  'started',
  'start s',
  'starts/s',
  'visibility caught up s',
  'server CPU ms/start',
  'bench CPU ms/start',
];

function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** The figures as plain-text tables for the terminal. */
export function scaleText(result: ScaleResult): string {
  return [
    textTable(POPULATION_HEADER, populationRows(result)),
    '',
    textTable(FIGURE_HEADER, figureRows(result)),
    '',
    result.ratios.length === 0 ? '(one size only: no ratios)' : textTable(RATIO_HEADER, ratioRows(result)),
  ].join('\n');
}

/** The generated part of the section, markers included. */
export function scaleMarkdown(result: ScaleResult): string {
  const { machine, settings } = result;
  const fixed = result.ratios.filter((ratio) => ratio.fixedRows);
  const headline = fixed
    .map(
      (ratio) =>
        `**${ratio.probe}: p50 ${times(ratio.p50Ratio)} for ${times(ratio.toSize / ratio.fromSize)} the open cases ` +
        `(${whole(ratio.fromSize)} → ${whole(ratio.toSize)}), the same rows.**`,
    )
    .join('\n\n');
  const markers =
    settings.server === 'dev' ? { start: SCALE_START_MARKER, end: SCALE_END_MARKER } : SCALE_POSTGRES_MARKERS;
  return [
    markers.start,
    '',
    `_Generated by \`bench/scale.ts\` on ${result.date}; run the bench again rather than editing this section._`,
    '',
    `- Command: \`${result.command}\``,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores (nproc), ${machine.totalMemoryGiB} GiB memory, ${machine.os}; ` +
      `load average ${result.load.start.toFixed(2)} at the start, ${result.load.end.toFixed(2)} at the end`,
    settings.server === 'dev'
      ? `- Runtime: Node.js ${machine.node}, Temporal CLI dev server (${machine.temporalCli}), TypeScript SDK ${machine.temporalSdk}`
      : `- Runtime: Node.js ${machine.node}, ${settings.serverDescription}, TypeScript SDK ${machine.temporalSdk}`,
    `- Data: open cases at sizes ${settings.sizes.map(whole).join(' and ')}, ${Math.round(settings.overdueShare * 100)}% of them overdue ` +
      `(signal ${OVERDUE_DAYS} days ago), over ${settings.organisaties} organisations; ${settings.fixedOrganisatie} holds the same ` +
      `${settings.fixedOpen} cases (${settings.fixedOverdue} overdue) at every size`,
    ...(result.budgetNote === null
      ? []
      : [
          `- **Sizes: ${settings.requestedSizes.map(whole).join(' and ')} were asked for, with a start budget of ` +
            `${Math.round(settings.startBudgetSeconds ?? 0)} s; ${result.budgetNote}**`,
        ]),
    `- Starts: ${settings.concurrency} in flight, no worker; server CPU is the server's processes (with PostgreSQL's), ` +
      `bench CPU this process (client and core)`,
    `- Runs: ${settings.warmupRounds} uncounted warm-up rounds, then ${settings.repeats} runs of every query per size, the queries ` +
      `interleaved; HTTP measured: \`GET ${settings.httpRoute}\` through \`app.inject\``,
    `- Total time: ${result.totalSeconds.toFixed(0)} s`,
    '',
    '### Starting the cases',
    '',
    markdownTable(POPULATION_HEADER, populationRows(result)),
    '',
    '### Latency per size',
    '',
    markdownTable(FIGURE_HEADER, figureRows(result)),
    '',
    '### Growth',
    '',
    result.ratios.length === 0
      ? '_One size only: no ratios._'
      : markdownTable(RATIO_HEADER, ratioRows(result)),
    '',
    ...(headline === '' ? [] : [headline, '']),
    markers.end,
  ].join('\n');
}

const SECTION_INTRO = [
  SECTION_TITLE,
  '',
  'Coordinators list cases through one Temporal visibility query on the search attributes that every case',
  'publishes (`client/case-list.ts`); no workflow is asked. `bench/scale.ts` checks that this stays cheap as',
  'the number of open cases grows. It starts one dev server with a namespace per size, starts that many open',
  'cases in each as `PassendClient.startCase` does (50 in flight; a share backdated 30 days, so overdue), with',
  'the attributes their first task leaves and no worker, and then asks every query at every size in turn, the',
  'order rotated and mirrored, so that load weighs on each size alike: `overdueCases` for one organisation and',
  "for all, one organisation's case list, a count query, and `GET /dashboard/data` as coordinator and auditor.",
  '',
  'Why one organisation with a fixed number of cases: the answer to "all overdue cases" grows with the',
  'cases, so its latency grows with the rows returned (serialising, paging, mapping them) whatever the index',
  'does; its ms per row is reported for that. `swv-vast` holds the same 100 open cases (50 overdue) at every',
  'size, so its queries return the same rows at every size and their ratio shows what the query itself',
  'costs as the index grows. On the dev server visibility is SQLite in memory; a production',
  'server (PostgreSQL, MySQL or Elasticsearch) differs in absolute figures, so read the ratios.',
  '',
  '```sh',
  'npx tsx bench/scale-main.ts                          # sizes 1000,10000, 20 runs per query',
  'npx tsx bench/scale-main.ts --start-budget 480       # lower the last size if starting would take over 8 min',
  'npx tsx bench/scale-main.ts --sizes 1000,5000 --repeats 10 --no-write',
  '```',
].join('\n');

/** Replaces the scale section between its markers, or appends the section (with its introduction) when absent. */
export async function writeScaleSection(
  path: string,
  section: string,
  server: ScaleServerKind = 'dev',
): Promise<void> {
  const markers =
    server === 'dev' ? { start: SCALE_START_MARKER, end: SCALE_END_MARKER } : SCALE_POSTGRES_MARKERS;
  await writeMarkedSection(
    path,
    {
      ...markers,
      newFile: '# Benchmarks\n',
      introWhenAbsent: (current) =>
        server !== 'dev'
          ? `${POSTGRES_SECTION_TITLE}\n\n`
          : current.includes(SECTION_TITLE)
            ? ''
            : `${SECTION_INTRO}\n\n`,
    },
    section,
  );
}
