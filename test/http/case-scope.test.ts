// A case outside the caller's scope answers exactly as an unknown one, on every case route, so ids cannot be
// probed; and an integrator starts cases only in the organisations and regions its token names, so no case of its
// shows up for another region's coordinator. Each refusal changes nothing.
import { describe, expect, it } from 'vitest';
import { eventually, intakeEvent, startBody, useHttpEnv } from './http-env.js';
import type { HttpEnv, TokenName } from './http-env.js';

const http = useHttpEnv('http-case-scope', async (http) => {
  expect((await http.call('POST', '/cases', 'integrator', startBody('scope-noord'))).status).toBe(201);
  const zuid = startBody('scope-zuid', { organisatie: 'swv-zuid', regio: 'zuid' });
  expect((await http.call('POST', '/cases', 'otherIntegrator', zuid)).status).toBe(201);
});

/** Status, content type and body, with the asked id written as `<id>`: what a prober could compare. */
async function answer(
  env: HttpEnv,
  token: TokenName,
  caseId: string,
  route: 'read' | 'send',
): Promise<{ status: number; type: unknown; body: string }> {
  const response =
    route === 'read'
      ? await env.call('GET', `/cases/${caseId}`, token)
      : await env.sendEvent(caseId, token, intakeEvent());
  return {
    status: response.status,
    type: response.headers['content-type'],
    body: JSON.stringify(response.body).replaceAll(caseId, '<id>'),
  };
}

async function stageAndLength(caseId: string): Promise<[unknown, unknown]> {
  const view = (await http.call('GET', `/cases/${caseId}`, 'auditor')).body;
  return [view['stage'], Array.isArray(view['journal']) ? view['journal'].length : null];
}

describe('a case outside the caller’s scope answers as an unknown one: 404, the same body', () => {
  it.each([
    ['integrator', 'scope-zuid', 'read'],
    ['integrator', 'scope-zuid', 'send'],
    ['otherIntegrator', 'scope-noord', 'read'],
    ['otherIntegrator', 'scope-noord', 'send'],
    ['otherCoordinator', 'scope-noord', 'read'],
  ] as const)('%s, %s, %s', async (token, caseId, route) => {
    const before = await stageAndLength(caseId);
    const outside = await answer(http, token, caseId, route);
    const unknown = await answer(http, token, `${caseId}-onbekend`, route);
    expect(outside).toEqual(unknown);
    expect(outside).toMatchObject({ status: 404 });
    expect(JSON.parse(outside.body)).toEqual({
      error: 'case-not-found',
      caseId: '<id>',
      message: 'case <id> does not exist',
    });
    expect(await stageAndLength(caseId)).toEqual(before);
  });
});

describe('an integrator starts cases only in the organisations and regions its token names', () => {
  it('a start in its own organisation but another region: 403 naming its reach, nothing started', async () => {
    const body = startBody('scope-elders', { organisatie: 'swv-noord', regio: 'zuid' });
    const response = await http.call('POST', '/cases', 'integrator', body);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      error: 'forbidden',
      message:
        'int-noord may start cases in organisation swv-noord in region noord only, not in organisation ' +
        'swv-noord in region zuid',
    });
    expect((await http.call('GET', '/cases/scope-elders', 'auditor')).status).toBe(404);
  });

  it('so the other region’s coordinator never sees it; a start within its reach is listed for its own', async () => {
    const inside = await http.call('POST', '/cases', 'integrator', startBody('scope-binnen'));
    expect(inside.status).toBe(201);
    const listed = (token: TokenName) => async () => {
      const cases = (await http.call('GET', '/cases', token)).body['cases'] as { caseId: string }[];
      return cases.map((summary) => summary.caseId);
    };
    expect(await eventually(listed('coordinator'), (ids) => ids.includes('scope-binnen'))).toContain(
      'scope-binnen',
    );
    const zuid = await listed('otherCoordinator')();
    expect(zuid).toContain('scope-zuid');
    expect(zuid).not.toContain('scope-binnen');
    expect(zuid).not.toContain('scope-elders');
  });
});
