import type { CoreFigure } from './core-bench.js';
import type { MachineInfo } from './machine.js';
import { writeMarkedSection } from './markdown-file.js';

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

/** The figures of one variant driven on the dev server. */
export interface VariantFigure {
  readonly name: string;
  readonly cases: number;
  readonly events: number;
  readonly seconds: number;
  readonly casesPerSecond: number;
  readonly eventsPerSecond: number;
  readonly updateP50Ms: number;
  readonly updateP95Ms: number;
  /** CPU of this process (client, worker, workflow thread) per event. */
  readonly benchCpuMsPerEvent: number;
  /** CPU of the worker's workflow thread alone per event (the sandbox: SDK, workflow code, core); null if unknown. */
  readonly workflowThreadCpuMsPerEvent: number | null;
  /** CPU of the dev server per event; null where /proc is not readable. */
  readonly serverCpuMsPerEvent: number | null;
}

/** The recorded histories of one variant: their size and how long a worker takes to replay one. */
export interface HistoryFigure {
  readonly name: string;
  readonly histories: number;
  readonly eventsPerHistory: number;
  /** Protobuf-encoded bytes of one closed case's history, as Temporal stores it. */
  readonly bytesPerCase: number;
  /** Median over the replay rounds of the wall time per history (one replay worker per round). */
  readonly replayMsPerHistory: number;
  /** Median wall time of a replay worker that replays nothing: loading the bundle, starting and stopping. */
  readonly replayStartupMs: number;
  /** Median over the rounds of (round time less the start-up) per history: what one more history costs. */
  readonly replayMarginalMsPerHistory: number;
}

/** Worker memory per open case of one variant. */
export interface MemoryFigure {
  readonly name: string;
  readonly cases: number;
  readonly heapPerCaseKiB: number;
  readonly rssPerCaseKiB: number;
}

export interface BenchResult {
  readonly date: string;
  readonly machine: MachineInfo;
  readonly command: string;
  readonly settings: {
    readonly cases: number;
    readonly concurrency: number;
    readonly warmup: number;
    readonly memoryCases: number;
    readonly routeEvents: number;
    readonly openCaseEvents: number;
    readonly maxCachedWorkflows: number;
    readonly gc: string;
  };
  readonly throughput: readonly VariantFigure[];
  readonly throughputRatio: number;
  readonly throughputRatioShared: number;
  /** Ours over bare-upsert: what XState and the core cost once both sides publish the same search attributes. */
  readonly throughputRatioUpsert: number;
  /** bare's CPU per event over ours (bench process + server): the throughput ratio a CPU-bound machine would show. */
  readonly cpuRatio: number;
  /** bare-upsert's CPU per event over ours. */
  readonly cpuRatioUpsert: number;
  /** Ours over bare-matched, which does exactly the Temporal work ours did: what XState and the core cost. */
  readonly throughputRatioMatched: number;
  /** bare-matched's CPU per event over ours. */
  readonly cpuRatioMatched: number;
  /** The Temporal work of a case of ours per case, which bare-matched repeats. */
  readonly matchedWork: {
    readonly upserts: number;
    readonly upsertedAttributes: number;
    readonly timers: number;
    readonly answerBytes: number;
  };
  readonly histories: readonly HistoryFigure[];
  /** Ours' history bytes per case over bare's. */
  readonly historyBytesRatio: number;
  /** Bare's replay time per history over ours': the replay speed of ours against bare. */
  readonly replayRatio: number;
  /** The same, per history after the replay worker's start-up (see HistoryFigure.replayMarginalMsPerHistory). */
  readonly replayRatioMarginal: number;
  /** One-minute load average at the start and at the end of the run (other processes on the machine). */
  readonly load: { readonly start: number; readonly end: number };
  readonly core: readonly CoreFigure[];
  readonly memory: readonly MemoryFigure[];
  readonly memoryRatio: number;
  readonly memoryRatioShared: number;
  readonly cachedDuringMemory: number;
  readonly totalSeconds: number;
}

export const GOAL = 0.85;

/** Issue 15's goals besides {@link GOAL}: against the matched control, history bytes and replay speed. */
export const GOALS = { matched: 0.95, historyBytes: 2, replay: 0.9 } as const;

/** How far two estimates of one ratio may differ before a run counts as disturbed by other load. */
export const NOISE_TOLERANCE = 0.1;

/**
 * The goal's verdict for a run. Two checks tell whether the machine's other load moved the figures: the ratio by
 * CPU per event must agree with the ratio by events/s, and bare and bare-shared (the same workflow in two
 * bundles, normally within a few percent of each other) must run alike. A run failing either says so instead of
 * passing or failing on noise.
 */
export function verdictOf(result: BenchResult): { readonly met: boolean | null; readonly text: string } {
  const disturbances: string[] = [];
  const byCpu = result.cpuRatio - result.throughputRatio;
  if (Math.abs(byCpu) > NOISE_TOLERANCE) {
    disturbances.push(
      `the ratio by CPU per event (${fixed(result.cpuRatio, 2)}) differs by ${fixed(Math.abs(byCpu), 2)}`,
    );
  }
  const bareDrift = result.throughputRatio / result.throughputRatioShared - 1;
  if (Math.abs(bareDrift) > NOISE_TOLERANCE) {
    disturbances.push(
      `bare and bare-shared, the same workflow, ran ${fixed(Math.abs(bareDrift) * 100, 0)}% apart`,
    );
  }
  if (disturbances.length > 0) {
    return {
      met: null,
      text: `inconclusive: other load moved this run (${disturbances.join('; ')}); run it again`,
    };
  }
  return result.throughputRatio >= GOAL ? { met: true, text: 'met' } : { met: false, text: 'not met' };
}

const fixed = (value: number, digits = 1): string => value.toFixed(digits);
const whole = (value: number): string => Math.round(value).toLocaleString('en-US');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

/** Plain-text columns for the terminal. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export const THROUGHPUT_HEADER = [
  'variant',
  'cases',
  'events',
  'wall s',
  'cases/s',
  'events/s',
  'update p50 ms',
  'update p95 ms',
  'CPU ms/event: bench',
  'of which workflow thread',
  'server',
];

export function throughputRows(figures: readonly VariantFigure[]): string[][] {
  return figures.map((figure) => [
    figure.name,
    String(figure.cases),
    String(figure.events),
    fixed(figure.seconds, 2),
    fixed(figure.casesPerSecond, 2),
    fixed(figure.eventsPerSecond, 1),
    fixed(figure.updateP50Ms, 1),
    fixed(figure.updateP95Ms, 1),
    fixed(figure.benchCpuMsPerEvent, 2),
    figure.workflowThreadCpuMsPerEvent === null ? 'n/a' : fixed(figure.workflowThreadCpuMsPerEvent, 2),
    figure.serverCpuMsPerEvent === null ? 'n/a' : fixed(figure.serverCpuMsPerEvent, 2),
  ]);
}

export const CORE_HEADER = ['in-process', 'events', 's', 'events/s'];

export function coreRows(figures: readonly CoreFigure[]): string[][] {
  return figures.map((figure) => [
    figure.label,
    String(figure.events),
    fixed(figure.seconds, 2),
    whole(figure.eventsPerSecond),
  ]);
}

export const HISTORY_HEADER = [
  'variant',
  'histories',
  'events/history',
  'bytes/case',
  'replay ms/history',
  'start-up ms',
  'ms/history after start-up',
];

export function historyRows(figures: readonly HistoryFigure[]): string[][] {
  return figures.map((figure) => [
    figure.name,
    String(figure.histories),
    fixed(figure.eventsPerHistory),
    whole(figure.bytesPerCase),
    fixed(figure.replayMsPerHistory, 2),
    fixed(figure.replayStartupMs, 1),
    fixed(figure.replayMarginalMsPerHistory, 2),
  ]);
}

const metOrNot = (met: boolean) => (met ? 'met' : 'not met');

export const MEMORY_HEADER = ['variant', 'open cases', 'heap KiB/case', 'RSS KiB/case'];

export function memoryRows(figures: readonly MemoryFigure[]): string[][] {
  return figures.map((figure) => [
    figure.name,
    String(figure.cases),
    fixed(figure.heapPerCaseKiB),
    fixed(figure.rssPerCaseKiB),
  ]);
}

/** The generated section of BENCHMARKS.md, markers included. */
export function markdownSection(result: BenchResult): string {
  const { machine, settings } = result;
  const verdict = verdictOf(result).text;
  return [
    START_MARKER,
    '',
    `_Generated by \`bench/run.ts\` on ${result.date}; run the bench again rather than editing this section._`,
    '',
    `- Command: \`${result.command}\``,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores (nproc), ${machine.totalMemoryGiB} GiB memory, ${machine.os}; load average ${fixed(result.load.start, 2)} at the start, ${fixed(result.load.end, 2)} at the end`,
    `- Runtime: Node.js ${machine.node}, Temporal CLI dev server (${machine.temporalCli.replace(/\s+/g, ' ')}), TypeScript SDK ${machine.temporalSdk}`,
    `- Cases: ${settings.cases} per variant, ${settings.routeEvents} events each (1 start + ${settings.routeEvents - 1} Updates), ${settings.concurrency} in flight, after ${settings.warmup} uncounted warm-up cases per variant; each variant runs in blocks ordered ABCDE EDCBA ABCDE EDCBA`,
    `- Total bench time: ${fixed(result.totalSeconds)} s`,
    '',
    '### Through the dev server',
    '',
    ...table(THROUGHPUT_HEADER, throughputRows(result.throughput)),
    '',
    'CPU ms/event: _bench_ is this whole process (client, worker, its Rust core and the workflow thread), _of which workflow thread_ the worker thread that runs the workflow sandbox (SDK, workflow code, core), _server_ the dev server process.',
    '',
    `**Ratio ours/bare (events/s): ${fixed(result.throughputRatio, 3)}** (goal ≥ ${fixed(GOAL, 2)}: ${verdict}). Against bare-shared: ${fixed(result.throughputRatioShared, 2)}. From CPU per event (bench process + server, less sensitive to other load on the machine): ${fixed(result.cpuRatio, 2)}.`,
    '',
    `Against bare-upsert, which upserts the fourteen search attributes after every event: ${fixed(result.throughputRatioUpsert, 2)} by events/s, ${fixed(result.cpuRatioUpsert, 2)} by CPU per event. bare-upsert does more Temporal work than ours now does, so this ratio flatters the engine; the matched control is the fair one.`,
    '',
    `Against **bare-matched**, which does exactly the Temporal work a case of ours did (read from a recorded case: started with search attributes, ${result.matchedWork.upserts} upserts of ${result.matchedWork.upsertedAttributes} attributes in all, ${result.matchedWork.timers} timers, ${whole(result.matchedWork.answerBytes)} bytes of Update answers per case): **${fixed(result.throughputRatioMatched, 2)}** by events/s (goal ≥ ${fixed(GOALS.matched, 2)}: ${metOrNot(result.throughputRatioMatched >= GOALS.matched)}), ${fixed(result.cpuRatioMatched, 2)} by CPU per event. This is what XState, zod and the core cost on their own.`,
    '',
    '### Histories: bytes per case and replay time',
    '',
    ...table(HISTORY_HEADER, historyRows(result.histories)),
    '',
    `Closed cases of the throughput run, protobuf-encoded as Temporal stores them; each variant's sample replayed on one replay worker per round, in mirrored rounds (median round). **History bytes per case ours/bare: ${fixed(result.historyBytesRatio, 2)}** (goal ≤ ${GOALS.historyBytes}: ${metOrNot(result.historyBytesRatio <= GOALS.historyBytes)}). **Replay speed ours/bare: ${fixed(result.replayRatio, 2)}** (goal ≥ ${fixed(GOALS.replay, 2)}: ${metOrNot(result.replayRatio >= GOALS.replay)}). A replay worker's start-up (loading its bundle: ours holds XState, zod, the core and every compiled route, bare's only the SDK) is measured apart, with an empty replay; after it, one more history costs ours/bare ${fixed(result.replayRatioMarginal, 2)}.`,
    '',
    '### The pure core alone (in-process, no Temporal)',
    '',
    ...table(CORE_HEADER, coreRows(result.core)),
    '',
    '### Worker memory per open case',
    '',
    `${settings.memoryCases} open cases per variant, ${settings.openCaseEvents} events each, all in the workers' sticky caches (\`maxCachedWorkflows: ${settings.maxCachedWorkflows}\` per worker; ${result.cachedDuringMemory} cached across both workers at the end). Workflows run on the main thread (\`debugMode\`, the same reusable V8 context as the default worker thread) so that a forced GC (${settings.gc}) and \`heapUsed\` see them; RSS is the whole process and noisier.`,
    '',
    ...table(MEMORY_HEADER, memoryRows(result.memory)),
    '',
    `**Ratio ours/bare (heap per open case): ${fixed(result.memoryRatio, 2)}**. Against bare-shared: ${fixed(result.memoryRatioShared, 2)}.`,
    '',
    END_MARKER,
  ].join('\n');
}

const DEFAULT_INTRO = '# Benchmarks\n\nRun `npm run bench`; the section below is generated.\n';

/** Replaces the generated section of `path` (or appends it, or creates the file). */
export async function writeSection(path: string, section: string): Promise<void> {
  await writeMarkedSection(path, { start: START_MARKER, end: END_MARKER, newFile: DEFAULT_INTRO }, section);
}
