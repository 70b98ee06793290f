import type { CaseFilter, CaseSummary, DueBound, PassendClient } from '../client/index.js';
import { DUE_ATTRIBUTE, longestDue } from '../client/index.js';

/**
 * Open cases the dashboard reads for its groups, time in stage and waiting lists. Up to this many in scope it
 * reads them all (one page of Temporal's list); beyond it, those figures are over the first this many only, and
 * the page says so: reading every case grows with the open cases (10,000 took longer than the request deadline).
 */
export const DASHBOARD_READ_LIMIT = 1_000;
/** Overdue cases, and cases at risk, listed at most when the scope holds more open cases than are read. */
export const DASHBOARD_LIST_LIMIT = 200;

/** How much the dashboard reads; tests lower them to see the sampled answer with a few cases. */
export interface DashboardLimits {
  readonly readLimit: number;
  readonly listLimit: number;
}

/** What the dashboard read: exact counts, the open cases read, and (when not all were read) the listed at-risk cases. */
export interface DashboardRead {
  /** From count queries, whatever was read: open cases, and of them overdue and at risk. */
  readonly counts: { readonly open: number; readonly overschreden: number; readonly waarschuwing: number };
  /** Whether `cases` are every open case in scope. */
  readonly complete: boolean;
  /** The open cases read: all of them when `complete`, else the first `readLimit`. */
  readonly cases: readonly CaseSummary[];
  /**
   * When not `complete`: overdue and at-risk cases, the `listLimit` of each due longest ago, listed from their
   * risk's index (beyond `listLimit`, at and before a cut-off moment found with count queries).
   */
  readonly atRisk: readonly CaseSummary[];
  /** Open cases whose child has another open case in the region, at most `listLimit`, from the flag's index. */
  readonly dubbel: readonly CaseSummary[];
}

type Scope = Omit<CaseFilter, 'limit'>;
type Risk = 'overschreden' | 'waarschuwing';

/**
 * How many open cases of the scopes match (and are due at or before `bound`): one count query per scope, and for a
 * coordinator's two scopes (organisation or region) less the cases in both, which the two counts would otherwise
 * count twice.
 */
async function countInScopes(
  passend: PassendClient,
  scopes: readonly Scope[],
  risk?: Risk,
  bound?: DueBound,
): Promise<number> {
  const narrowed = (scope: Scope): Scope => (risk === undefined ? scope : { ...scope, risk: [risk] });
  const [first, second, ...more] = scopes;
  if (first === undefined) return 0;
  if (more.length > 0) throw new Error(`the dashboard counts at most two scopes, got ${scopes.length}`);
  if (second === undefined) return passend.countCases(narrowed(first), bound);
  const [a, b, both] = await Promise.all([
    passend.countCases(narrowed(first), bound),
    passend.countCases(narrowed(second), bound),
    passend.countCases(narrowed({ ...first, ...second }), bound),
  ]);
  return a + b - both;
}

/**
 * The cases of every scope (due at or before `bound`, when given), each case once, in the order first listed, at
 * most `limit` (all when undefined).
 */
async function listInScopes(
  passend: PassendClient,
  scopes: readonly Scope[],
  limit: number | undefined,
  bound?: DueBound,
): Promise<CaseSummary[]> {
  const lists = await Promise.all(
    scopes.map((scope) =>
      limit === undefined ? passend.allCases(scope, bound) : passend.listCases({ ...scope, limit }),
    ),
  );
  const byId = new Map<string, CaseSummary>();
  for (const list of lists) for (const summary of list) byId.set(summary.caseId, summary);
  const cases = [...byId.values()];
  return limit === undefined ? cases : cases.slice(0, limit);
}

/**
 * The `limit` cases of a risk in the scopes due longest ago, of `total` (counted): the first `limit` listed when
 * they are all, else those at and before the cut-off moment searched with count queries (`cutOff`: at most 67 per
 * part of the scope, plus the cases in both for a coordinator's two: 201 then), sorted and cut.
 */
async function longestInScopes(
  passend: PassendClient,
  scopes: readonly Scope[],
  risk: Risk,
  total: number,
  limit: number,
): Promise<CaseSummary[]> {
  const narrowed = scopes.map((scope) => ({ ...scope, risk: [risk] }));
  if (total <= limit) return listInScopes(passend, narrowed, limit);
  const reader = {
    count: (bound: DueBound) => countInScopes(passend, scopes, risk, bound),
    every: (bound?: DueBound) => listInScopes(passend, narrowed, undefined, bound),
  };
  return (await longestDue(reader, DUE_ATTRIBUTE[risk], limit)).cases;
}

/**
 * Reads what the dashboard shows for the open cases of `scopes`: counts first (count queries, nothing listed),
 * then every open case when they are at most `readLimit`, else the first `readLimit` and the `listLimit` overdue and
 * at-risk cases each due longest ago (`longestInScopes`). Its cost grows with what it lists, not with the open cases.
 */
export async function readDashboardCases(
  passend: PassendClient,
  scopes: readonly Scope[],
  limits: DashboardLimits,
): Promise<DashboardRead> {
  const [open, overschreden, waarschuwing] = await Promise.all([
    countInScopes(passend, scopes),
    countInScopes(passend, scopes, 'overschreden'),
    countInScopes(passend, scopes, 'waarschuwing'),
  ]);
  const counts = { open, overschreden, waarschuwing };
  // One child, one plan: few cases are flagged, and always listed from their own index, however many are read.
  const flagged = listInScopes(
    passend,
    scopes.map((scope) => ({ ...scope, dubbeleCasus: true as const })),
    limits.listLimit,
  );
  if (open <= limits.readLimit) {
    const [cases, dubbel] = await Promise.all([listInScopes(passend, scopes, undefined), flagged]);
    return { counts, complete: true, cases, atRisk: [], dubbel };
  }
  const [cases, overdue, warned, dubbel] = await Promise.all([
    listInScopes(passend, scopes, limits.readLimit),
    longestInScopes(passend, scopes, 'overschreden', overschreden, limits.listLimit),
    longestInScopes(passend, scopes, 'waarschuwing', waarschuwing, limits.listLimit),
    flagged,
  ]);
  return { counts, complete: false, cases, atRisk: [...overdue, ...warned], dubbel };
}
