// POST /cases/:caseId/migration on a real dev server: an integrator moves a running case to another version of its
// route (a worker that loaded the test fixture zorgplicht@2.0.0), after a dry run that changes nothing; a move the
// engine refuses, a bad body and a caller without the right are each answered without touching the case.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassendClient } from '../../client/index.js';
import type { CaseView } from '../../core/index.js';
import { createHttpServer, parseAccessConfig } from '../../http/index.js';
import { event } from '../support/case-env.js';
import { useRouteWorkers } from '../support/route-workers.js';
import type { TokenName } from './http-env.js';
import { ACCESS, TOKENS } from './http-env.js';
import { ZORGPLICHT_V2 } from '../support/zorgplicht-v2.js';

const TASK_QUEUE = 'http-case-migration';
const ACTOR = { role: 'swv', id: 'swv-beheer-1' } as const;
const V2 = ZORGPLICHT_V2;

const { env, startWorker } = useRouteWorkers(TASK_QUEUE);
let app: FastifyInstance;
let client: PassendClient;

beforeAll(async () => {
  await startWorker([V2]);
  client = new PassendClient(env().client, { taskQueue: TASK_QUEUE });
  app = createHttpServer({
    passend: client,
    access: parseAccessConfig(ACCESS, 'test access'),
    log: () => {},
  });
  await app.ready();
}, 120_000);
afterAll(async () => {
  await app.close();
});

async function migrate(caseId: string, token: TokenName, body: unknown) {
  const response = await app.inject({
    method: 'POST',
    url: `/cases/${caseId}/migration`,
    headers: { authorization: `Bearer ${TOKENS[token]}` },
    payload: body as Record<string, unknown>,
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

/** A zorgplicht@1.0.0 case of swv-noord in region noord, placed and in its `opp` stage. */
async function caseInOpp(caseId: string): Promise<CaseView> {
  const now = () => new Date().toISOString();
  await client.startCase(
    { caseId, organisatie: 'swv-noord', regio: 'noord', routeId: 'zorgplicht', routeVersion: '1.0.0' },
    event('aanmelding.ontvangen', { regisseur: 'ib-1', school: 'school-1' }, { occurredAt: now() }),
  );
  await client.sendEvent(
    caseId,
    event('toelating.besloten', { besluit: 'toegelaten' }, { occurredAt: now() }),
  );
  await client.sendEvent(caseId, event('plaatsing.gestart', { school: 'school-1' }, { occurredAt: now() }));
  return client
    .sendEvent(caseId, event('opp.vastgesteld', {}, { occurredAt: now() }))
    .then(() => client.getCase(caseId));
}

describe('POST /cases/:caseId/migration', () => {
  it('a dry run says what would happen and writes nothing; the move then journals route.gemigreerd', async () => {
    const before = await caseInOpp('http-migrate-1');
    const to = { id: 'zorgplicht', version: '2.0.0' };

    const dry = await migrate('http-migrate-1', 'integrator', { to, actor: ACTOR, dryRun: true });
    expect(dry).toMatchObject({
      status: 200,
      body: {
        ok: true,
        migrated: false,
        statesBefore: ['opp'],
        statesAfter: ['ontwikkelingsperspectief.vastgesteld'],
      },
    });
    expect(await client.getCase('http-migrate-1')).toEqual(before);

    const moved = await migrate('http-migrate-1', 'integrator', { to, actor: ACTOR });
    expect(moved).toMatchObject({ status: 200, body: { ok: true, migrated: true, to } });
    const after = await client.getCase('http-migrate-1');
    expect(after.route).toEqual(to);
    expect(after.journal.slice(0, before.journal.length)).toEqual(before.journal);
    expect(after.journal.at(-1)).toMatchObject({ type: 'route.gemigreerd', actor: ACTOR });
  });

  it('a move the engine refuses is 409 with the reason by path, and the case is unchanged', async () => {
    const before = await caseInOpp('http-migrate-2');
    const unknown = await migrate('http-migrate-2', 'integrator', {
      to: { id: 'zorgplicht', version: '9.0.0' },
      actor: ACTOR,
    });
    expect(unknown.status).toBe(409);
    expect(unknown.body).toMatchObject({
      error: 'migration-refused',
      migration: { ok: false, migrated: false, refusal: { issues: [{ path: 'to' }] } },
    });
    const otherRoute = await migrate('http-migrate-2', 'integrator', {
      to: { id: 'toeleiding', version: '1.0.0' },
      actor: ACTOR,
    });
    expect(otherRoute.status).toBe(409);
    expect(JSON.stringify(otherRoute.body)).toContain('must be a version of zorgplicht');
    expect(await client.getCase('http-migrate-2')).toEqual(before);
  });

  it('a bad body is 400 naming each field; another integrator gets 404 and a coordinator 403', async () => {
    const before = await caseInOpp('http-migrate-3');
    const bad = await migrate('http-migrate-3', 'integrator', { to: { id: 'zorgplicht', version: 'twee' } });
    expect(bad.status).toBe(400);
    const paths = (bad.body.issues as { path: string }[]).map((issue) => issue.path).sort();
    expect(paths).toEqual(['actor', 'to.version']);

    const to = { id: 'zorgplicht', version: '2.0.0' };
    expect((await migrate('http-migrate-3', 'otherIntegrator', { to, actor: ACTOR })).status).toBe(404);
    expect((await migrate('http-migrate-3', 'coordinator', { to, actor: ACTOR })).status).toBe(403);
    expect(await client.getCase('http-migrate-3')).toEqual(before);
  });
});
