import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { daysOver } from '../cli/overdue.js';
import type { CaseFilter, CaseSummary, PassendClient, StuckScan } from '../client/index.js';
import type { NormTerm } from '../core/index.js';
import { NORM_PRESETS } from '../core/index.js';
import type { Principal } from './access.js';
import {
  DASHBOARD_SCRIPT,
  DASHBOARD_STYLE,
  dashboardHtml,
  selfContainedPagePolicy,
} from './dashboard/page.js';
import type { DashboardLimits, DashboardRead } from './dashboard-read.js';
import { DASHBOARD_LIST_LIMIT, DASHBOARD_READ_LIMIT, readDashboardCases } from './dashboard-read.js';
import type { DashboardCase, DashboardData, DashboardGroup } from './dashboard-schemas.js';
import { DashboardPageQuerySchema, DashboardQuerySchema } from './dashboard-schemas.js';
import { describeScope, mayRead } from './scope.js';
import { undeliverableFor } from './undeliverable.js';

const DAY = 86_400_000;

/** The norm the waiting lists are held against: start of care within ten weeks of the intake. */
export const WAITING_LIST_NORM = 'treeknorm-behandeling';

/** A term in calendar days (months as 30 days, working days as 7/5 of them): for comparing waits. */
export function termInDays(term: NormTerm): number {
  switch (term.unit) {
    case 'dagen':
      return term.amount;
    case 'weken':
    case 'schoolweken':
      return term.amount * 7;
    case 'werkdagen':
      return Math.ceil((term.amount * 7) / 5);
    case 'maanden':
      return term.amount * 30;
  }
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;
const daysSince = (since: string, at: Date) => Math.max(0, (at.getTime() - Date.parse(since)) / DAY);

/** Nearest-rank percentile of sorted values, as the KPI report computes it. */
function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  const value = sorted[rank - 1];
  return value === undefined ? null : oneDecimal(value);
}

function groups(
  cases: readonly CaseSummary[],
  key: (summary: CaseSummary) => string | null,
): DashboardGroup[] {
  const byKey = new Map<string, DashboardGroup>();
  for (const summary of cases) {
    const name = key(summary) ?? '(onbekend)';
    const group = byKey.get(name) ?? { key: name, open: 0, overschreden: 0, waarschuwing: 0 };
    byKey.set(name, {
      key: name,
      open: group.open + 1,
      overschreden: group.overschreden + (summary.risk === 'overschreden' ? 1 : 0),
      waarschuwing: group.waarschuwing + (summary.risk === 'waarschuwing' ? 1 : 0),
    });
  }
  return [...byKey.values()].sort(
    (a, b) =>
      b.overschreden - a.overschreden ||
      b.waarschuwing - a.waarschuwing ||
      b.open - a.open ||
      a.key.localeCompare(b.key),
  );
}

function caseOf(summary: CaseSummary, at: Date): DashboardCase | undefined {
  const risk =
    summary.risk === 'overschreden' || summary.overdueNorms.length > 0
      ? 'overschreden'
      : summary.risk === 'waarschuwing' || summary.warnedNorms.length > 0
        ? 'waarschuwing'
        : undefined;
  if (risk === undefined) return undefined;
  return {
    caseId: summary.caseId,
    risk,
    route: summary.route,
    stage: summary.stage,
    stageSince: summary.stageSince,
    regisseur: summary.regisseur,
    organisatie: summary.organisatie,
    regio: summary.regio,
    overdueNorms: [...summary.overdueNorms],
    overdueSince: summary.overdueSince,
    daysOver: risk === 'overschreden' ? daysOver(summary.overdueSince, at) : null,
    warnedNorms: [...summary.warnedNorms],
    nextDueAt: summary.nextDueAt,
    breaches: summary.breaches,
    dubbeleCasus: summary.dubbeleCasus,
  };
}

/** The flagged cases (one child, one plan) as the coordinator sees them, by organisation and case. */
function dubbeleCasussen(cases: readonly CaseSummary[]): DashboardData['dubbeleCasussen'] {
  return cases
    .filter((summary) => summary.dubbeleCasus)
    .map(({ caseId, stage, regisseur, organisatie, regio, risk }) => ({
      caseId,
      stage,
      regisseur,
      organisatie,
      regio,
      risk,
    }))
    .sort(
      (a, b) => (a.organisatie ?? '').localeCompare(b.organisatie ?? '') || a.caseId.localeCompare(b.caseId),
    );
}

/** Overdue first, the longest overdue first; then at risk, the earliest due first. */
function byUrgency(a: DashboardCase, b: DashboardCase): number {
  if (a.risk !== b.risk) return a.risk === 'overschreden' ? -1 : 1;
  const moment = (entry: DashboardCase) =>
    (entry.risk === 'overschreden' ? entry.overdueSince : entry.nextDueAt) ?? '9999';
  const [left, right] = [moment(a), moment(b)];
  return left === right ? a.caseId.localeCompare(b.caseId) : left < right ? -1 : 1;
}

function waitingLists(cases: readonly CaseSummary[], at: Date): DashboardData['waitingLists'] {
  const norm = NORM_PRESETS.get(WAITING_LIST_NORM);
  if (norm === undefined) throw new Error(`norm preset ${WAITING_LIST_NORM} is missing`);
  const termDays = termInDays(norm.term);
  const waiting = new Map<string, { caseId: string; since: string | null }[]>();
  for (const summary of cases) {
    for (const aanbieder of summary.wachtlijstAanbieders) {
      const list = waiting.get(aanbieder) ?? [];
      list.push({ caseId: summary.caseId, since: summary.stageSince });
      waiting.set(aanbieder, list);
    }
  }
  const providers = [...waiting.entries()].map(([aanbieder, list]) => {
    // The longest waiting first; a case without a known stageSince last.
    list.sort((a, b) =>
      a.since === b.since
        ? a.caseId.localeCompare(b.caseId)
        : (a.since ?? '9999') < (b.since ?? '9999')
          ? -1
          : 1,
    );
    const longestSince = list[0]?.since ?? null;
    const longestWaitDays = longestSince === null ? null : oneDecimal(daysSince(longestSince, at));
    return {
      aanbieder,
      cases: list.length,
      caseIds: list.map((entry) => entry.caseId),
      longestWaitDays,
      longestSince,
      overNorm: list.filter((entry) => entry.since !== null && daysSince(entry.since, at) > termDays).length,
      exceedsNorm: longestWaitDays !== null && longestWaitDays > termDays,
    };
  });
  providers.sort(
    (a, b) => (b.longestWaitDays ?? -1) - (a.longestWaitDays ?? -1) || a.aanbieder.localeCompare(b.aanbieder),
  );
  return { norm: { id: norm.id, version: norm.version, title: norm.title, termDays }, providers };
}

function timeInStage(cases: readonly CaseSummary[], at: Date): DashboardData['timeInStage'] {
  const byStage = new Map<string, number[]>();
  for (const summary of cases) {
    if (summary.stageSince === null) continue;
    const stage = summary.stage ?? '(onbekend)';
    byStage.set(stage, [...(byStage.get(stage) ?? []), daysSince(summary.stageSince, at)]);
  }
  return [...byStage.entries()]
    .map(([stage, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return {
        stage,
        cases: sorted.length,
        medianDays: percentile(sorted, 0.5),
        p90Days: percentile(sorted, 0.9),
        maxDays: percentile(sorted, 1),
      };
    })
    .sort((a, b) => (b.medianDays ?? 0) - (a.medianDays ?? 0) || a.stage.localeCompare(b.stage));
}

/**
 * The dashboard's figures from case summaries (search attributes only; no workflow is asked): pure, so a test
 * can check them without a server. `cases` are the open cases in the viewer's scope.
 */
export function dashboardData(
  cases: readonly CaseSummary[],
  at: Date,
  context: {
    viewer: DashboardData['viewer'];
    truncated: boolean;
    stuckCases?: DashboardData['stuckCases'];
    /** What was read; by default `cases` are every open case in scope. */
    coverage?: DashboardData['coverage'];
    /** The flagged cases as listed from their index; by default those among `cases`. */
    dubbel?: readonly CaseSummary[];
    /** The undeliverable notifications in scope; by default `null` (the server does not know the file). */
    undeliverable?: DashboardData['undeliverable'];
  },
): DashboardData {
  const risk = (status: string) => cases.filter((summary) => summary.risk === status).length;
  return {
    at: at.toISOString(),
    viewer: context.viewer,
    openCases: cases.length,
    byRisk: {
      'op-schema': cases.length - risk('overschreden') - risk('waarschuwing'),
      waarschuwing: risk('waarschuwing'),
      overschreden: risk('overschreden'),
    },
    byStage: groups(cases, (summary) => summary.stage),
    byRegisseur: groups(cases, (summary) => summary.regisseur),
    byOrganisatie: groups(cases, (summary) => summary.organisatie),
    cases: cases
      .map((summary) => caseOf(summary, at))
      .filter((entry) => entry !== undefined)
      .sort(byUrgency),
    waitingLists: waitingLists(cases, at),
    timeInStage: timeInStage(cases, at),
    truncated: context.truncated,
    coverage: context.coverage ?? {
      complete: true,
      casesRead: cases.length,
      readLimit: DASHBOARD_READ_LIMIT,
      listLimit: DASHBOARD_LIST_LIMIT,
    },
    dubbeleCasussen: dubbeleCasussen(context.dubbel ?? cases),
    stuckCases: context.stuckCases ?? [],
    undeliverable: context.undeliverable ?? null,
  };
}

/**
 * The dashboard's figures from what {@link readDashboardCases} read. When it read every open case they are
 * {@link dashboardData}'s; otherwise the open cases and their risks are the count queries' (exact), the list is
 * the overdue and at-risk cases listed from their risk's index, and the groups, the time in stage and the waiting
 * lists are over the cases read, which `coverage` and `truncated` say.
 */
export function dashboardDataFromRead(
  read: DashboardRead,
  at: Date,
  context: {
    viewer: DashboardData['viewer'];
    limits: DashboardLimits;
    stuckCases?: DashboardData['stuckCases'];
    undeliverable?: DashboardData['undeliverable'];
  },
): DashboardData {
  const coverage = { complete: read.complete, casesRead: read.cases.length, ...context.limits };
  const data = dashboardData(read.cases, at, {
    viewer: context.viewer,
    truncated: !read.complete,
    coverage,
    dubbel: read.dubbel,
    ...(context.stuckCases === undefined ? {} : { stuckCases: context.stuckCases }),
    ...(context.undeliverable === undefined ? {} : { undeliverable: context.undeliverable }),
  });
  if (read.complete) return data;
  const { open, overschreden, waarschuwing } = read.counts;
  return {
    ...data,
    openCases: open,
    byRisk: { 'op-schema': Math.max(0, open - overschreden - waarschuwing), waarschuwing, overschreden },
    cases: read.atRisk
      .map((summary) => caseOf(summary, at))
      .filter((entry) => entry !== undefined)
      .sort(byUrgency),
  };
}

/**
 * The page and its Content-Security-Policy: only its own inline style and script (by hash) run, and it may
 * connect to this server only, so nothing is fetched from elsewhere even by mistake.
 */
export const DASHBOARD_PAGE = {
  html: dashboardHtml(),
  contentSecurityPolicy: selfContainedPagePolicy(DASHBOARD_SCRIPT, DASHBOARD_STYLE),
} as const;

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/**
 * The limits with their defaults; each must be a whole number from 1 to 10,000 (the most one list query returns), and
 * a server is refused at creation, naming the option, rather than failing every dashboard request.
 */
export function dashboardLimits(given: Partial<DashboardLimits> = {}): DashboardLimits {
  const limits = {
    readLimit: given.readLimit ?? DASHBOARD_READ_LIMIT,
    listLimit: given.listLimit ?? DASHBOARD_LIST_LIMIT,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1 || value > 10_000) {
      throw new RangeError(`dashboard.${name} must be a whole number from 1 to 10000, got ${value}`);
    }
  }
  return limits;
}

/** What the dashboard's handlers borrow from the server: the client, the clock, and its request helpers. */
export interface DashboardDeps {
  readonly passend: PassendClient;
  readonly now: () => Date;
  readonly principalOf: (request: FastifyRequest) => Principal;
  /** Validates a request part (`body` unless named); bad input is a 400 naming each field at fault. */
  readonly parse: <Schema extends z.ZodType>(
    schema: Schema,
    value: unknown,
    part?: 'body' | 'params' | 'query',
  ) => z.output<Schema>;
  /** The filter as visibility queries within the principal's scope; throws 403 when it lies outside. */
  readonly scoped: <F extends CaseFilter>(principal: Principal, filter: F) => F[];
  /** The latest scan for stuck cases (shared with `/health`), if one finished. */
  readonly stuckCases?: () => Promise<{ scan: StuckScan } | undefined>;
  /** How many open cases the dashboard reads, and lists beyond that; see {@link dashboardLimits}. */
  readonly limits?: Partial<DashboardLimits>;
  /** The worker's `undeliverable.jsonl`, when this server may read it; without it the data's `undeliverable` is null. */
  readonly undeliverablePath?: string;
}

/** The handlers of `GET /dashboard` and `GET /dashboard/data`, by operation id. */
export function dashboardHandlers(deps: DashboardDeps): { getDashboard: Handler; getDashboardData: Handler } {
  const limits = dashboardLimits(deps.limits);
  return {
    async getDashboard(request, reply) {
      deps.parse(DashboardPageQuerySchema, request.query, 'query');
      return reply
        .code(200)
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', DASHBOARD_PAGE.contentSecurityPolicy)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store')
        .send(DASHBOARD_PAGE.html);
    },

    async getDashboardData(request, reply) {
      const principal = deps.principalOf(request);
      const filter = deps.parse(DashboardQuerySchema, request.query, 'query');
      // Counts from count queries; every open case in scope only up to the read limit, since Temporal's count
      // query groups by ExecutionStatus only and reading every case grows with the open cases.
      const read = await readDashboardCases(
        deps.passend,
        deps.scoped(principal, { ...filter, open: true }),
        limits,
      );
      const stuck = (await deps.stuckCases?.())?.scan.stuck ?? [];
      const stuckCases = stuck
        .filter((entry) =>
          mayRead(principal, { organisatie: entry.organisatie ?? '', regio: entry.regio ?? '' }),
        )
        .map(({ caseId, organisatie, attempts, since, error }) => ({
          caseId,
          organisatie,
          attempts,
          since,
          error,
        }));
      const data = dashboardDataFromRead(read, deps.now(), {
        viewer: {
          role: principal.role === 'auditor' ? 'auditor' : 'coordinator',
          actorId: principal.actorId,
          organisatie: principal.organisatie,
          regio: principal.regio,
          scope: describeScope(principal),
        },
        limits,
        stuckCases,
        undeliverable:
          deps.undeliverablePath === undefined
            ? null
            : await undeliverableFor(deps.undeliverablePath, principal, filter),
      });
      // The page names cases in these places: the overdue and at-risk list, the waiting lists, one child twice,
      // stuck cases and notifications not delivered.
      request.disclosedCaseIds = [
        ...new Set([
          ...data.cases.map((entry) => entry.caseId),
          ...data.waitingLists.providers.flatMap((provider) => provider.caseIds),
          ...data.dubbeleCasussen.map((entry) => entry.caseId),
          ...stuckCases.map((entry) => entry.caseId),
          ...(data.undeliverable?.latest ?? []).map((entry) => entry.caseId),
        ]),
      ];
      return reply.code(200).header('cache-control', 'no-store').send(data);
    },
  };
}
