import { describe, expect, it } from 'vitest';
import type { PassendClient } from '../../client/index.js';
import { RESERVED_CASE_IDS } from '../../core/index.js';
import { createHttpServer, parseAccessConfig, ROUTES } from '../../http/index.js';
import { ACCESS } from './http-env.js';

// The document needs no Temporal: a client that is never called will do.
const app = createHttpServer({
  passend: {} as PassendClient,
  access: parseAccessConfig(ACCESS, 'test'),
  log: () => undefined,
});

interface Operation {
  operationId: string;
  security: unknown[];
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: { 'application/json': { schema: { $ref: string } } } };
  responses: Record<string, { content: { 'application/json': { schema: { $ref: string } } } }>;
}

interface Document {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
}

async function fetchDocument(): Promise<Document> {
  const response = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/application\/json/);
  return JSON.parse(response.body) as Document;
}

describe('GET /openapi.json: an OpenAPI 3.1 document generated from the zod schemas', () => {
  it('is valid JSON describing every route the server has, with its method', async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('passend-routes');
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    const served = ROUTES.map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`).sort();
    expect(documented).toEqual(served);
    expect(documented).toEqual([
      'GET /cases',
      'GET /cases/overdue',
      'GET /cases/{caseId}',
      'GET /dashboard',
      'GET /dashboard/cases/{caseId}/route',
      'GET /dashboard/data',
      'GET /health',
      'GET /inspect',
      'GET /kpi',
      'GET /openapi.json',
      'GET /routes',
      'POST /cases',
      'POST /cases/{caseId}/events',
      'POST /cases/{caseId}/migration',
    ]);
    // Every route the fastify instance has is one the document describes.
    for (const line of served) {
      const [method, path] = line.split(' ') as [string, string];
      expect(app.hasRoute({ method, url: path.replace(/\{(\w+)\}/g, ':$1') }), line).toBe(true);
    }
  });

  it('reserves as case ids every fixed path segment where /cases/{caseId} could stand', async () => {
    const fixed = ROUTES.map((route) => /^\/cases\/([^/:]+)$/.exec(route.url)?.[1]).filter(
      (segment): segment is string => segment !== undefined,
    );
    expect(fixed).toEqual(['overdue']);
    for (const segment of fixed) expect(Object.keys(RESERVED_CASE_IDS), segment).toContain(segment);
    // And the document tells integrators: the start request's caseId refuses them.
    const { components } = await fetchDocument();
    const caseId = (components.schemas['StartCaseRequest'] as { properties: Record<string, unknown> })
      .properties['caseId'] as { allOf: { pattern: string }[] };
    const patterns = caseId.allOf.map((part) => new RegExp(part.pattern, 'u'));
    expect(patterns.every((pattern) => pattern.test('overdue'))).toBe(false);
    expect(patterns.every((pattern) => pattern.test('c-17'))).toBe(true);
  });

  it('derives the component schemas from the engine’s zod schemas', async () => {
    const { components } = await fetchDocument();
    const eventInput = components.schemas['EventInput'] as {
      required: string[];
      properties: Record<string, { enum?: string[]; properties?: Record<string, { enum?: string[] }> }>;
    };
    expect(eventInput.required).toEqual(expect.arrayContaining(['type', 'actor', 'idempotencyKey']));
    expect(eventInput.required).not.toContain('occurredAt');
    expect(eventInput.properties['actor']?.properties?.['role']?.enum).toContain('intern-begeleider');
    const start = components.schemas['StartCaseRequest'] as {
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(start.required.sort()).toEqual(['caseId', 'event', 'organisatie', 'regio']);
    expect(start.properties['event']).toEqual({ $ref: '#/components/schemas/EventInput' });
    const rejection = components.schemas['Rejection'] as { properties: { code: { enum: string[] } } };
    expect(rejection.properties.code.enum).toEqual(
      expect.arrayContaining(['not-allowed-in-stage', 'invalid-payload', 'case-closed', 'deadline-refused']),
    );
    expect(Object.keys(components.schemas)).toEqual(
      expect.arrayContaining([
        'CaseView',
        'CaseSummary',
        'OverdueList',
        'Kpi',
        'InvalidRequest',
        'EventRejected',
      ]),
    );
  });

  it('resolves every reference, and documents the answers of each route', async () => {
    const document = await fetchDocument();
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const id = /#\/components\/schemas\/([^"]+)/.exec(ref)?.[1];
      expect(id && document.components.schemas[id], ref).toBeTruthy();
    }
    const operation = (path: string, method: string) => document.paths[path]?.[method] as Operation;
    const start = operation('/cases', 'post');
    expect(Object.keys(start.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '422',
      '500',
      '503',
    ]);
    expect(start.requestBody?.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/StartCaseRequest',
    );
    const send = operation('/cases/{caseId}/events', 'post');
    expect(Object.keys(send.responses)).toEqual(
      expect.arrayContaining(['200', '400', '403', '404', '409', '422']),
    );
    expect(send.parameters).toEqual([
      expect.objectContaining({ name: 'caseId', in: 'path', required: true }),
    ]);
    const overdue = operation('/cases/overdue', 'get');
    expect(overdue.parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['regio', 'organisatie', 'regisseur', 'stage', 'atRisk', 'limit']),
    );
    expect(overdue.security).toEqual([{ bearer: [] }]);
    expect(operation('/health', 'get').security).toEqual([]);
    expect(document.paths['/kpi']?.['get']).toMatchObject({
      description: expect.stringMatching(/later task/),
    });
  });
});
