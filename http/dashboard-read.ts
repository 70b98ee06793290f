import type { CaseFilter, CaseSummary, PassendClient } from '../client/index.js';

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
  /** When not `complete`: overdue and at-risk cases, at most `listLimit` of each, listed from their risk's index. */
  readonly atRisk: readonly CaseSummary[];
  /** Open cases whose child has another open case in the region, at most `listLimit`, from the flag's index. */
  readonly dubbel: readonly CaseSummary[];
}

type Scope = Omit<CaseFilter, 'limit'>;
type Risk = 'overschreden' | 'waarschuwing';

/**
 * How many open cases of the scopes match: one count query per scope, and for a coordinator's two scopes
 * (organisation or region) less the cases in both, which the two counts would otherwise count twice.
 */
async function countInScopes(passend: PassendClient, scopes: readonly Scope[], risk?: Risk): Promise<number> {
  const narrowed = (scope: Scope): Scope => (risk === undefined ? scope : { ...scope, risk: [risk] });
  const [first, second, ...more] = scopes;
  if (first === undefined) return 0;
  if (more.length > 0) throw new Error(`the dashboard counts at most two scopes, got ${scopes.length}`);
  if (second === undefined) return passend.countCases(narrowed(first));
  const [a, b, both] = await Promise.all([
    passend.countCases(narrowed(first)),
    passend.countCases(narrowed(second)),
    passend.countCases(narrowed({ ...first, ...second })),
  ]);
  return a + b - both;
}

/** The cases of every scope, each case once, in the order first listed, at most `limit` (all when undefined). */
async function listInScopes(
  passend: PassendClient,
  scopes: readonly Scope[],
  limit: number | undefined,
): Promise<CaseSummary[]> {
  const lists = await Promise.all(
    scopes.map((scope) =>
      limit === undefined ? passend.allCases(scope) : passend.listCases({ ...scope, limit }),
    ),
  );
  const byId = new Map<string, CaseSummary>();
  for (const list of lists) for (const summary of list) byId.set(summary.caseId, summary);
  const cases = [...byId.values()];
  return limit === undefined ? cases : cases.slice(0, limit);
}

/**
 * Reads what the dashboard shows for the open cases of `scopes`: counts first (count queries, nothing listed),
 * then every open case when they are at most `readLimit`, else the first `readLimit` and the overdue and at-risk
 * cases up to `listLimit` each. Its cost grows with what it lists, not with the open cases.
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
  const risky = (risk: Risk) =>
    listInScopes(
      passend,
      scopes.map((scope) => ({ ...scope, risk: [risk] })),
      limits.listLimit,
    );
  const [cases, overdue, warned, dubbel] = await Promise.all([
    listInScopes(passend, scopes, limits.readLimit),
    risky('overschreden'),
    risky('waarschuwing'),
    flagged,
  ]);
  return { counts, complete: false, cases, atRisk: [...overdue, ...warned], dubbel };
}
