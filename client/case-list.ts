import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { z } from 'zod';
import type { RiskStatus } from '../core/index.js';
import { IdentifierSchema } from '../core/index.js';
import { CASE_SEARCH_ATTRIBUTES as KEYS } from '../workflows/search-attributes.js';

/** Filters for listing cases; every value is an identifier or an enum, so a query can never be injected. */
export const CaseFilterSchema = z.strictObject({
  regio: IdentifierSchema.optional(),
  organisatie: IdentifierSchema.optional(),
  regisseur: IdentifierSchema.optional(),
  stage: IdentifierSchema.optional(),
  route: IdentifierSchema.optional(),
  risk: z
    .array(z.enum(['op-schema', 'waarschuwing', 'overschreden']))
    .min(1)
    .optional(),
  /** Only cases flagged because another case of the same child is open in the region (one child, one plan). */
  dubbeleCasus: z.literal(true).optional(),
  open: z.boolean().default(true),
  limit: z.number().int().positive().max(10_000).default(1_000),
});
export type CaseFilter = z.input<typeof CaseFilterSchema>;

/** The moments the search for the longest overdue looks between (whole milliseconds since 1970). */
export const DUE_BOUND_EARLIEST = Date.UTC(1970, 0, 1);
export const DUE_BOUND_LATEST = Date.UTC(2100, 0, 1);

/**
 * An upper bound on a due moment: only cases whose `PassendOverdueSince` (`overdueSince`) or `PassendNextDueAt`
 * (`nextDueAt`) is at or before `atMost` (whole milliseconds since 1970). The attribute is an enum and the moment a
 * whole number written out by `toISOString`, so a bound can never be injected either.
 */
export const DueBoundSchema = z.strictObject({
  attribute: z.enum(['overdueSince', 'nextDueAt']),
  atMost: z.number().int().min(DUE_BOUND_EARLIEST).max(DUE_BOUND_LATEST),
});
export type DueBound = z.input<typeof DueBoundSchema>;

/** One case as visibility knows it: no query to the workflow, so listing scales with the index, not the cases. */
export interface CaseSummary {
  readonly caseId: string;
  readonly workflowId: string;
  readonly route: string | null;
  readonly stage: string | null;
  readonly stageSince: string | null;
  readonly regisseur: string | null;
  readonly organisatie: string | null;
  readonly regio: string | null;
  readonly risk: RiskStatus | null;
  readonly nextDueAt: string | null;
  readonly overdueNorms: readonly string[];
  readonly overdueSince: string | null;
  readonly warnedNorms: readonly string[];
  readonly wachtlijstAanbieders: readonly string[];
  readonly breaches: number;
  /** Another case of the same child is open in the region: one child, one plan (false for cases without a child). */
  readonly dubbeleCasus: boolean;
  readonly status: string;
  readonly startedAt: string;
  readonly closedAt: string | null;
}

/**
 * The Temporal visibility query for a filter. Values were validated as identifiers, so quoting is safe. Open cases
 * are those without a close time, not `ExecutionStatus = 'Running'`: on SQL visibility without statistics (the dev
 * server's SQLite) a status clause makes the planner walk every running workflow by its status index, whereas
 * `CloseTime IS NULL` lets it take the index of the case attribute filtered on, so a query returns its own rows only.
 * One risk is an equality for the same reason (an IN over several is not taken as an index; see `overdueCases`).
 */
export function visibilityQuery(filter: CaseFilter, bound?: DueBound): string {
  const parsed = CaseFilterSchema.parse(filter);
  const due = bound === undefined ? undefined : DueBoundSchema.parse(bound);
  const clauses = [`WorkflowType = 'caseWorkflow'`];
  if (parsed.open) clauses.push('CloseTime IS NULL');
  const equals: [string, string | undefined][] = [
    [KEYS.regio.name, parsed.regio],
    [KEYS.organisatie.name, parsed.organisatie],
    [KEYS.regisseur.name, parsed.regisseur],
    [KEYS.stage.name, parsed.stage],
    [KEYS.route.name, parsed.route],
  ];
  for (const [name, value] of equals) if (value !== undefined) clauses.push(`${name} = '${value}'`);
  const [only, ...more] = parsed.risk ?? [];
  if (only !== undefined && more.length === 0) clauses.push(`${KEYS.risk.name} = '${only}'`);
  else if (only !== undefined)
    clauses.push(`${KEYS.risk.name} IN (${[only, ...more].map((risk) => `'${risk}'`).join(', ')})`);
  if (parsed.dubbeleCasus === true) clauses.push(`${KEYS.dubbeleCasus.name} = true`);
  if (due !== undefined)
    clauses.push(`${KEYS[due.attribute].name} <= '${new Date(due.atMost).toISOString()}'`);
  return clauses.join(' AND ');
}

const iso = (value: Date | undefined): string | null => (value === undefined ? null : value.toISOString());

function summaryOf(execution: WorkflowExecutionInfo): CaseSummary {
  const attributes = execution.typedSearchAttributes;
  return {
    caseId: execution.workflowId.replace(/^casus-/, ''),
    workflowId: execution.workflowId,
    route: attributes.get(KEYS.route) ?? null,
    stage: attributes.get(KEYS.stage) ?? null,
    stageSince: iso(attributes.get(KEYS.stageSince)),
    regisseur: attributes.get(KEYS.regisseur) ?? null,
    organisatie: attributes.get(KEYS.organisatie) ?? null,
    regio: attributes.get(KEYS.regio) ?? null,
    risk: (attributes.get(KEYS.risk) as RiskStatus | undefined) ?? null,
    nextDueAt: iso(attributes.get(KEYS.nextDueAt)),
    overdueNorms: attributes.get(KEYS.overdueNorms) ?? [],
    overdueSince: iso(attributes.get(KEYS.overdueSince)),
    warnedNorms: attributes.get(KEYS.warnedNorms) ?? [],
    wachtlijstAanbieders: attributes.get(KEYS.wachtlijstAanbieders) ?? [],
    breaches: attributes.get(KEYS.breaches) ?? 0,
    dubbeleCasus: attributes.get(KEYS.dubbeleCasus) ?? false,
    status: execution.status.name,
    startedAt: execution.startTime.toISOString(),
    closedAt: iso(execution.closeTime),
  };
}

/**
 * Every case matching a filter (and `bound`, when given), page by page through Temporal's cursor (the list's
 * next-page token), however many there are: `limit` does not apply. Visibility answers each page from its index;
 * nothing asks a workflow.
 */
export async function* eachCase(
  client: Client,
  filter: CaseFilter = {},
  pageSize = 1000,
  bound?: DueBound,
): AsyncGenerator<CaseSummary> {
  for await (const execution of client.workflow.list({ query: visibilityQuery(filter, bound), pageSize })) {
    yield summaryOf(execution);
  }
}

/** How many cases match a filter (and `bound`): one count query (CountWorkflowExecutions), no rows listed. */
export async function countCases(client: Client, filter: CaseFilter = {}, bound?: DueBound): Promise<number> {
  return (await client.workflow.count(visibilityQuery(filter, bound))).count;
}

/** Lists cases matching a filter through one Temporal visibility query. */
export async function listCases(client: Client, filter: CaseFilter = {}): Promise<CaseSummary[]> {
  const { limit } = CaseFilterSchema.parse(filter);
  const cases: CaseSummary[] = [];
  for await (const execution of client.workflow.list({
    query: visibilityQuery(filter),
    pageSize: Math.min(limit, 1000),
  })) {
    cases.push(summaryOf(execution));
    if (cases.length >= limit) break;
  }
  return cases;
}
