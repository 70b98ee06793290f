import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { daysOver } from '../cli/overdue.js';
import type { CaseFilter, CaseSummary, PassendClient } from '../client/index.js';
import {
  CaseExistsError,
  CaseNotFoundError,
  EventRejectedError,
  jsonTextDepth,
  MAX_BODY_BYTES,
  MAX_JSON_DEPTH,
  outageReason,
  TemporalUnavailableError,
} from '../client/index.js';
import type { Issue, RouteRegistry } from '../core/index.js';
import { IdentifierSchema } from '../core/index.js';
import { HOST_ROUTES } from '../machines/host-routes.js';
import type { AccessConfig, AccessFile, Principal } from './access.js';
import { accessControlOf, bearerChallenge, unauthorizedBody } from './access.js';
import type { AuditLog } from './audit.js';
import { caseMigrationHandlers } from './case-migration.js';
import { caseRouteHandlers } from './case-route.js';
import { routeListHandlers } from './route-list.js';
import { dashboardHandlers } from './dashboard.js';
import { attachInspectRelay } from './inspect-relay.js';
import { inspectPageHandlers } from './inspect-page.js';
import type { DashboardLimits } from './dashboard-read.js';
import type { HealthOptions } from './health.js';
import { healthMonitor } from './health.js';
import { buildOpenApiDocument } from './openapi.js';
import type { RouteSpec } from './routes.js';
import { REJECTION_STATUS, ROUTES } from './routes.js';
import {
  CaseIdParamsSchema,
  CaseListQuerySchema,
  EventRequestSchema,
  KpiQuerySchema,
  OverdueQuerySchema,
  StartCaseRequestSchema,
} from './schemas.js';
import type { KpiSchema } from './schemas.js';
import { describeScope, mayRead, scopedFilters, withinReach } from './scope.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's entry in the route table; absent for fastify's own 404 route. */
    passend?: RouteSpec;
  }
  interface FastifyRequest {
    /** The holder of the request's bearer token, once authenticated. */
    principal: Principal | null;
    /** The case the request concerns, for the access log. */
    caseId: string | null;
    /** The cases a list read named in its answer, for the access log. */
    disclosedCaseIds: readonly string[] | null;
  }
}

/** What the HTTP server needs: a connected client, the access configuration and an access log. */
export interface HttpServerOptions {
  readonly passend: PassendClient;
  /** The tokens: fixed, or an {@link AccessFile} that is read again when it changes. */
  readonly access: AccessConfig | AccessFile;
  readonly log: AuditLog;
  /** Unexpected errors (answered with 500); by default written to stderr. */
  readonly onError?: (error: unknown, request: FastifyRequest) => void;
  /** The clock, for `daysOver` and the KPI's `at` (tests may pin it). */
  readonly now?: () => Date;
  /** Tuning of `/health`'s checks (how often stuck cases are scanned). */
  readonly health?: HealthOptions;
  /** How many open cases the dashboard reads, and lists at most beyond that (docs/scale.md). */
  readonly dashboard?: Partial<DashboardLimits>;
  /** The routes `GET /routes` lists: by default the host's (the shipped ones and those installed at start). */
  readonly routes?: RouteRegistry;
  /**
   * The worker's `undeliverable.jsonl` (beside its outbox), when this server runs where it can read it: the
   * dashboard then shows the webhook notifications given up on, within the viewer's scope.
   */
  readonly undeliverablePath?: string;
}

/** Every request that reaches Temporal is answered within this time (the client's own deadlines are shorter). */
const REQUEST_DEADLINE_MS = 15_000;

/** An answer decided before the engine is asked: a status and a body that the route table documents. */
class HttpError extends Error {
  readonly status: number;
  readonly body: { error: string } & Record<string, unknown>;
  constructor(status: number, body: { error: string; message?: string } & Record<string, unknown>) {
    super(body.message ?? body.error);
    this.status = status;
    this.body = body;
  }
}

const forbidden = (message: string) => new HttpError(403, { error: 'forbidden', message });

/** The part of a request a schema checks: its body, its path parameters or its query parameters. */
type RequestPart = 'body' | 'params' | 'query';

function issuesOf(error: z.ZodError, part: RequestPart): Issue[] {
  const unknown = part === 'query' ? 'is not a known query parameter' : 'is not a known field';
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: unknown }));
    }
    return [{ path: at.length === 0 ? '(root)' : at.join('.'), message: issue.message }];
  });
}

/** Validates a request part with a zod schema; bad input is a 400 naming each field at fault. */
function parse<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  part: RequestPart = 'body',
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new HttpError(400, { error: 'invalid-request', issues: issuesOf(parsed.error, part) });
}

/** What is wrong with one request part, by its schema; none when the route declares no schema for it. */
function issuesIn(schema: z.ZodType | undefined, value: unknown, part: RequestPart): Issue[] {
  if (schema === undefined) return [];
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : issuesOf(parsed.error, part);
}

/** The path of a request for a message: without its query, and cut short when it is long. */
function pathOf(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? request.url;
  return path.length > 120 ? `${path.slice(0, 120)}…` : path;
}

function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null)
    throw new Error('route without authentication reached a handler needing it');
  return request.principal;
}

const byStartedDesc = (a: CaseSummary, b: CaseSummary) =>
  a.startedAt === b.startedAt ? a.caseId.localeCompare(b.caseId) : a.startedAt < b.startedAt ? 1 : -1;

const dueOf = (summary: CaseSummary) => summary.overdueSince ?? summary.nextDueAt ?? '9999';
const byLongestOverdue = (a: CaseSummary, b: CaseSummary) =>
  dueOf(a) === dueOf(b) ? a.caseId.localeCompare(b.caseId) : dueOf(a) < dueOf(b) ? -1 : 1;

function merged(lists: readonly CaseSummary[][]): CaseSummary[] {
  const cases = new Map<string, CaseSummary>();
  for (const list of lists) for (const summary of list) cases.set(summary.caseId, summary);
  return [...cases.values()];
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** Stamps an event with who submitted it: the token's holder, whatever `actor` the body declares. */
const submittedBy =
  (principal: Principal) =>
  <E extends object>(event: E): E & { submittedBy: string } => ({ ...event, submittedBy: principal.actorId });

function handlers(options: HttpServerOptions, openApi: Record<string, unknown>): Record<string, Handler> {
  const { passend } = options;
  const now = options.now ?? (() => new Date());
  const health = healthMonitor(passend, options.health);
  // Whether a worker polls is asked at most every 5 s, so a send without one is answered 503 at once.
  let workers: { count: number; at: number } | undefined;
  const workerCount = async () => {
    if (workers === undefined || Date.now() - workers.at > 5_000)
      workers = { count: await passend.workerCount(), at: Date.now() };
    return workers.count;
  };

  /** The filter as visibility queries within the principal's scope; 403 when it lies outside. */
  function scoped<F extends CaseFilter>(principal: Principal, filter: F): F[] {
    const filters = scopedFilters(principal, filter);
    if (filters.length === 0) {
      throw forbidden(
        `${principal.actorId} may list the cases of ${describeScope(principal)} only; the filter asks for others`,
      );
    }
    return filters;
  }

  return {
    async startCase(request, reply) {
      const principal = principalOf(request);
      const { event, history, ...start } = parse(StartCaseRequestSchema, request.body);
      request.caseId = start.caseId;
      if (!withinReach(principal, start)) {
        throw forbidden(
          `${principal.actorId} may start cases in ${describeScope(principal)} only, not in organisation ` +
            `${start.organisatie} in region ${start.regio}`,
        );
      }
      const submitted = submittedBy(principal);
      const view = await passend.startCase(
        start,
        submitted(event),
        history === undefined ? {} : { history: history.map(submitted) },
      );
      return reply
        .code(201)
        .header('location', `/cases/${encodeURIComponent(view.caseId)}`)
        .send(view);
    },

    async sendEvent(request, reply) {
      const principal = principalOf(request);
      const { caseId } = parse(CaseIdParamsSchema, request.params, 'params');
      const event = parse(EventRequestSchema, request.body);
      // Temporal's own record of the workflow, not a Query: it answers without a worker.
      const record = await passend.caseRecord(caseId);
      // Answered as an unknown case: a refusal would tell that the id exists.
      if (!mayRead(principal, { organisatie: record.organisatie ?? '', regio: record.regio ?? '' }))
        throw new CaseNotFoundError(caseId);
      if (record.stuckAttempts > 0)
        throw new TemporalUnavailableError(
          'case-stuck',
          `the case's workflow task failed ${record.stuckAttempts} times in a row; nothing was applied (passend doctor)`,
        );
      if (record.running && (await workerCount()) === 0)
        throw new TemporalUnavailableError(
          'no-worker',
          'no worker polls the task queue; nothing was applied',
        );
      return reply.code(200).send(await passend.sendEvent(caseId, submittedBy(principal)(event)));
    },

    async getCase(request, reply) {
      const principal = principalOf(request);
      const { caseId } = parse(CaseIdParamsSchema, request.params, 'params');
      const view = await passend.getCase(caseId);
      // Answered as an unknown case: a refusal would tell that the id exists.
      if (!mayRead(principal, view)) throw new CaseNotFoundError(caseId);
      return reply.code(200).send(view);
    },

    async listCases(request, reply) {
      const principal = principalOf(request);
      const { includeClosed, limit = 1_000, ...filter } = parse(CaseListQuerySchema, request.query, 'query');
      const filters = scoped(principal, { ...filter, open: includeClosed !== true, limit });
      const lists = await Promise.all(filters.map((each) => passend.listCases(each)));
      const cases = merged(lists).sort(byStartedDesc).slice(0, limit);
      request.disclosedCaseIds = cases.map((summary) => summary.caseId);
      return reply.code(200).send({ count: cases.length, cases });
    },

    async listOverdueCases(request, reply) {
      const principal = principalOf(request);
      const { atRisk = false, limit = 1_000, ...filter } = parse(OverdueQuerySchema, request.query, 'query');
      const filters = scoped(principal, { ...filter, limit });
      const lists = await Promise.all(filters.map((each) => passend.overdueCases({ ...each, atRisk })));
      const at = now();
      const cases = merged(lists)
        .sort(byLongestOverdue)
        .slice(0, limit)
        .map((summary) => ({ ...summary, daysOver: daysOver(summary.overdueSince, at) }));
      request.disclosedCaseIds = cases.map((summary) => summary.caseId);
      return reply.code(200).send({ at: at.toISOString(), count: cases.length, cases });
    },

    async getKpi(request, reply) {
      const principal = principalOf(request);
      const filter = parse(KpiQuerySchema, request.query, 'query');
      const filters = scoped(principal, { ...filter, open: true });
      const lists = await Promise.all(filters.map((each) => passend.allCases(each)));
      const cases = merged(lists);
      const count = (key: (summary: CaseSummary) => string | null) => {
        const counts: Record<string, number> = {};
        for (const summary of cases) {
          const value = key(summary) ?? '(onbekend)';
          counts[value] = (counts[value] ?? 0) + 1;
        }
        return counts;
      };
      const risk = count((summary) => summary.risk);
      const kpi: z.output<typeof KpiSchema> = {
        at: now().toISOString(),
        openCases: cases.length,
        byStage: count((summary) => summary.stage),
        byRisk: {
          'op-schema': risk['op-schema'] ?? 0,
          waarschuwing: risk['waarschuwing'] ?? 0,
          overschreden: risk['overschreden'] ?? 0,
        },
        byRegisseur: count((summary) => summary.regisseur),
        byOrganisatie: count((summary) => summary.organisatie),
        overdueCases: cases.filter((summary) => summary.overdueNorms.length > 0).length,
        breachesTotal: cases.reduce((total, summary) => total + summary.breaches, 0),
        truncated: false,
      };
      return reply.code(200).send(kpi);
    },

    async getHealth(_request, reply) {
      const report = await health.report();
      return reply.code(report.temporal === 'ok' ? 200 : 503).send(report);
    },

    async getOpenApi(_request, reply) {
      return reply.code(200).send(openApi);
    },

    ...dashboardHandlers({
      passend,
      now,
      principalOf,
      parse,
      scoped,
      stuckCases: health.stuckCases,
      ...(options.dashboard === undefined ? {} : { limits: options.dashboard }),
      ...(options.undeliverablePath === undefined ? {} : { undeliverablePath: options.undeliverablePath }),
    }),
    ...caseRouteHandlers({ passend, principalOf, parse }),
    ...inspectPageHandlers(parse),
    ...caseMigrationHandlers({ passend, principalOf, parse }),
    ...routeListHandlers(options.routes ?? HOST_ROUTES),
  };
}

/**
 * The HTTP API as a fastify instance, routes registered but not listening (`app.inject()` runs requests in
 * tests; {@link startHttpServer} listens). Every route comes from the route table that the OpenAPI document is
 * generated from.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const accessNow = accessControlOf(options.access);
  const now = options.now ?? (() => new Date());
  const onError =
    options.onError ??
    ((error: unknown, request: FastifyRequest) =>
      process.stderr.write(
        `[passend] ${request.method} ${request.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      ));
  // What fastify refuses before any route is found (a malformed percent-encoding, an overlong path segment)
  // gets the API's 400 shape too, naming the path, not fastify's own error body.
  const frameworkErrors = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const reason =
      error.code === 'FST_ERR_BAD_URL'
        ? 'is not a valid URL: it holds a malformed percent-encoding'
        : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'has a path segment longer than 100 characters'
          : undefined;
    if (reason === undefined) {
      onError(error, request);
      void reply
        .code(500)
        .send({ error: 'internal', message: 'internal error; the server log has the details' });
      return;
    }
    void reply.code(400).send({
      error: 'invalid-request',
      issues: [{ path: '(path)', message: `${pathOf(request)} ${reason}` }],
    });
  };
  const app = Fastify({ logger: false, frameworkErrors, bodyLimit: MAX_BODY_BYTES });
  // A body's size and nesting are checked before it is parsed, so a body nested thousands deep is refused naming
  // the limit instead of failing deep inside a parser, a validator or Temporal's payload converter.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const depth = jsonTextDepth(body as string);
    if (depth > MAX_JSON_DEPTH) {
      done(
        new HttpError(400, {
          error: 'invalid-request',
          issues: [
            {
              path: '(body)',
              message: `nests ${depth} levels deep; the limit is ${MAX_JSON_DEPTH} levels of objects and arrays`,
            },
          ],
        }),
      );
      return;
    }
    parseJson(request, body as string, done);
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('caseId', null);
  app.decorateRequest('disclosedCaseIds', null);

  app.addHook('onRequest', async (request) => {
    const spec = request.routeOptions.config.passend;
    const caseId = IdentifierSchema.safeParse((request.params as { caseId?: unknown } | undefined)?.caseId);
    if (caseId.success) request.caseId = caseId.data;
    if (spec === undefined || spec.roles === null) return;
    const { principal, problem } = accessNow().identify(request.headers.authorization);
    if (principal === undefined) throw new HttpError(401, unauthorizedBody(problem));
    request.principal = principal;
    if (!spec.roles.includes(principal.role)) {
      throw forbidden(
        `role ${principal.role} may not ${spec.summary.toLowerCase()}; allowed: ${spec.roles.join(', ')}`,
      );
    }
  });

  // Before the handler, every request part the route declares is checked at once (nothing is applied when one
  // is bad), so a route cannot forget its query: a parameter it does not take is refused, not ignored.
  app.addHook('preValidation', async (request) => {
    const spec = request.routeOptions.config.passend;
    if (spec === undefined) return;
    const issues = [
      ...issuesIn(spec.params, request.params, 'params'),
      ...issuesIn(spec.query, request.query, 'query'),
      ...issuesIn(spec.body, request.body, 'body'),
    ];
    if (issues.length > 0) throw new HttpError(400, { error: 'invalid-request', issues });
  });

  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.config.passend?.audit !== true) return;
    const { principal } = request;
    options.log({
      at: now().toISOString(),
      role: principal?.role ?? null,
      actorId: principal?.actorId ?? null,
      organisatie: principal?.organisatie ?? null,
      clientAddress: request.ip,
      method: request.method,
      route: request.routeOptions.url ?? request.url,
      ...(request.caseId === null ? {} : { caseId: request.caseId }),
      ...(request.disclosedCaseIds === null ? {} : { disclosedCaseIds: request.disclosedCaseIds }),
      status: reply.statusCode,
    });
  });

  app.setErrorHandler(async (error: FastifyError | Error, request, reply) => {
    if (error instanceof HttpError) {
      if (error.status === 401) reply.header('www-authenticate', bearerChallenge(error.body['reason']));
      return reply.code(error.status).send(error.body);
    }
    if (error instanceof EventRejectedError) {
      return reply
        .code(REJECTION_STATUS[error.rejection.code])
        .send({ error: 'event-rejected', rejection: error.rejection });
    }
    if (error instanceof CaseNotFoundError) {
      return reply.code(404).send({ error: 'case-not-found', caseId: error.caseId, message: error.message });
    }
    if (error instanceof CaseExistsError) {
      return reply.code(409).send({ error: 'case-exists', caseId: error.caseId, message: error.message });
    }
    const reason = outageReason(error);
    if (reason !== undefined) {
      const unavailable =
        error instanceof TemporalUnavailableError
          ? error
          : new TemporalUnavailableError(reason, 'Temporal is not available now; try again later');
      return reply
        .code(503)
        .header('retry-after', String(unavailable.retryAfterSeconds))
        .send({ error: 'unavailable', reason: unavailable.reason, message: unavailable.message });
    }
    if ((error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(400).send({
        error: 'invalid-request',
        issues: [{ path: '(body)', message: `is larger than the limit of ${MAX_BODY_BYTES} bytes` }],
      });
    }
    const status = (error as FastifyError).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      // Fastify's own refusals before a handler runs: unparsable JSON, an empty body, a body too large.
      return reply
        .code(status)
        .send({ error: 'invalid-request', issues: [{ path: '(body)', message: error.message }] });
    }
    onError(error, request);
    return reply
      .code(500)
      .send({ error: 'internal', message: 'internal error; the server log has the details' });
  });

  attachInspectRelay(app, { passend: options.passend, access: accessNow, log: options.log, now });

  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .send({ error: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );

  const table = handlers(options, buildOpenApiDocument());
  for (const spec of ROUTES) {
    const handler = table[spec.operationId];
    if (handler === undefined) throw new Error(`no handler for ${spec.operationId}`);
    // Every call to Temporal inside a handler shares one deadline, so no request hangs on an outage. The public
    // routes need none: the page and the document ask nothing, and /health bounds each of its checks itself.
    const bounded: Handler =
      spec.roles === null
        ? handler
        : (request, reply) =>
            options.passend.client.withDeadline(Date.now() + REQUEST_DEADLINE_MS, () =>
              handler(request, reply),
            );
    app.route({ method: spec.method, url: spec.url, config: { passend: spec }, handler: bounded });
  }
  return app;
}

/** Creates the HTTP server and listens; resolves with its URL once it accepts connections. */
export async function startHttpServer(
  options: HttpServerOptions & { readonly port?: number; readonly host?: string },
): Promise<{ app: FastifyInstance; url: string; close: () => Promise<void> }> {
  const app = createHttpServer(options);
  const url = await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  return { app, url, close: () => app.close() };
}
