import type { CaseFilter, CaseSummary, PassendClient } from '../client/index.js';
import { IdentifierSchema } from '../core/index.js';
import { noArguments, optional, parseFlags } from './args.js';
import type { ParsedFlags } from './args.js';
import { formatMoment, table } from './format.js';
import { UsageError } from './usage-error.js';

export const OVERDUE_USAGE = `  passend overdue [--regio R] [--organisatie O] [--regisseur X] [--stage S] [--route R] [--at-risk]
                  [--dubbel] [--limit N] [--json]
  passend cases [--regio R] [--organisatie O] [--regisseur X] [--stage S] [--route R]
                [--risk op-schema,waarschuwing,overschreden] [--dubbel] [--all] [--limit N] [--json]`;

export const OVERDUE_HELP = `overdue lists the open cases with a breached deadline (--at-risk: a warned one too), the longest overdue
first: norm(s), due moment, whole days over, stage, regisseur, organisation. cases lists open cases (--all:
closed ones too), newest first. Both answer from one Temporal visibility query, not by asking every case.
A case marked (dubbel) has another open case of the same child in its region (one child, one plan); --dubbel
lists only those.`;

const FILTER_FLAGS = {
  address: { type: 'string' },
  namespace: { type: 'string' },
  regio: { type: 'string' },
  organisatie: { type: 'string' },
  regisseur: { type: 'string' },
  stage: { type: 'string' },
  route: { type: 'string' },
  dubbel: { type: 'boolean' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Whole days from `since` to `now` (0 on the day of the breach); `null` when not overdue. */
export function daysOver(since: string | null, now: Date): number | null {
  return since === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 86_400_000));
}

function identifierFlag(values: ParsedFlags['values'], flag: string): string | undefined {
  const value = optional(values, flag);
  if (value === undefined) return undefined;
  const parsed = IdentifierSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${flag} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data;
}

function limitFlag(values: ParsedFlags['values']): number {
  const value = optional(values, 'limit');
  if (value === undefined) return 1_000;
  const limit = /^[0-9]{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= 10_000))
    throw new UsageError(`--limit must be a whole number 1-10000, not "${value}"`);
  return limit;
}

const RISKS = ['op-schema', 'waarschuwing', 'overschreden'] as const;
type Risk = (typeof RISKS)[number];

function riskFlag(values: ParsedFlags['values']): Risk[] | undefined {
  const value = optional(values, 'risk');
  if (value === undefined) return undefined;
  const risks = value.split(',');
  const wrong = risks.filter((risk) => !(RISKS as readonly string[]).includes(risk));
  if (wrong.length > 0) {
    throw new UsageError(
      `--risk must be one or more of ${RISKS.join(', ')} separated by commas, not "${value}"`,
    );
  }
  return [...new Set(risks)] as Risk[];
}

/** The visibility filter of the command line; every value is checked before connecting. */
function filterOf(values: ParsedFlags['values']): CaseFilter {
  const filter: CaseFilter = { limit: limitFlag(values) };
  for (const key of ['regio', 'organisatie', 'regisseur', 'stage', 'route'] as const) {
    const value = identifierFlag(values, key);
    if (value !== undefined) filter[key] = value;
  }
  if (values['dubbel'] === true) filter.dubbeleCasus = true;
  return filter;
}

/** The case's id, marked when another case of the same child is open in its region (one child, one plan). */
function caseCell(summary: CaseSummary): string {
  return summary.dubbeleCasus ? `${summary.caseId} (dubbel)` : summary.caseId;
}

/** The line under a table with a flagged case, saying what the mark means. */
function dubbelNote(cases: readonly CaseSummary[]): string {
  return cases.some((summary) => summary.dubbeleCasus)
    ? '\n(dubbel): another case of the same child is open in the region (one child, one plan)'
    : '';
}

async function withClient<T>(
  values: ParsedFlags['values'],
  run: (passend: PassendClient) => Promise<T>,
): Promise<T> {
  // Loaded once the command line is checked: Temporal's client takes most of a second to load.
  const { connectClient, temporalAddress, temporalNamespace } = await import('./connection.js');
  const { passend, close } = await connectClient(
    temporalAddress(optional(values, 'address')),
    temporalNamespace(optional(values, 'namespace')),
  );
  try {
    return await run(passend);
  } finally {
    await close();
  }
}

/** The overdue cases as a table for people. */
export function formatOverdue(
  cases: readonly (CaseSummary & { daysOver: number | null })[],
  atRisk: boolean,
): string {
  if (cases.length === 0) return atRisk ? 'no overdue or warned cases' : 'no overdue cases';
  const rows = table(
    ['case', 'norm(s)', 'due', 'days over', 'stage', 'regisseur', 'organisation'],
    cases.map((summary) => [
      caseCell(summary),
      [
        ...summary.overdueNorms,
        ...(atRisk ? summary.warnedNorms.map((norm) => `${norm} (waarschuwing)`) : []),
      ].join(', ') || '-',
      formatMoment(summary.overdueSince ?? summary.nextDueAt),
      summary.daysOver === null ? '-' : String(summary.daysOver),
      summary.stage ?? '-',
      summary.regisseur ?? '-',
      summary.organisatie ?? '-',
    ]),
  );
  return `${rows}${dubbelNote(cases)}`;
}

/**
 * Cases as a table for people. The lists hold a next due moment only for a case at risk (see listedVisibility), so
 * an on-schedule case shows `-` there, and a line under the table says where its moment is.
 */
export function formatCases(cases: readonly CaseSummary[]): string {
  if (cases.length === 0) return 'no cases';
  const unlisted = cases.some((summary) => summary.risk === 'op-schema' && summary.nextDueAt === null);
  const rows = table(
    ['case', 'route', 'stage', 'regisseur', 'organisation', 'region', 'risk', 'next due', 'breaches'],
    cases.map((summary) => [
      caseCell(summary),
      summary.route ?? '-',
      summary.stage ?? '-',
      summary.regisseur ?? '-',
      summary.organisatie ?? '-',
      summary.regio ?? '-',
      summary.risk ?? '-',
      formatMoment(summary.nextDueAt),
      String(summary.breaches),
    ]),
  );
  const note = unlisted
    ? `\nnext due: '-' for a case op-schema, whose lists leave it out; \`passend case show ID\` gives it`
    : '';
  return `${rows}${note}${dubbelNote(cases)}`;
}

/** `passend overdue`: open cases with a breached (or, `--at-risk`, warned) deadline. */
export async function runOverdue(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...FILTER_FLAGS, 'at-risk': { type: 'boolean' } });
  noArguments('overdue', positionals);
  const filter = filterOf(values);
  const atRisk = values['at-risk'] === true;
  const found = await withClient(values, (passend) => passend.overdueCases({ ...filter, atRisk }));
  const now = new Date();
  const cases = found.map((summary) => ({ ...summary, daysOver: daysOver(summary.overdueSince, now) }));
  process.stdout.write(
    values['json'] === true
      ? `${JSON.stringify({ at: now.toISOString(), count: cases.length, cases }, null, 2)}\n`
      : `${formatOverdue(cases, atRisk)}\n`,
  );
  return 0;
}

/** `passend cases`: open cases (`--all`: closed ones too) matching the filters. */
export async function runCases(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    ...FILTER_FLAGS,
    risk: { type: 'string' },
    all: { type: 'boolean' },
  });
  noArguments('cases', positionals);
  const filter = filterOf(values);
  const risk = riskFlag(values);
  if (risk !== undefined) filter.risk = risk;
  filter.open = values['all'] !== true;
  const cases = await withClient(values, (passend) => passend.listCases(filter));
  process.stdout.write(
    values['json'] === true
      ? `${JSON.stringify({ count: cases.length, cases }, null, 2)}\n`
      : `${formatCases(cases)}\n`,
  );
  return 0;
}
