// What every route refuses before it reaches the engine: a query parameter it does not take, and a URL fastify
// cannot route. No Temporal: the client is a stub that fails the test if anything asks it for anything.
import { describe, expect, it } from 'vitest';
import type { PassendClient } from '../../client/index.js';
import { createHttpServer, parseAccessConfig, ROUTES } from '../../http/index.js';
import type { AuditEntry, RouteSpec } from '../../http/index.js';
import { InvalidRequestSchema } from '../../http/schemas.js';
import type { TokenName } from './http-env.js';
import { ACCESS, intakeEvent, startBody, TOKENS } from './http-env.js';

const asked: string[] = [];
const untouchable = new Proxy({} as PassendClient, {
  get(_target, name) {
    asked.push(String(name));
    throw new Error(`the client was asked for ${String(name)}`);
  },
});
const log: AuditEntry[] = [];
const errors: unknown[] = [];
const app = createHttpServer({
  passend: untouchable,
  access: parseAccessConfig(ACCESS, 'test'),
  log: (entry) => log.push(entry),
  onError: (error) => errors.push(error),
});

const tokenFor = (spec: RouteSpec): TokenName | null =>
  spec.roles === null ? null : spec.roles.includes('auditor') ? 'auditor' : 'integrator';

/** A request to `spec` that is right in everything but what `query` adds. */
async function call(spec: RouteSpec, query: string) {
  const token = tokenFor(spec);
  const body =
    spec.url === '/cases'
      ? startBody('strict-1')
      : spec.url.endsWith('/migration')
        ? { to: { id: 'zorgplicht', version: '2.0.0' }, actor: { role: 'swv', id: 'swv-1' } }
        : intakeEvent();
  const response = await app.inject({
    method: spec.method,
    url: `${spec.url.replace(':caseId', 'c-1')}${query}`,
    ...(token === null ? {} : { headers: { authorization: `Bearer ${TOKENS[token]}` } }),
    ...(spec.method === 'POST' ? { payload: body } : {}),
  });
  return { status: response.statusCode, body: response.json<unknown>() };
}

describe('every route refuses a query parameter it does not take, before the engine is asked', () => {
  it.each(ROUTES.map((spec) => [`${spec.method} ${spec.url}`, spec] as const))(
    '%s?dryRun=true: 400 naming dryRun',
    async (_name, spec) => {
      asked.length = 0;
      const response = await call(spec, '?dryRun=true');
      expect(response.status).toBe(400);
      expect(InvalidRequestSchema.parse(response.body).issues).toEqual([
        { path: 'dryRun', message: 'is not a known query parameter' },
      ]);
      expect(asked).toEqual([]);
    },
  );

  it('names each unknown parameter, next to a known one with a bad value', async () => {
    const overdue = ROUTES.find((spec) => spec.operationId === 'listOverdueCases')!;
    const response = await call(overdue, '?force=1&limit=0&x=');
    expect(response.status).toBe(400);
    expect(
      InvalidRequestSchema.parse(response.body)
        .issues.map((issue) => issue.path)
        .sort(),
    ).toEqual(['force', 'limit', 'x']);
  });

  it('a route without query parameters documents none, and its 400', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { parameters: { in: string }[]; responses: object }>>;
    }>();
    for (const spec of ROUTES) {
      const operation = document.paths[spec.url.replace(/:(\w+)/g, '{$1}')]?.[spec.method.toLowerCase()];
      expect(operation?.responses, spec.operationId).toHaveProperty('400');
      expect(
        operation?.parameters.filter((parameter) => parameter.in === 'query').length,
        spec.operationId,
      ).toBe(Object.keys(spec.query.shape).length);
    }
  });

  it('still answers 401 before 400: without a token the query is not looked at', async () => {
    const response = await app.inject({ method: 'GET', url: '/cases/c-1?x=1' });
    expect(response.statusCode).toBe(401);
  });
});

describe('a URL fastify cannot route gets the API’s 400, naming the path', () => {
  it.each([
    ['GET', '/cases/%E0%A4%A'],
    ['GET', '/cases/%E0%A4%A?x=1'],
    ['POST', '/cases/%E0%A4%A/events'],
    ['GET', '/%E0%A4%A'],
  ] as const)('%s %s: a malformed percent-encoding', async (method, url) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${TOKENS.auditor}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    const body = response.json<unknown>();
    expect(body).not.toHaveProperty('code');
    expect(InvalidRequestSchema.parse(body)).toEqual({
      error: 'invalid-request',
      issues: [
        {
          path: '(path)',
          message: `${url.split('?')[0]} is not a valid URL: it holds a malformed percent-encoding`,
        },
      ],
    });
  });

  it('a path segment longer than fastify takes (100 characters): 400, not 414', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/cases/${'a'.repeat(101)}`,
      headers: { authorization: `Bearer ${TOKENS.auditor}` },
    });
    expect(response.statusCode).toBe(400);
    const { issues } = InvalidRequestSchema.parse(response.json());
    expect(issues).toEqual([
      { path: '(path)', message: expect.stringMatching(/has a path segment longer than 100 characters$/) },
    ]);
  });

  it('a valid case id, even percent-encoded to more than 100 characters, still reaches its route', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/cases/${encodeURIComponent(`a${':'.repeat(63)}`)}?x=1`,
      headers: { authorization: `Bearer ${TOKENS.auditor}` },
    });
    expect(response.statusCode).toBe(400);
    expect(InvalidRequestSchema.parse(response.json()).issues).toEqual([
      { path: 'x', message: 'is not a known query parameter' },
    ]);
  });

  it('nothing of this reached the engine or the error log', () => {
    expect(asked).toEqual([]);
    expect(errors).toEqual([]);
  });
});
