import { z } from 'zod';
import { MigrationAnswerSchema, MigrationBodySchema, MigrationRefusedSchema } from './case-migration.js';
import { CaseRouteDeadlineSchema, CaseRouteSchema, CaseRouteStepSchema } from './case-route-schemas.js';
import {
  DashboardCaseSchema,
  DashboardDataSchema,
  DashboardGroupSchema,
  DashboardPageSchema,
  DashboardStageTimeSchema,
  DashboardWaitingListSchema,
} from './dashboard-schemas.js';
import { InspectPageSchema } from './inspect-schemas.js';
import type { RouteSpec } from './routes.js';
import { REJECTION_STATUS, ROUTES } from './routes.js';
import {
  CaseExistsSchema,
  CaseListSchema,
  CaseNotFoundSchema,
  CaseSummarySchema,
  CaseViewSchema,
  DeadlineSchema,
  EventRejectedSchema,
  EventRequestSchema,
  ForbiddenSchema,
  HealthSchema,
  InternalErrorSchema,
  UnavailableSchema,
  InvalidRequestSchema,
  IssueSchema,
  JournalEntrySchema,
  KpiSchema,
  NotFoundSchema,
  OpenApiDocumentSchema,
  OverdueCaseSchema,
  OverdueListSchema,
  RejectionSchema,
  RouteListSchema,
  RouteSummarySchema,
  SendEventResultSchema,
  StartCaseRequestSchema,
  StartConflictSchema,
  UnauthorizedSchema,
} from './schemas.js';

type JsonSchema = Record<string, unknown>;
type Meta = { id: string };

const componentRef = (id: string) => `#/components/schemas/${id}`;

/** Request bodies, converted as the server accepts them (`io: 'input'`: fields with defaults are optional). */
const requests = z.registry<Meta>();
requests.add(StartCaseRequestSchema, { id: 'StartCaseRequest' });
requests.add(EventRequestSchema, { id: 'EventInput' });
requests.add(MigrationBodySchema, { id: 'MigrationRequest' });

/** Response bodies, converted as the server produces them (`io: 'output'`). */
const responses = z.registry<Meta>();
for (const [id, schema] of Object.entries({
  CaseView: CaseViewSchema,
  Deadline: DeadlineSchema,
  JournalEntry: JournalEntrySchema,
  SendEventResult: SendEventResultSchema,
  CaseSummary: CaseSummarySchema,
  CaseList: CaseListSchema,
  OverdueCase: OverdueCaseSchema,
  OverdueList: OverdueListSchema,
  Kpi: KpiSchema,
  Health: HealthSchema,
  Issue: IssueSchema,
  Rejection: RejectionSchema,
  InvalidRequest: InvalidRequestSchema,
  EventRejected: EventRejectedSchema,
  CaseNotFound: CaseNotFoundSchema,
  CaseExists: CaseExistsSchema,
  StartConflict: StartConflictSchema,
  Unauthorized: UnauthorizedSchema,
  Forbidden: ForbiddenSchema,
  NotFound: NotFoundSchema,
  InternalError: InternalErrorSchema,
  Unavailable: UnavailableSchema,
  OpenApiDocument: OpenApiDocumentSchema,
  DashboardData: DashboardDataSchema,
  DashboardGroup: DashboardGroupSchema,
  DashboardCase: DashboardCaseSchema,
  DashboardWaitingList: DashboardWaitingListSchema,
  DashboardStageTime: DashboardStageTimeSchema,
  DashboardPage: DashboardPageSchema,
  InspectPage: InspectPageSchema,
  CaseRoute: CaseRouteSchema,
  CaseRouteStep: CaseRouteStepSchema,
  CaseRouteDeadline: CaseRouteDeadlineSchema,
  RouteList: RouteListSchema,
  RouteSummary: RouteSummarySchema,
  Migration: MigrationAnswerSchema,
  MigrationRefused: MigrationRefusedSchema,
} satisfies Record<string, z.ZodType>)) {
  responses.add(schema, { id });
}

function components(registry: z.core.$ZodRegistry<Meta>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { io, uri: componentRef, target: 'draft-2020-12' });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
      return [id, rest];
    }),
  );
}

function refTo(registry: z.core.$ZodRegistry<Meta>, schema: z.ZodType, where: string): JsonSchema {
  const meta = registry.get(schema);
  if (meta === undefined) throw new Error(`${where}: the schema is not registered as an OpenAPI component`);
  return { $ref: componentRef(meta.id) };
}

/** `/cases/:caseId` → `/cases/{caseId}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (schema === undefined) return [];
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function operation(route: RouteSpec): JsonSchema {
  const where = `${route.method} ${route.url}`;
  const roles =
    route.roles === null
      ? 'No token needed.'
      : `Roles: ${route.roles.map((role) => `\`${role}\``).join(', ')}.`;
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `${route.description}\n\n${roles}`,
    tags: [route.tag],
    security: route.roles === null ? [] : [{ bearer: [] }],
    'x-passend-roles': route.roles ?? [],
    'x-passend-audited': route.audit,
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: refTo(requests, route.body, where) } },
          },
        }),
    responses: Object.fromEntries(
      Object.entries(route.responses).map(([status, response]) => [
        status,
        {
          description: response.description,
          content: {
            [response.contentType ?? 'application/json']: {
              schema: refTo(responses, response.schema, `${where} ${status}`),
            },
          },
        },
      ]),
    ),
  };
}

/** The OpenAPI 3.1 document of the HTTP API, generated from the route table and the zod schemas. */
export function buildOpenApiDocument(options: { version?: string; serverUrl?: string } = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of ROUTES) {
    const path = openApiPath(route.url);
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  const requestComponents = components(requests, 'input');
  const responseComponents = components(responses, 'output');
  for (const id of Object.keys(requestComponents)) {
    if (id in responseComponents) throw new Error(`OpenAPI component ${id} is both a request and a response`);
  }
  const statuses = Object.entries(REJECTION_STATUS)
    .map(([code, status]) => `\`${code}\` ${status}`)
    .join(', ');
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'passend-routes',
      version: options.version ?? '0.1.0',
      description:
        'Cases of the routes for passend onderwijs and jeugdhulp, hosted by Temporal workflows that enforce ' +
        'their deadlines. Request bodies are validated by the same zod schemas as the engine; bad input gets ' +
        '400 with every field at fault, and changes nothing. A query parameter the route does not list is bad ' +
        'input too (`issues` names it), as is a URL that cannot be decoded (`issues` names `(path)`). ' +
        'A refused event gets the engine’s reason: ' +
        `${statuses}. Every request that reads or changes a case is written to the access log with the role ` +
        'and actor id of its token.',
    },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    tags: [
      { name: 'cases', description: 'Start and read cases.' },
      { name: 'events', description: 'Send events to cases.' },
      { name: 'visibility', description: 'Lists and counts from Temporal visibility (search attributes).' },
      {
        name: 'dashboard',
        description: 'The coordinator dashboard: its page and its figures from visibility.',
      },
      { name: 'service', description: 'Health and this document.' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A token from the access configuration, which maps it to a role (integrator, coordinator, ' +
            'auditor), an organisation and, for coordinators, a region.',
        },
      },
      schemas: { ...requestComponents, ...responseComponents },
    },
  };
}
