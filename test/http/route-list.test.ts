// `GET /routes`: the routes an integrator may start a case on, from the server's registry. No Temporal: listing
// routes asks Temporal nothing, so the client is a stub that fails the test if anything asks it for anything but
// the deadline every authenticated request runs under.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PassendClient } from '../../client/index.js';
import { createRouteRegistry } from '../../core/index.js';
import type { RouteRegistry } from '../../core/index.js';
import { createHttpServer, parseAccessConfig } from '../../http/index.js';
import { ForbiddenSchema, RouteListSchema } from '../../http/schemas.js';
import { HOST_ROUTES } from '../../machines/host-routes.js';
import { SHIPPED_ROUTE_SOURCES } from '../../machines/index.js';
import type { TokenName } from './http-env.js';
import { ACCESS, TOKENS } from './http-env.js';

const asked: string[] = [];
const withDeadline = <T>(_deadline: number, run: () => T): T => run();
const untouchable = new Proxy({} as PassendClient, {
  get(_target, name) {
    if (name === 'client') return { withDeadline };
    asked.push(String(name));
    throw new Error(`the client was asked for ${String(name)}`);
  },
});

function server(routes?: RouteRegistry) {
  return createHttpServer({
    passend: untouchable,
    access: parseAccessConfig(ACCESS, 'test'),
    log: () => undefined,
    ...(routes === undefined ? {} : { routes }),
  });
}

async function listRoutes(app: ReturnType<typeof server>, token: TokenName | null, url = '/routes') {
  const response = await app.inject({
    method: 'GET',
    url,
    headers: token === null ? {} : { authorization: `Bearer ${TOKENS[token]}` },
  });
  return { status: response.statusCode, body: response.json<unknown>() };
}

describe('GET /routes', () => {
  it('lists every route of the host to an integrator, with its start event, events and norms', async () => {
    const { status, body } = await listRoutes(server(), 'integrator');
    expect(status).toBe(200);
    const list = RouteListSchema.parse(body);
    expect(list.routes.map((route) => `${route.id}@${route.version}`)).toEqual(
      HOST_ROUTES.routes.map((route) => `${route.id}@${route.version}`),
    );
    expect(list.count).toBe(HOST_ROUTES.routes.length);
    expect(list.defaultRouteId).toBe(HOST_ROUTES.defaultRouteId);
    const toeleiding = HOST_ROUTES.get('toeleiding');
    const listed = list.routes.find(
      (route) => route.id === 'toeleiding' && route.version === toeleiding?.version,
    );
    expect(listed?.title).toBe(toeleiding?.title);
    expect(listed?.startEvent).toBe(toeleiding?.startEvent);
    expect(listed?.norms.map((norm) => norm.norm)).toEqual(toeleiding?.norms);
    expect(listed?.events.map((event) => event.type)).toEqual(Object.keys(toeleiding?.payloads ?? {}));
    const start = listed?.events.find((event) => event.type === listed.startEvent);
    expect(start?.acceptedIn).toEqual([]);
    expect(start?.doc).toBe(toeleiding?.eventDocs[listed?.startEvent ?? ''] ?? null);
    expect(start?.payload).toMatchObject({ type: 'object' });
    const later = listed?.events.find((event) => event.type !== listed.startEvent);
    expect(later?.acceptedIn.length).toBeGreaterThan(0);
    expect(asked).toEqual([]);
  });

  it('lists the routes the server was given, a loaded route file beside the shipped ones', async () => {
    const zorgplicht = JSON.parse(
      readFileSync(new URL('../../machines/zorgplicht/route.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    const extra = { ...zorgplicht, id: 'zorgplicht-proef', title: 'Zorgplicht, proefregio' };
    const routes = createRouteRegistry(
      [...SHIPPED_ROUTE_SOURCES, { source: 'routes/proef.json', definition: extra }],
      { defaultRouteId: HOST_ROUTES.defaultRouteId },
    );
    const { status, body } = await listRoutes(server(routes), 'otherIntegrator');
    expect(status).toBe(200);
    const list = RouteListSchema.parse(body);
    expect(list.count).toBe(routes.routes.length);
    expect(list.routes.find((route) => route.id === 'zorgplicht-proef')).toMatchObject({
      title: 'Zorgplicht, proefregio',
      startEvent: routes.get('zorgplicht')?.startEvent,
    });
    expect(asked).toEqual([]);
  });

  it.each(['coordinator', 'otherCoordinator', 'auditor'] as const)(
    'refuses a %s, who starts no cases, with 403',
    async (token) => {
      const { status, body } = await listRoutes(server(), token);
      expect(status).toBe(403);
      expect(ForbiddenSchema.parse(body).message).toContain('allowed: integrator');
    },
  );

  it('refuses a caller without a token with 401, and a query parameter with 400', async () => {
    expect((await listRoutes(server(), null)).status).toBe(401);
    const { status, body } = await listRoutes(server(), 'integrator', '/routes?id=toeleiding');
    expect(status).toBe(400);
    expect(body).toMatchObject({ issues: [{ path: 'id', message: 'is not a known query parameter' }] });
    expect(asked).toEqual([]);
  });
});
