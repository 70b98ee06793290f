import { describe, expect, it } from 'vitest';
import { CaseViewSchema } from '../../http/schemas.js';
import { mayRead } from '../../http/scope.js';
import { httpEvent, intakeEvent, startBody, useHttpEnv } from './http-env.js';

const http = useHttpEnv('http-auth', async (http) => {
  // One case of each organisation: swv-noord in region noord, swv-zuid in region zuid, and a case of a
  // third organisation inside region noord, which the noord coordinator sees through its region.
  expect((await http.call('POST', '/cases', 'integrator', startBody('auth-noord'))).status).toBe(201);
  const zuid = startBody('auth-zuid', { organisatie: 'swv-zuid', regio: 'zuid' });
  expect((await http.call('POST', '/cases', 'otherIntegrator', zuid)).status).toBe(201);
  await http.client.startCase(
    { caseId: 'auth-derde', organisatie: 'swv-derde', regio: 'noord' },
    { ...httpEvent('signaal.gemeld', { regisseur: 'regisseur-3' }), actor: { role: 'swv', id: 'swv-3' } },
  );
});

describe('the HTTP API asks for a bearer token: 401 without a valid one', () => {
  it.each([
    ['GET', '/cases/auth-noord'],
    ['GET', '/cases'],
    ['GET', '/cases/overdue'],
    ['GET', '/kpi'],
    ['POST', '/cases'],
    ['POST', '/cases/auth-noord/events'],
  ] as const)('%s %s without a token: 401 with WWW-Authenticate', async (method, url) => {
    const response = await http.call(method, url, null, method === 'POST' ? {} : undefined);
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('unauthorized');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('an unknown token or another scheme is 401 as well', async () => {
    for (const authorization of ['Bearer not-a-known-token-0000000000000', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const response = await http.app.inject({
        method: 'GET',
        url: '/cases/auth-noord',
        headers: { authorization },
      });
      expect(response.statusCode).toBe(401);
    }
  });

  it('health and the OpenAPI document need no token', async () => {
    expect((await http.call('GET', '/health', null)).body).toMatchObject({
      status: 'ok',
      temporal: 'ok',
      reasons: [],
    });
    expect((await http.call('GET', '/openapi.json', null)).status).toBe(200);
  });
});

describe('each role does only what it is for: 403 otherwise', () => {
  it('a coordinator may not start cases or send events', async () => {
    const start = await http.call('POST', '/cases', 'coordinator', startBody('auth-coord'));
    expect(start.status).toBe(403);
    expect(start.body.error).toBe('forbidden');
    const send = await http.sendEvent('auth-noord', 'coordinator', httpEvent('intake.gehouden'));
    expect(send.status).toBe(403);
  });

  it('an integrator may not list cases', async () => {
    for (const url of ['/cases', '/cases/overdue', '/kpi']) {
      const response = await http.call('GET', url, 'integrator');
      expect(response.status, url).toBe(403);
      expect(response.body.error).toBe('forbidden');
    }
  });

  it('an auditor reads every case of every organisation but changes nothing', async () => {
    for (const caseId of ['auth-noord', 'auth-zuid', 'auth-derde']) {
      const response = await http.call('GET', `/cases/${caseId}`, 'auditor');
      expect(response.status).toBe(200);
      expect(response.body['caseId']).toBe(caseId);
    }
    expect((await http.call('POST', '/cases', 'auditor', startBody('auth-audit'))).status).toBe(403);
    const send = await http.sendEvent('auth-noord', 'auditor', httpEvent('intake.gehouden'));
    expect(send.status).toBe(403);
    // Nothing was started or changed.
    expect((await http.call('GET', '/cases/auth-audit', 'auditor')).status).toBe(404);
    expect((await http.call('GET', '/cases/auth-noord', 'auditor')).body['stage']).toBe('signaal');
  });
});

describe('integrators act within their reach only: a case outside it is answered as an unknown one', () => {
  it('reads a case of its own organisation: 200, logged with its role and actor id', async () => {
    const response = await http.call('GET', '/cases/auth-noord', 'integrator');
    expect(response.status).toBe(200);
    expect(CaseViewSchema.parse(response.body)).toMatchObject({
      caseId: 'auth-noord',
      organisatie: 'swv-noord',
      stage: 'signaal',
    });
    expect(http.log.at(-1)).toEqual({
      at: expect.any(String),
      role: 'integrator',
      actorId: 'int-noord',
      organisatie: 'swv-noord',
      clientAddress: '127.0.0.1',
      method: 'GET',
      route: '/cases/:caseId',
      caseId: 'auth-noord',
      status: 200,
    });
  });

  it('may not read a case of another organisation, not even one in its region: 404 as unknown, logged', async () => {
    for (const caseId of ['auth-zuid', 'auth-derde']) {
      const response = await http.call('GET', `/cases/${caseId}`, 'integrator');
      expect(response.status, caseId).toBe(404);
      expect(response.body).toEqual({
        error: 'case-not-found',
        caseId,
        message: `case ${caseId} does not exist`,
      });
      expect(http.log.at(-1)).toMatchObject({
        role: 'integrator',
        actorId: 'int-noord',
        caseId,
        status: 404,
      });
    }
    // The other organisation's integrator reads its own case.
    expect((await http.call('GET', '/cases/auth-zuid', 'otherIntegrator')).status).toBe(200);
    // An integrator reads the cases within its reach: one of its organisations and one of its regions.
    const reaching = {
      role: 'integrator',
      organisatie: 'swv-noord',
      regio: null,
      startIn: { organisaties: ['swv-noord', 'swv-oost'], regios: ['noord'] },
      actorId: 'i',
    } as const;
    expect(mayRead(reaching, { organisatie: 'swv-derde', regio: 'noord' })).toBe(false);
    expect(mayRead(reaching, { organisatie: 'swv-noord', regio: 'zuid' })).toBe(false);
    expect(mayRead(reaching, { organisatie: 'swv-oost', regio: 'noord' })).toBe(true);
  });

  it('may not start a case for another organisation', async () => {
    const body = startBody('auth-vreemd', { organisatie: 'swv-zuid', regio: 'zuid' });
    const response = await http.call('POST', '/cases', 'integrator', body);
    expect(response.status).toBe(403);
    expect(response.body['message']).toMatch(/swv-noord/);
    expect((await http.call('GET', '/cases/auth-vreemd', 'auditor')).status).toBe(404);
  });

  it('may not send an event to a case of another organisation: 404 as unknown', async () => {
    const response = await http.sendEvent('auth-zuid', 'integrator', intakeEvent());
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('case-not-found');
    expect((await http.call('GET', '/cases/auth-zuid', 'auditor')).body['stage']).toBe('signaal');
    // Its own integrator may.
    const own = await http.sendEvent('auth-zuid', 'otherIntegrator', intakeEvent());
    expect(own.status).toBe(200);
  });
});

describe('coordinators read the cases of their organisation or region: others answer as unknown', () => {
  it('reads a case of its organisation, and of another organisation in its region', async () => {
    expect((await http.call('GET', '/cases/auth-noord', 'coordinator')).status).toBe(200);
    expect((await http.call('GET', '/cases/auth-derde', 'coordinator')).status).toBe(200);
  });

  it('may not read a case of another organisation outside its region', async () => {
    const response = await http.call('GET', '/cases/auth-zuid', 'coordinator');
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('case-not-found');
    // A coordinator without a region sees its own organisation only.
    expect((await http.call('GET', '/cases/auth-zuid', 'otherCoordinator')).status).toBe(200);
    expect((await http.call('GET', '/cases/auth-derde', 'otherCoordinator')).status).toBe(404);
    expect((await http.call('GET', '/cases/auth-noord', 'otherCoordinator')).status).toBe(404);
  });

  it('may not widen a list beyond its scope: another organisation in another region is 403', async () => {
    for (const query of ['organisatie=swv-zuid&regio=zuid', 'regio=zuid&organisatie=swv-derde']) {
      for (const path of ['/cases', '/cases/overdue', '/kpi']) {
        const response = await http.call('GET', `${path}?${query}`, 'coordinator');
        expect(response.status, `${path}?${query}`).toBe(403);
      }
    }
    const other = await http.call('GET', '/cases?organisatie=swv-noord', 'otherCoordinator');
    expect(other.status).toBe(403);
  });
});
