// `passend doctor` and `passend case repair`: what an operator runs when cases stop moving. The doctor says
// whether Temporal answers, whether a worker polls the case task queue and which cases are stuck (their workflow
// tasks keep failing), with the error; repair resets a stuck case to its last good workflow task.
import type { StuckCase } from '../client/index.js';
import { TemporalUnavailableError } from '../client/errors.js';
import { IdentifierSchema } from '../core/index.js';
import { checkedArgument, noArguments, optional, parseFlags, positionals } from './args.js';
import type { connectClient } from './connection.js';
import { formatMoment, table } from './format.js';
import type { UndeliverableSummary } from './undeliverable.js';
import { summariseUndeliverable, undeliverablePathOf } from './undeliverable.js';
import { UsageError } from './usage-error.js';

export const DOCTOR_USAGE = `  passend doctor [--limit N] [--outbox FILE] [--json]
  passend case repair <caseId> [--event-id N] [--force] [--json]`;

export const DOCTOR_HELP = `doctor checks that Temporal answers, that a worker polls the case task queue (one seen in the last 75 s)
and which open cases are stuck: their workflow task failed more than once in a row (a nondeterminism error, a
bug), with the error; it looks at the newest --limit open cases (default 10000), one describe each. Exit 0 when
all is well, 1 otherwise. case repair resets a stuck case to the last workflow task that completed before the
failing one (Temporal's reset; signals and Updates after that point are applied again), or to --event-id, a
WorkflowTaskCompleted event of the case's history; --force resets a case that is not stuck.
doctor also counts the webhook notifications the worker gave up on, recorded in undeliverable.jsonl beside its
outbox (--outbox FILE, default $PASSEND_OUTBOX or data/outbox.jsonl, as for the worker), and names the latest;
they are reported, not a reason for exit 1 (the file is a record that stays).`;

const CONNECTION = {
  address: { type: 'string' },
  namespace: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value))
    throw new UsageError(`--${flag} must be a positive whole number (got ${JSON.stringify(value)})`);
  return Number(value);
}

/** What the doctor found. */
export interface DoctorReport {
  readonly status: 'ok' | 'degraded';
  readonly temporal: 'ok' | 'unreachable';
  readonly address: string;
  readonly taskQueue: string;
  readonly workersPolling: number | null;
  readonly checkedCases: number | null;
  readonly truncated: boolean;
  readonly stuckCases: readonly StuckCase[];
  readonly reasons: readonly string[];
  /** Webhook notifications given up on, from the worker's data folder; null when it has recorded none. */
  readonly undeliverable: UndeliverableSummary | null;
}

function formatDoctor(report: DoctorReport): string {
  const lines = [
    `temporal   ${report.temporal} (${report.address})`,
    `workers    ${report.workersPolling === null ? 'unknown' : `${report.workersPolling} polling ${report.taskQueue}`}`,
    `cases      ${report.checkedCases === null ? 'not checked' : `${report.checkedCases} open checked${report.truncated ? ' (more exist)' : ''}, ${report.stuckCases.length} stuck`}`,
  ];
  if (report.stuckCases.length > 0) {
    lines.push(
      '',
      table(
        ['case', 'attempts', 'failing since', 'error'],
        report.stuckCases.map((stuck) => [
          stuck.caseId,
          String(stuck.attempts),
          stuck.since === null ? '-' : formatMoment(stuck.since),
          stuck.error.length > 160 ? `${stuck.error.slice(0, 160)}…` : stuck.error,
        ]),
      ),
      '',
      'repair one with: passend case repair <caseId>',
    );
  }
  const undeliverable = report.undeliverable;
  lines.push(
    undeliverable === null
      ? 'webhooks   no undeliverable notifications recorded'
      : `webhooks   ${undeliverable.count} undeliverable notification(s) in ${undeliverable.path}${undeliverable.unreadable > 0 ? ` (${undeliverable.unreadable} unreadable line(s))` : ''}`,
  );
  if (undeliverable !== null && undeliverable.latest !== null) {
    const latest = undeliverable.latest;
    lines.push(
      `           latest ${formatMoment(latest.recordedAt)}: ${latest.notificationId} to ${latest.url} after ${latest.attempts} attempt(s): ${latest.failure.length > 160 ? `${latest.failure.slice(0, 160)}…` : latest.failure}`,
    );
  }
  lines.push(
    '',
    report.status === 'ok' ? 'status     ok' : `status     degraded: ${report.reasons.join('; ')}`,
  );
  return lines.join('\n');
}

/** `passend doctor`. */
export async function runDoctor(argv: readonly string[]): Promise<number> {
  const { values, positionals: args } = parseFlags(argv, {
    ...CONNECTION,
    limit: { type: 'string' },
    outbox: { type: 'string' },
  });
  noArguments('doctor', args);
  const limit = positiveInteger('limit', optional(values, 'limit')) ?? 10_000;
  if (limit > 10_000) throw new UsageError(`--limit must be at most 10000 (got ${limit})`);
  // Loaded once the command line is checked: Temporal's client takes most of a second to load.
  const { connectClient, temporalAddress, temporalNamespace } = await import('./connection.js');
  const address = temporalAddress(optional(values, 'address'));
  const namespace = temporalNamespace(optional(values, 'namespace'));
  const outbox = optional(values, 'outbox') ?? process.env['PASSEND_OUTBOX'] ?? 'data/outbox.jsonl';
  const undeliverable = await summariseUndeliverable(undeliverablePathOf(outbox));
  let report: DoctorReport;
  let connected: Awaited<ReturnType<typeof connectClient>> | undefined;
  try {
    connected = await connectClient(address, namespace);
  } catch {
    connected = undefined;
  }
  try {
    report =
      connected === undefined
        ? unreachable(address, undeliverable)
        : await examine(connected.passend, address, limit, undeliverable);
  } finally {
    await connected?.close();
  }
  process.stdout.write(
    `${values['json'] === true ? JSON.stringify(report, null, 2) : formatDoctor(report)}\n`,
  );
  return report.status === 'ok' ? 0 : 1;
}

function unreachable(address: string, undeliverable: UndeliverableSummary | null): DoctorReport {
  return {
    status: 'degraded',
    temporal: 'unreachable',
    address,
    taskQueue: '',
    workersPolling: null,
    checkedCases: null,
    truncated: false,
    stuckCases: [],
    reasons: [`the Temporal server at ${address} does not answer`],
    undeliverable,
  };
}

async function examine(
  passend: Awaited<ReturnType<typeof connectClient>>['passend'],
  address: string,
  limit: number,
  undeliverable: UndeliverableSummary | null,
): Promise<DoctorReport> {
  let polling: number;
  try {
    polling = await passend.workerCount();
  } catch (error) {
    if (error instanceof TemporalUnavailableError)
      return { ...unreachable(address, undeliverable), taskQueue: passend.taskQueue };
    throw error;
  }
  const scan = await passend.client.withDeadline(Date.now() + 600_000, () => passend.stuckCases({ limit }));
  const reasons: string[] = [];
  if (polling === 0) reasons.push(`no worker polls the task queue ${passend.taskQueue}`);
  if (scan.stuck.length > 0) reasons.push(`${scan.stuck.length} case(s) stuck`);
  return {
    status: reasons.length === 0 ? 'ok' : 'degraded',
    temporal: 'ok',
    address,
    taskQueue: passend.taskQueue,
    workersPolling: polling,
    checkedCases: scan.checked,
    truncated: scan.truncated,
    stuckCases: scan.stuck,
    reasons,
    undeliverable,
  };
}

/** `passend case repair <caseId>`. */
export async function runRepair(argv: readonly string[]): Promise<number> {
  const { values, positionals: args } = parseFlags(argv, {
    ...CONNECTION,
    'event-id': { type: 'string' },
    force: { type: 'boolean' },
  });
  const [caseId = ''] = positionals(args, ['caseId']);
  checkedArgument('caseId', caseId, IdentifierSchema);
  const toEventId = positiveInteger('event-id', optional(values, 'event-id'));
  // Loaded once the command line is checked: Temporal's client takes most of a second to load.
  const { connectClient, temporalAddress, temporalNamespace } = await import('./connection.js');
  const { CaseRepairError } = await import('../client/repair.js');
  const address = temporalAddress(optional(values, 'address'));
  const { passend, close } = await connectClient(address, temporalNamespace(optional(values, 'namespace')));
  try {
    const repair = await passend.repairCase(caseId, {
      ...(toEventId === undefined ? {} : { toEventId }),
      force: values['force'] === true,
    });
    process.stdout.write(
      values['json'] === true
        ? `${JSON.stringify(repair, null, 2)}\n`
        : `[passend] case ${caseId} reset to event ${repair.resetToEventId} of run ${repair.resetRunId}; ` +
            `it continues as run ${repair.newRunId}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof CaseRepairError) {
      process.stderr.write(`passend: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}
