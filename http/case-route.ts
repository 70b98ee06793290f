// A case on its route, for the dashboard's case panel: the route's diagram, and the case at every entry of its
// journal — its active states, the transition it took, its open deadlines on the states they watch — each one
// what `passend audit at` answers for that entry's moment (audit/at.ts replays the journal through the core).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditExport, CaseAt } from '../audit/index.js';
import { journalMoments } from '../audit/entry-moment.js';
import { caseAt, exportCase, MomentError, MomentOutOfRangeError, parseMoment } from '../audit/index.js';
import type { PassendClient } from '../client/index.js';
import { CaseNotFoundError } from '../client/index.js';
import type { Instant } from '../core/index.js';
import { svgDiagram } from '../core/route-svg.js';
import { HOST_ROUTES } from '../machines/host-routes.js';
import type { Principal } from './access.js';
import type { CaseRoute, CaseRouteStep } from './case-route-schemas.js';
import { CaseRouteQuerySchema } from './case-route-schemas.js';
import { CaseIdParamsSchema } from './schemas.js';
import { mayRead } from './scope.js';

const OPEN_STATUSES = new Set(['lopend', 'opgeschort', 'overschreden']);

const diagrams = new Map<string, Promise<string>>();

/**
 * The diagram of the route version a case runs, for the page, laid out once per version and kept; from the host's
 * registry, so a route loaded at start (`--routes DIR`) is drawn as well as a shipped one.
 */
export function routeDiagramFor(routeId: string, version?: string): Promise<string> {
  const route = HOST_ROUTES.get(routeId, version);
  if (route === undefined) {
    throw new Error(`the engine has no route "${routeId}${version === undefined ? '' : `@${version}`}"`);
  }
  const key = `${route.id}@${route.version}`;
  let diagram = diagrams.get(key);
  if (diagram === undefined) {
    diagram = svgDiagram(route.machine, { standalone: false });
    diagrams.set(key, diagram);
  }
  return diagram;
}

/**
 * The state a deadline watches, as the diagram names it: a deadline of a spoor watches that spoor's region
 * (the state named after it), any other the stage the case was in once its clock started.
 */
function watchedState(spoor: string | null, startedIn: readonly string[], stage: string): string {
  for (const path of spoor === null ? [] : startedIn) {
    const parts = path.split('.');
    const at = parts.indexOf(spoor ?? '');
    if (at >= 0) return parts.slice(0, at + 1).join('.');
  }
  return stage;
}

/** A step of the panel from `audit at`'s answer: the open deadlines with the states they watch. */
function stepOf(
  at: CaseAt,
  entry: Pick<CaseRouteStep, 'seq' | 'kind' | 'what' | 'at' | 'transition'>,
  startedBy: ReadonlyMap<number, CaseAt>,
): CaseRouteStep {
  return {
    ...entry,
    states: [...at.states],
    stage: at.stage,
    closed: at.closed,
    deadlines: at.deadlines.flatMap((deadline) => {
      if (!OPEN_STATUSES.has(deadline.status)) return [];
      const started = deadline.startedBySeq === null ? undefined : startedBy.get(deadline.startedBySeq);
      return [
        {
          id: deadline.id,
          normId: deadline.normId,
          title: deadline.title,
          spoor: deadline.spoor,
          status: deadline.status as 'lopend' | 'opgeschort' | 'overschreden',
          dueAt: deadline.dueAt,
          watches: watchedState(deadline.spoor, started?.states ?? at.states, started?.stage ?? at.stage),
        },
      ];
    }),
  };
}

/** The case of `exported` at each entry of its journal, each as `caseAt` (audit at) gives it for that moment. */
export function caseRouteSteps(exported: AuditExport): {
  steps: CaseRouteStep[];
  startedBy: ReadonlyMap<number, CaseAt>;
} {
  const steps: CaseRouteStep[] = [];
  const bySeq = new Map<number, CaseAt>();
  let previous: CaseAt | undefined;
  const moments = journalMoments(exported.journal);
  exported.journal.forEach((entry, index) => {
    const moment = moments[index] as Instant;
    const at = caseAt(exported, moment);
    bySeq.set(entry.seq, at);
    const moved =
      entry.kind === 'gebeurtenis' && (previous === undefined || previous.states.join() !== at.states.join());
    // Every entry besides an event concerns one norm's deadline.
    const what = entry.kind === 'gebeurtenis' ? entry.type : `${entry.kind} ${entry.normId}`;
    const transition =
      moved && entry.kind === 'gebeurtenis'
        ? { event: entry.type, from: [...(previous?.states ?? [])], to: [...at.states] }
        : null;
    steps.push(stepOf(at, { seq: entry.seq, kind: entry.kind, what, at: moment, transition }, bySeq));
    previous = at;
  });
  return { steps, startedBy: bySeq };
}

/**
 * The whole answer for the case panel: the diagram of the case's route and the steps of its journal, and with
 * `moment` the case at that moment. Throws `MomentOutOfRangeError` for a moment the export cannot answer for.
 */
export async function caseRoute(exported: AuditExport, moment?: Instant): Promise<CaseRoute> {
  const { steps, startedBy } = caseRouteSteps(exported);
  let atMoment: CaseRoute['atMoment'] = null;
  if (moment !== undefined) {
    const at = caseAt(exported, moment);
    const step = stepOf(
      at,
      {
        seq: at.lastEvent.seq,
        kind: 'gebeurtenis',
        what: `the case at ${moment}, its last event ${at.lastEvent.type}`,
        at: moment,
        transition: null,
      },
      startedBy,
    );
    atMoment = { moment, step };
  }
  return {
    caseId: exported.case.caseId,
    route: exported.case.route,
    exportedAt: exported.exportedAt,
    diagram: await routeDiagramFor(exported.case.route.id, exported.case.route.version),
    steps,
    atMoment,
  };
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** What the handler borrows from the server: the client and its request helpers. */
export interface CaseRouteDeps {
  readonly passend: PassendClient;
  readonly principalOf: (request: FastifyRequest) => Principal;
  readonly parse: <Schema extends z.ZodType>(
    schema: Schema,
    value: unknown,
    part?: 'body' | 'params' | 'query',
  ) => z.output<Schema>;
}

/** The handler of `GET /dashboard/cases/:caseId/route`, by operation id. */
export function caseRouteHandlers(deps: CaseRouteDeps): { getDashboardCaseRoute: Handler } {
  return {
    async getDashboardCaseRoute(request, reply) {
      const principal = deps.principalOf(request);
      const { caseId } = deps.parse(CaseIdParamsSchema, request.params, 'params');
      const query = deps.parse(CaseRouteQuerySchema, request.query, 'query');
      const moment =
        query.at === undefined
          ? undefined
          : await momentOf400(deps, query.at, () => parseMoment(query.at ?? ''));
      // Temporal's own record first: a case outside the caller's scope is answered as an unknown one.
      const record = await deps.passend.caseRecord(caseId);
      if (!mayRead(principal, { organisatie: record.organisatie ?? '', regio: record.regio ?? '' }))
        throw new CaseNotFoundError(caseId);
      const exported = await exportCase(deps.passend.client, caseId);
      const answer = await momentOf400(deps, query.at ?? '', () => caseRoute(exported, moment));
      return reply.code(200).header('cache-control', 'no-store').send(answer);
    },
  };
}

/**
 * `compute()`, with a moment it cannot take (malformed, before the case began, after its export) answered as
 * the server answers bad input: 400, naming the query parameter `at` and the reason.
 */
async function momentOf400<T>(deps: CaseRouteDeps, text: string, compute: () => T | Promise<T>): Promise<T> {
  try {
    return await compute();
  } catch (error) {
    if (!(error instanceof MomentError) && !(error instanceof MomentOutOfRangeError)) throw error;
    const refusal = z.strictObject({ at: z.string().refine(() => false, { message: error.message }) });
    deps.parse(refusal, { at: text }, 'query');
    throw error;
  }
}
