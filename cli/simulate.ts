// `passend simulate <scenario.json>`: a scenario file through the pure core on exact dates (or, with
// --temporal, through the real workflow on the time-skipping server) and its report, as tables or JSON.
//
// Exit codes: 0 when the scenario ran — breaches and refused events are findings, not failures; 1 when the
// scenario file (or the --regio-config file) is malformed: unreadable, not JSON, against the schema, an
// unknown route or norm, a first event the core refuses — or when the Temporal run fails; 2 for a bad command
// line (unknown flag, missing file argument, an --until that is no ISO date-time with offset).
import { readFileSync } from 'node:fs';
import { loadRegionConfig } from '../config/index.js';
import type {
  CaseView,
  Deadline,
  Norm,
  NormOverrides,
  Rejection,
  Scenario,
  ScenarioReport,
} from '../core/index.js';
import {
  daysStoodStill,
  InstantSchema,
  reportOf,
  resolveNorms,
  ScenarioSchema,
  ScenarioStartError,
  simulate,
  shiftedRunCaveats,
  viewCase,
} from '../core/index.js';
import { HOST_ROUTES } from '../machines/host-routes.js';
import { optional, parseFlags, positionals } from './args.js';
import { formatDue, formatMoment, table } from './format.js';
import type * as TemporalRunner from './temporal-sim.js';
import { UsageError } from './usage-error.js';

/** The flags of `passend simulate`. */
export const SIMULATE_FLAGS = {
  json: { type: 'boolean' },
  temporal: { type: 'boolean' },
  'regio-config': { type: 'string' },
  until: { type: 'string' },
  routes: { type: 'string' },
} as const;

/** A malformed scenario (or region configuration) file: the message names the file, the field and why. Exit 1. */
export class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError';
}

/** One refused event of a run, with the engine's full answer. */
export interface RejectedEvent {
  readonly index: number;
  readonly type: string;
  readonly rejection: Rejection;
}

/** What `passend simulate --json` prints. */
export interface SimulationOutput {
  readonly scenario: { readonly title: string; readonly route: string; readonly caseId: string };
  readonly mode: 'core' | 'temporal';
  /** Temporal mode: the scenario's first moment and the server's now it was shifted to. */
  readonly shift?: { readonly from: string; readonly to: string };
  readonly report: ScenarioReport;
}

/** A scenario ready to run: the file's content with --until and the region's norm overrides applied. */
export interface PreparedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  readonly norms: readonly Norm[];
  readonly region: { readonly file: string; readonly regio: string } | null;
  /** Things the reader should know about the run (printed with the report, or on stderr with --json). */
  readonly notes: string[];
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** A zod issue in the reader's words; a moment without offset gets an example of what is expected. */
function explain(issue: { code: string; message: string; path: PropertyKey[] }, raw: unknown): string {
  if (issue.code === 'invalid_format' && (issue as { format?: string }).format === 'datetime') {
    return (
      'must be an ISO 8601 date-time with an offset, such as 2026-03-02T09:00:00+01:00 ' +
      `(got ${JSON.stringify(valueAt(raw, issue.path))})`
    );
  }
  return issue.message;
}

/** Reads and validates a scenario file; throws a {@link ScenarioFileError} naming the file, field and reason. */
export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioFileError(`${file}: cannot read the scenario (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ScenarioFileError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `  ${pathOf(issue.path)}: ${explain(issue, raw)}`);
    throw new ScenarioFileError(`${file}: not a valid scenario\n${issues.join('\n')}`);
  }
  return parsed.data;
}

/**
 * The norm overrides a case runs with when a region configuration applies: the region's overrides for the
 * norms of this route, then the scenario's own on top, field by field — the scenario wins on conflict.
 */
export function mergeNormOverrides(
  region: NormOverrides,
  scenario: NormOverrides,
  routeNorms: readonly string[],
): { merged: NormOverrides; skipped: string[] } {
  const merged: NormOverrides = {};
  const skipped: string[] = [];
  for (const [id, override] of Object.entries(region)) {
    if (routeNorms.includes(id)) merged[id] = override;
    else skipped.push(id);
  }
  for (const [id, override] of Object.entries(scenario)) merged[id] = { ...merged[id], ...override };
  return { merged, skipped };
}

function lastMoment(scenario: Scenario): { index: number; at: string } {
  let last = { index: 0, at: scenario.events[0]?.at ?? '' };
  scenario.events.forEach((event, index) => {
    if (Date.parse(event.at) >= Date.parse(last.at)) last = { index, at: event.at };
  });
  return last;
}

/** Loads a scenario file and applies --until and --regio-config; every error names the file and field. */
export function prepareScenario(
  file: string,
  options: { until?: string | undefined; regionConfig?: string | undefined } = {},
): PreparedScenario {
  const loaded = loadScenarioFile(file);
  const notes: string[] = [];
  const route = HOST_ROUTES.get(loaded.route);
  if (route === undefined) {
    throw new ScenarioFileError(
      `${file}: route: unknown route "${loaded.route}"; known: ${HOST_ROUTES.ids.join(', ')}`,
    );
  }
  let normOverrides = loaded.start.normOverrides;
  let region: PreparedScenario['region'] = null;
  if (options.regionConfig !== undefined) {
    let config;
    try {
      config = loadRegionConfig(options.regionConfig);
    } catch (error) {
      throw new ScenarioFileError((error as Error).message);
    }
    region = { file: options.regionConfig, regio: config.regio };
    const { merged, skipped } = mergeNormOverrides(config.norms, normOverrides, route.norms);
    normOverrides = merged;
    if (config.regio !== loaded.start.regio) {
      notes.push(
        `the region configuration is for regio ${config.regio}, the case is in regio ${loaded.start.regio}; applied anyway`,
      );
    }
    if (skipped.length > 0) {
      notes.push(
        `the ${route.id} route has no norm ${skipped.join(', ')}: that region override does not apply`,
      );
    }
  }
  let norms: Norm[];
  try {
    norms = resolveNorms(route.norms, normOverrides);
  } catch (error) {
    throw new ScenarioFileError(`${file}: start.${(error as Error).message}`);
  }
  const until = options.until ?? loaded.until;
  const last = lastMoment(loaded);
  if (until !== undefined && Date.parse(until) < Date.parse(last.at)) {
    const reason = `lies before the last event (events.${last.index}.at ${last.at})`;
    if (options.until !== undefined) throw new UsageError(`--until ${until} ${reason}`);
    throw new ScenarioFileError(`${file}: until: ${reason}`);
  }
  const { until: _until, ...rest } = loaded;
  const scenario: Scenario = {
    ...rest,
    start: { ...loaded.start, normOverrides },
    ...(until === undefined ? {} : { until }),
  };
  return { file, scenario, norms, region, notes };
}

/** Runs a prepared scenario through the pure core; a first event the core refuses is a malformed scenario. */
export function runCore(prepared: PreparedScenario): ReturnType<typeof simulate> {
  try {
    return simulate(prepared.scenario);
  } catch (error) {
    if (error instanceof ScenarioStartError) {
      // The core names the first event `events[0]`; the schema's paths read `events.0`.
      const message = error.message.replace(/^events\[(\d+)\]/, 'events.$1');
      throw new ScenarioFileError(`${prepared.file}: the case cannot be opened: ${message}`);
    }
    throw error;
  }
}

/** The days the clock stood still, as the resumptions counted them (working days for a term in werkdagen). */
function suspendedDays(deadline: Deadline, norm: Norm): string {
  if (deadline.suspensions.length === 0) return '-';
  let total = 0;
  let open = false;
  for (const suspension of deadline.suspensions) {
    if (suspension.to === null) open = true;
    else total += daysStoodStill(norm, suspension.from, suspension.to);
  }
  return `${total}${open ? ' + open' : ''}`;
}

function deadlineRow(norms: readonly Norm[]): (deadline: Deadline) => string[] {
  return (deadline) => {
    const norm = norms.find((candidate) => candidate.id === deadline.normId);
    if (norm === undefined)
      throw new Error(`deadline ${deadline.id}: the case has no norm ${deadline.normId}`);
    const extended = deadline.originalDueAt !== deadline.dueAt;
    return [
      deadline.normId + (deadline.spoor === null ? '' : ` (${deadline.spoor})`),
      deadline.status,
      formatMoment(deadline.startedAt),
      formatDue(deadline.dueAt, norm) + (extended ? ` (was ${formatDue(deadline.originalDueAt, norm)})` : ''),
      formatMoment(deadline.warnedAt),
      formatMoment(deadline.metAt),
      formatMoment(deadline.detectedAt),
      formatMoment(deadline.lapsedAt),
      String(deadline.extensions.length),
      suspendedDays(deadline, norm),
    ];
  };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The report of a run for people: header, stages, deadlines, refused events and the final state. */
export function formatSimulation(input: {
  readonly prepared: PreparedScenario;
  readonly output: SimulationOutput;
  readonly view: CaseView;
  readonly rejected: readonly RejectedEvent[];
}): string {
  const { prepared, output, view, rejected } = input;
  const { report, shift } = output;
  const offset = shift === undefined ? 0 : Date.parse(shift.to) - Date.parse(shift.from);
  const until = prepared.scenario.until;
  const clock =
    until === undefined
      ? 'the clock stops at the last event'
      : `the clock runs on to ${formatMoment(new Date(Date.parse(until) + offset).toISOString())}`;
  const run =
    shift === undefined
      ? `pure core on exact dates; ${clock}`
      : `time-skipping server, shifted ${formatMoment(shift.from)} → ${formatMoment(shift.to)} ` +
        `(the server's now); ${clock}`;
  const lines = [
    `scenario   ${output.scenario.title}`,
    `file       ${prepared.file}`,
    `route      ${view.route.id} ${view.route.version}`,
    `case       ${view.caseId}  (${view.organisatie}, regio ${view.regio})`,
    `norms      ${view.norms.map((norm) => `${norm.id} ${norm.version}`).join(', ')}`,
    ...(prepared.region === null
      ? []
      : [
          `region     ${prepared.region.file} (regio ${prepared.region.regio}; the scenario's overrides win)`,
        ]),
    `run        ${run}`,
    `times      Europe/Amsterdam`,
    ...prepared.notes.map((note) => `note       ${note}`),
    '',
    'stages',
    table(
      ['stage', 'entered', 'left'],
      report.stages.map((span) => [span.stage, formatMoment(span.enteredAt), formatMoment(span.leftAt)]),
    ),
    '',
    'deadlines',
    report.deadlines.length === 0
      ? '(none)'
      : table(
          [
            'deadline',
            'status',
            'started',
            'due',
            'warned',
            'met',
            'breach detected',
            'lapsed',
            'ext.',
            'suspended days',
          ],
          report.deadlines.map(deadlineRow(view.normDefinitions)),
        ),
    '',
    'rejected events',
    rejected.length === 0
      ? '(none)'
      : table(
          ['event', 'type', 'code', 'reason', 'issues'],
          rejected.map(({ index, type, rejection }) => [
            `events.${index}`,
            type,
            rejection.code,
            rejection.message,
            rejection.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') || '-',
          ]),
        ),
    '',
    `final      stage ${report.final.stage}${report.final.closed ? ' (afgesloten)' : ''}, regisseur ` +
      `${report.final.regisseur}, plan ${report.final.planRevisie === null ? '-' : `revisie ${report.final.planRevisie}`}`,
    `findings   ${plural(report.breaches.length, 'breach', 'breaches')}, ` +
      `${plural(report.warnings.length, 'warning', 'warnings')}, ` +
      `${plural(rejected.length, 'rejected event', 'rejected events')}`,
  ];
  return lines.join('\n');
}

/** The --temporal runner, loaded only when asked for: it needs the Temporal test packages. */
async function loadTemporalRunner(): Promise<typeof TemporalRunner> {
  try {
    return await import('./temporal-sim.js');
  } catch (error) {
    const missing = /@temporalio\/(testing|proto)/.exec(String((error as Error).message));
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && missing !== null) {
      throw new Error(`--temporal needs the package ${missing[0]}, which is not installed`, { cause: error });
    }
    throw error;
  }
}

/** `passend simulate <scenario.json> [--json] [--temporal] [--regio-config FILE] [--until ISO]`. */
export async function runSimulate(argv: readonly string[]): Promise<number> {
  const { values, positionals: args } = parseFlags(argv, SIMULATE_FLAGS);
  const [file = ''] = positionals(args, ['scenario.json']);
  const until = optional(values, 'until');
  if (until !== undefined && !InstantSchema.safeParse(until).success) {
    throw new UsageError(
      `--until must be an ISO 8601 date-time with an offset, such as 2026-04-06T00:00:00+02:00 (got "${until}")`,
    );
  }
  const json = values['json'] === true;
  (await import('./route.js')).installRoutesFlag(values);
  const prepared = prepareScenario(file, { until, regionConfig: optional(values, 'regio-config') });
  // The core run comes first in both modes: a scenario the core cannot open never starts a server.
  const core = runCore(prepared);
  const scenario = {
    title: prepared.scenario.title,
    route: prepared.scenario.route,
    caseId: prepared.scenario.caseId,
  };
  let output: SimulationOutput;
  let view: CaseView;
  let rejected: readonly RejectedEvent[];
  if (values['temporal'] === true) {
    prepared.notes.push(...shiftedRunCaveats(prepared.scenario, prepared.norms));
    const progress = (line: string) => process.stderr.write(`[passend] ${line}\n`);
    if (json) for (const note of prepared.notes) progress(`note: ${note}`);
    const { runOnTimeSkippingServer } = await loadTemporalRunner();
    const live = await runOnTimeSkippingServer(prepared.scenario, progress);
    view = live.view;
    rejected = live.rejected;
    output = { scenario, mode: 'temporal', shift: live.shift, report: reportOf(view, rejected) };
  } else {
    if (json) for (const note of prepared.notes) process.stderr.write(`[passend] note: ${note}\n`);
    view = viewCase(core.state);
    rejected = core.rejected;
    output = { scenario, mode: 'core', report: reportOf(view, rejected) };
  }
  process.stdout.write(
    `${json ? JSON.stringify(output, null, 2) : formatSimulation({ prepared, output, view, rejected })}\n`,
  );
  return 0;
}
