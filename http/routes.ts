import type { z } from 'zod';
import type { ApiRole } from './access.js';
import { MigrationAnswerSchema, MigrationBodySchema, MigrationRefusedSchema } from './case-migration.js';
import { CaseRouteQuerySchema, CaseRouteSchema } from './case-route-schemas.js';
import {
  CaseIdParamsSchema,
  CaseListQuerySchema,
  CaseListSchema,
  CaseNotFoundSchema,
  CaseViewSchema,
  EventRejectedSchema,
  EventRequestSchema,
  ForbiddenSchema,
  HealthSchema,
  InternalErrorSchema,
  InvalidRequestSchema,
  UnavailableSchema,
  KpiQuerySchema,
  KpiSchema,
  NoQuerySchema,
  OverdueListSchema,
  OpenApiDocumentSchema,
  RouteListSchema,
  OverdueQuerySchema,
  SendEventResultSchema,
  StartCaseRequestSchema,
  StartConflictSchema,
  UnauthorizedSchema,
} from './schemas.js';
import {
  DashboardDataSchema,
  DashboardPageQuerySchema,
  DashboardPageSchema,
  DashboardQuerySchema,
} from './dashboard-schemas.js';
import { InspectPageQuerySchema, InspectPageSchema } from './inspect-schemas.js';

/** One answer a route can give: its status, what it means, and the body's schema. */
export interface ResponseSpec {
  readonly description: string;
  readonly schema: z.ZodType;
  /** The media type of the body; `application/json` when absent. */
  readonly contentType?: string;
}

/**
 * One route of the HTTP API as data: the server registers it, the OpenAPI document describes it, so the two
 * cannot drift apart.
 */
export interface RouteSpec {
  readonly operationId: string;
  readonly method: 'GET' | 'POST';
  /** The path in fastify's notation (`/cases/:caseId`). */
  readonly url: string;
  readonly summary: string;
  readonly description: string;
  readonly tag: 'cases' | 'events' | 'visibility' | 'dashboard' | 'service';
  /** The roles allowed; `null` for a public route (no token needed). */
  readonly roles: readonly ApiRole[] | null;
  /** Whether each request is written to the access log (every route that reads or changes a case). */
  readonly audit: boolean;
  readonly params?: z.ZodObject;
  /**
   * The query parameters the route takes, as a strict object: any other parameter is refused with 400 before the
   * handler runs. Required, so no route can forget it; a route without parameters takes {@link NoQuerySchema}.
   */
  readonly query: z.ZodObject;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

/**
 * How a refused event maps to a status: 409 when the event conflicts with the state of the case (its stage,
 * its being closed, an idempotency key used for another event, a deadline rule), 422 when the event itself
 * cannot be processed (malformed, unknown type, bad payload, an impossible moment).
 */
export const REJECTION_STATUS = {
  'not-allowed-in-stage': 409,
  'case-closed': 409,
  'idempotency-conflict': 409,
  'deadline-refused': 409,
  'correction-refused': 409,
  'invalid-event': 422,
  'unknown-event-type': 422,
  'invalid-payload': 422,
  'occurred-in-future': 422,
  'occurred-before-previous': 422,
  'payload-refused': 422,
} as const;

const codesWith = (status: 409 | 422) =>
  Object.entries(REJECTION_STATUS)
    .filter(([, value]) => value === status)
    .map(([code]) => `\`${code}\``)
    .join(', ');

const invalid: ResponseSpec = {
  description: 'Bad input: `issues` names each field at fault and why.',
  schema: InvalidRequestSchema,
};
const unauthorized: ResponseSpec = {
  description:
    'No bearer token (`reason: token-missing`), an Authorization header that is not `Bearer <token>` ' +
    '(`authorization-malformed`), or a token the server does not know (`token-unknown`).',
  schema: UnauthorizedSchema,
};
const forbidden = (what: string): ResponseSpec => ({ description: what, schema: ForbiddenSchema });
const notFound: ResponseSpec = {
  description:
    'There is no case with this id that the caller may see: a case outside its scope is answered exactly as an ' +
    'unknown one, so ids cannot be probed.',
  schema: CaseNotFoundSchema,
};
const conflict: ResponseSpec = {
  description: `The engine refused the event because of the state of the case (${codesWith(409)}); the case is unchanged.`,
  schema: EventRejectedSchema,
};
const unprocessable: ResponseSpec = {
  description: `The engine refused the event itself (${codesWith(422)}); the case is unchanged.`,
  schema: EventRejectedSchema,
};
const internal: ResponseSpec = {
  description:
    'Something failed on the server that is not an outage (a bug); the server log has the details.',
  schema: InternalErrorSchema,
};
const unavailable: ResponseSpec = {
  description:
    'Temporal does not answer (`temporal-unreachable`), no worker polls the task queue (`no-worker`), the ' +
    'case’s workflow tasks keep failing (`case-stuck`) or Temporal did not answer in time (`timeout`), within ' +
    'seconds. The `Retry-After` header says when to try again; a sent event may or may not have been applied, ' +
    'so retry it with the same `idempotencyKey`.',
  schema: UnavailableSchema,
};

const SCOPE =
  'A coordinator sees the cases of its organisation and of its region; its filters are narrowed to that scope, ' +
  'and a filter outside it (another organisation in another region) is answered with 403.';

/** Every route of the HTTP API. */
export const ROUTES: readonly RouteSpec[] = [
  {
    operationId: 'startCase',
    method: 'POST',
    url: '/cases',
    tag: 'cases',
    summary: 'Start a case',
    description:
      'Starts a case with its first event, and optionally the events that already happened (`history`, each ' +
      'backdated with `occurredAt`). The engine checks everything first: a refused start starts nothing. ' +
      'Integrators only, in the organisations and regions their token names (`startIn`). Each event is journaled ' +
      'with the token’s actor id as `submittedBy`.',
    roles: ['integrator'],
    audit: true,
    query: NoQuerySchema,
    body: StartCaseRequestSchema,
    responses: {
      201: { description: 'The case, started.', schema: CaseViewSchema },
      400: invalid,
      401: unauthorized,
      403: forbidden(
        'Not an integrator, or `organisatie` or `regio` lies outside the organisations and regions its token names.',
      ),
      409: {
        description: `A case with this id exists (\`case-exists\`), or the engine refused an event because of the state the case would be in (${codesWith(409)}).`,
        schema: StartConflictSchema,
      },
      422: unprocessable,
      500: internal,
      503: unavailable,
    },
  },
  {
    operationId: 'sendEvent',
    method: 'POST',
    url: '/cases/:caseId/events',
    tag: 'events',
    summary: 'Send an event to a case',
    description:
      'Offers one event to the case. A retry with the same `idempotencyKey` is applied once and answered the same ' +
      '(`duplicate: true`). Integrators only, for cases within their token’s organisations and regions. The ' +
      'journal records the token’s actor id as `submittedBy`, beside the `actor` the event declares.',
    roles: ['integrator'],
    audit: true,
    params: CaseIdParamsSchema,
    query: NoQuerySchema,
    body: EventRequestSchema,
    responses: {
      200: { description: 'The event was applied (or had been already).', schema: SendEventResultSchema },
      400: invalid,
      401: unauthorized,
      403: forbidden('Not an integrator.'),
      404: notFound,
      409: conflict,
      422: unprocessable,
      500: internal,
      503: unavailable,
    },
  },
  {
    operationId: 'migrateCase',
    method: 'POST',
    url: '/cases/:caseId/migration',
    tag: 'cases',
    summary: 'Move a running case to another version of its route',
    description:
      'What `passend route migrate --case` does: the workflow previews the move (states before and after, ' +
      'deadlines carried over or recomputed under the new version’s norms) and, unless `dryRun`, applies it by one ' +
      'Update that checks again, journaled as `route.gemigreerd` with the `actor`. A case the engine refuses to ' +
      'move is answered 409 with every reason by path and is left exactly as it was. Integrators only, for cases ' +
      'within their token’s organisations and regions.',
    roles: ['integrator'],
    audit: true,
    params: CaseIdParamsSchema,
    query: NoQuerySchema,
    body: MigrationBodySchema,
    responses: {
      200: {
        description: 'The case moved (or, with `dryRun`, would move): `migrated` says which.',
        schema: MigrationAnswerSchema,
      },
      400: invalid,
      401: unauthorized,
      403: forbidden('Not an integrator.'),
      404: notFound,
      409: {
        description:
          'The engine refuses the move (another route, an unknown version, a stage the new version lacks, a ' +
          'closed case, …): `migration.refusal.issues` names each reason; the case is unchanged.',
        schema: MigrationRefusedSchema,
      },
      500: internal,
      503: unavailable,
    },
  },
  {
    operationId: 'listOverdueCases',
    method: 'GET',
    url: '/cases/overdue',
    tag: 'visibility',
    summary: 'List overdue cases',
    description:
      'Open cases with a breached deadline (with `atRisk=true`, a warned one too), the longest overdue first, ' +
      'answered by one Temporal visibility query per scope and risk; of more than `limit`, the `limit` overdue ' +
      `longest, found with count queries (at most 67 per scope and risk). Coordinators and auditors. ${SCOPE}`,
    roles: ['coordinator', 'auditor'],
    audit: true,
    query: OverdueQuerySchema,
    responses: {
      200: { description: 'The overdue cases, with whole days over.', schema: OverdueListSchema },
      400: invalid,
      401: unauthorized,
      403: forbidden('Not a coordinator or auditor, or a filter outside the coordinator’s scope.'),
      500: internal,
      503: unavailable,
    },
  },
  {
    operationId: 'getCase',
    method: 'GET',
    url: '/cases/:caseId',
    tag: 'cases',
    summary: 'Read a case',
    description:
      'Stage, active states, regisseur, plan, deadlines with their status, breaches and the journal. ' +
      'Integrators (cases within their token’s organisations and regions), coordinators (cases of their ' +
      'organisation or region) and auditors (every case).',
    roles: ['integrator', 'coordinator', 'auditor'],
    audit: true,
    params: CaseIdParamsSchema,
    query: NoQuerySchema,
    responses: {
      200: { description: 'The case.', schema: CaseViewSchema },
      400: invalid,
      401: unauthorized,
      404: notFound,
      500: internal,
      503: unavailable,
    },
  },
  {
    operationId: 'listCases',
    method: 'GET',
    url: '/cases',
    tag: 'visibility',
    summary: 'List cases',
    description:
      'Open cases (with `includeClosed=true`, closed ones too) matching the filters, newest first, answered by ' +
      `Temporal visibility queries over the search attributes. Coordinators and auditors. ${SCOPE}`,
    roles: ['coordinator', 'auditor'],
    audit: true,
    query: CaseListQuerySchema,
    responses: {
      200: { description: 'The cases.', schema: CaseListSchema },
      400: invalid,
      401: unauthorized,
      403: forbidden('Not a coordinator or auditor, or a filter outside the coordinator’s scope.'),
      500: internal,
      503: unavailable,
    },
  },
  {
    operationId: 'getKpi',
    method: 'GET',
    url: '/kpi',
    tag: 'visibility',
    summary: 'Read key figures',
    description:
      'A minimal KPI from visibility: open cases per stage, per risk status, per regisseur and per organisation, ' +
      'overdue cases and breaches. The full KPI report (lead times per stage, norms met on time) is a later ' +
      `task. Coordinators and auditors. ${SCOPE}`,
    roles: ['coordinator', 'auditor'],
    audit: true,
    query: KpiQuerySchema,
    responses: {
      200: { description: 'The key figures.', schema: KpiSchema },
      400: invalid,
      401: unauthorized,
      403: forbidden('Not a coordinator or auditor, or a filter outside the coordinator’s scope.'),
      500: internal,
      503: unavailable,
    },
  },
  {
    operationId: 'getDashboard',
    method: 'GET',
    url: '/dashboard',
    tag: 'dashboard',
    summary: 'The coordinator dashboard page',
    description:
      'One self-contained HTML page (inline CSS, script and SVG; no asset from elsewhere, and a ' +
      'Content-Security-Policy that allows none): overdue and at-risk cases by stage, regisseur and ' +
      'organisation, waiting lists per provider against their norm, time in the current stage, and each ' +
      'case’s timeline. The page holds no data and needs no token; it asks for a coordinator’s or auditor’s ' +
      'token, keeps it in the tab (sessionStorage) and reads `/dashboard/data` and `/cases/{caseId}` with it, ' +
      'refreshing in place every `refresh` seconds.',
    roles: null,
    audit: false,
    query: DashboardPageQuerySchema,
    responses: {
      200: { description: 'The page.', schema: DashboardPageSchema, contentType: 'text/html' },
      400: invalid,
    },
  },
  {
    operationId: 'getDashboardData',
    method: 'GET',
    url: '/dashboard/data',
    tag: 'dashboard',
    summary: 'Read the dashboard’s figures',
    description:
      'What the dashboard shows, aggregated from one visibility query per scope over the open cases ' +
      '(search attributes only, never a query per workflow): open cases per stage, regisseur and ' +
      'organisation with how many are overschreden or waarschuwing; the overdue and at-risk cases; waiting ' +
      'lists per provider (cases in ' +
      '`PassendWachtlijstAanbieders`, the longest wait since `PassendStageSince`) against the term of ' +
      '`treeknorm-behandeling`; and per stage the median and 90th percentile of the time in the current stage ' +
      `of the open cases. Coordinators and auditors. ${SCOPE}`,
    roles: ['coordinator', 'auditor'],
    audit: true,
    query: DashboardQuerySchema,
    responses: {
      200: { description: 'The figures.', schema: DashboardDataSchema },
      400: invalid,
      401: unauthorized,
      403: forbidden('Not a coordinator or auditor, or a filter outside the coordinator’s scope.'),
      500: internal,
      503: unavailable,
    },
  },
  {
    operationId: 'getDashboardCaseRoute',
    method: 'GET',
    url: '/dashboard/cases/:caseId/route',
    tag: 'dashboard',
    summary: 'Read a case on its route',
    description:
      'For the dashboard’s case panel: the diagram of the case’s route (SVG, laid out from its machine) and the ' +
      'case at each entry of its journal — active states, the transition taken, the open deadlines and the ' +
      'states they watch — each as `passend audit at` reconstructs it for that entry’s moment, replaying the ' +
      'journal read from the case’s Temporal history. Coordinators (cases of their organisation or region) ' +
      'and auditors (every case).',
    roles: ['coordinator', 'auditor'],
    audit: true,
    params: CaseIdParamsSchema,
    query: CaseRouteQuerySchema,
    responses: {
      200: { description: 'The route and the steps of the case.', schema: CaseRouteSchema },
      400: invalid,
      401: unauthorized,
      403: forbidden('Not a coordinator or auditor.'),
      404: notFound,
      500: internal,
      503: unavailable,
    },
  },
  {
    operationId: 'getInspectPage',
    method: 'GET',
    url: '/inspect',
    tag: 'dashboard',
    summary: 'The live inspection page',
    description:
      'The receiver of `passend inspect CASE_ID --url ws://HOST/inspect/ws?case=CASE_ID`: one self-contained ' +
      'HTML page (inline CSS and script, no asset from elsewhere) showing the case’s route diagram with the states ' +
      'of each inspection event’s snapshot highlighted as it arrives, and the events in a list. The page holds ' +
      'no data and needs no token; it asks for a coordinator’s or auditor’s token, reads ' +
      '`/dashboard/cases/{caseId}/route` with it and listens on the WebSocket `/inspect/ws?case={caseId}`, which ' +
      'relays every inspection event sent to a case’s channel to the others connected to it. The WebSocket takes ' +
      'the token as `Authorization: Bearer <token>` or, from a browser, as the subprotocol ' +
      '`bearer.<token in base64url>` beside `passend.inspect`, and refuses the handshake as the API refuses a ' +
      'read: 401 without a known token, 403 for an integrator, 404 for a case outside the caller’s scope; a ' +
      'message that is not an inspection event of that case closes the connection (1008) naming the field.',
    roles: null,
    audit: false,
    query: InspectPageQuerySchema,
    responses: {
      200: { description: 'The page.', schema: InspectPageSchema, contentType: 'text/html' },
      400: invalid,
    },
  },
  {
    operationId: 'listRoutes',
    method: 'GET',
    url: '/routes',
    tag: 'cases',
    summary: 'List the routes a case can be started on',
    description:
      'The routes this server starts cases on (the shipped ones and the route files `npm start --routes DIR` ' +
      'loaded): id, version, title, the event that opens a case, every event with its meaning, the stages that ' +
      'take it and the JSON Schema of its payload, and the norms the route runs. Integrators only, the callers ' +
      'who start cases; their token limits where they start one (`startIn`), never on which route, so each sees ' +
      'every route.',
    roles: ['integrator'],
    audit: false,
    query: NoQuerySchema,
    responses: {
      200: { description: 'The routes, each id’s versions oldest first.', schema: RouteListSchema },
      400: invalid,
      401: unauthorized,
      403: forbidden('Not an integrator: coordinators and auditors start no cases.'),
      500: internal,
    },
  },
  {
    operationId: 'getHealth',
    method: 'GET',
    url: '/health',
    tag: 'service',
    summary: 'Health',
    description:
      'Whether the server runs and reaches Temporal, whether a worker polls the case task queue (the ' +
      'pollers Temporal saw in the last 75 s) and how many open cases are stuck (their workflow tasks keep ' +
      'failing; which ones: the dashboard or `passend doctor`). `degraded` names its reasons. No token needed, ' +
      'so no case id is shown.',
    roles: null,
    audit: false,
    query: NoQuerySchema,
    responses: {
      200: {
        description:
          'The server reaches Temporal: `ok`, or `degraded` when no worker polls or cases are stuck.',
        schema: HealthSchema,
      },
      400: invalid,
      503: { description: 'The server runs but does not reach Temporal.', schema: HealthSchema },
    },
  },
  {
    operationId: 'getOpenApi',
    method: 'GET',
    url: '/openapi.json',
    tag: 'service',
    summary: 'This OpenAPI document',
    description:
      'The OpenAPI 3.1 document of this API, generated from the zod schemas the engine validates with.',
    roles: null,
    audit: false,
    query: NoQuerySchema,
    responses: {
      200: {
        description: 'The OpenAPI document.',
        schema: OpenApiDocumentSchema,
      },
      400: invalid,
    },
  },
];
