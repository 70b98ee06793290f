import { describe, expect, it } from 'vitest';
import { CaseViewSchema, EventRejectedSchema, SendEventResultSchema } from '../../http/schemas.js';
import { httpEvent, startBody, useHttpEnv } from './http-env.js';

const http = useHttpEnv('http-events');

/** The rejection of a 409 or 422 answer, after checking the body's shape. */
function rejectionOf(body: unknown) {
  return EventRejectedSchema.parse(body).rejection;
}

describe('integrators start cases and send events', () => {
  it('starts a case: 201 with the case and where to find it', async () => {
    const response = await http.call('POST', '/cases', 'integrator', startBody('ev-1'));
    expect(response.status).toBe(201);
    expect(response.headers['location']).toBe('/cases/ev-1');
    const view = CaseViewSchema.parse(response.body);
    expect(view).toEqual(response.body);
    expect(view).toMatchObject({ caseId: 'ev-1', organisatie: 'swv-noord', stage: 'signaal' });
    expect(view.regisseur).toBe('regisseur-1');
  });

  it('imports a history of backdated events with the start', async () => {
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
    const body = {
      ...startBody('ev-hist', { occurredAt: at(10) }),
      history: [httpEvent('intake.gehouden', { locatie: 'thuis' }, { occurredAt: at(5) })],
    };
    const response = await http.call('POST', '/cases', 'integrator', body);
    expect(response.status).toBe(201);
    expect(response.body['stage']).toBe('intake');
  });

  it('a second start of the same case id: 409 case-exists', async () => {
    const response = await http.call('POST', '/cases', 'integrator', startBody('ev-1'));
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: 'case-exists', caseId: 'ev-1' });
  });

  it('sends an event: 200 with the case after it; a retry is answered the same, marked duplicate', async () => {
    const event = httpEvent('intake.gehouden', { locatie: 'thuis' });
    const first = await http.call('POST', '/cases/ev-1/events', 'integrator', event);
    expect(first.status).toBe(200);
    const result = SendEventResultSchema.parse(first.body);
    expect(result).toEqual(first.body);
    expect(result.duplicate).toBe(false);
    expect(result.view.stage).toBe('intake');
    const retry = await http.call('POST', '/cases/ev-1/events', 'integrator', event);
    expect(retry.status).toBe(200);
    expect(retry.body['duplicate']).toBe(true);
  });
});

describe('a refused event gets the engine’s reason: 409 for the state of the case, 422 for the event', () => {
  it('an event not allowed in the stage: 409 not-allowed-in-stage, naming the stage', async () => {
    const response = await http.call(
      'POST',
      '/cases/ev-1/events',
      'integrator',
      httpEvent('evaluatie.gestart'),
    );
    expect(response.status).toBe(409);
    const rejection = rejectionOf(response.body);
    expect(rejection.code).toBe('not-allowed-in-stage');
    expect(rejection.stage).toBe('intake');
  });

  it('the same idempotency key for another event: 409 idempotency-conflict', async () => {
    const event = httpEvent('verzuim.gemeld');
    expect((await http.call('POST', '/cases/ev-1/events', 'integrator', event)).status).toBe(200);
    const other = { ...httpEvent('verzuim.beeindigd'), idempotencyKey: event.idempotencyKey };
    const response = await http.call('POST', '/cases/ev-1/events', 'integrator', other);
    expect(response.status).toBe(409);
    expect(rejectionOf(response.body).code).toBe('idempotency-conflict');
  });

  it('a deadline move its norm does not allow: 409 deadline-refused', async () => {
    const event = httpEvent('deadline.verlengd', { normId: 'breda-route', reden: 'capaciteit' });
    const response = await http.call('POST', '/cases/ev-1/events', 'integrator', event);
    expect(response.status).toBe(409);
    expect(rejectionOf(response.body).code).toBe('deadline-refused');
  });

  it('a payload the route refuses: 422 invalid-payload with the field', async () => {
    const response = await http.call(
      'POST',
      '/cases/ev-1/events',
      'integrator',
      httpEvent('mdo.afgesproken', { soort: 'zwaar', sporen: [] }),
    );
    expect(response.status).toBe(422);
    const rejection = rejectionOf(response.body);
    expect(rejection.code).toBe('invalid-payload');
    expect(rejection.issues.map((issue) => issue.path)).toContain('payload.soort');
  });

  it('an event type the route does not know: 422 unknown-event-type', async () => {
    const response = await http.call('POST', '/cases/ev-1/events', 'integrator', httpEvent('casus.vergeten'));
    expect(response.status).toBe(422);
    expect(rejectionOf(response.body).code).toBe('unknown-event-type');
  });

  it('an event in the future: 422 occurred-in-future', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const event = httpEvent('plaatsingscommissie.aangevraagd', {}, { occurredAt: tomorrow });
    const response = await http.call('POST', '/cases/ev-1/events', 'integrator', event);
    expect(response.status).toBe(422);
    expect(rejectionOf(response.body).code).toBe('occurred-in-future');
  });

  it('a refused start event: 422, and nothing is started', async () => {
    const body = { ...startBody('ev-leeg'), event: httpEvent('signaal.gemeld', {}) };
    const response = await http.call('POST', '/cases', 'integrator', body);
    expect(response.status).toBe(422);
    expect(rejectionOf(response.body).code).toBe('invalid-payload');
    expect((await http.call('GET', '/cases/ev-leeg', 'auditor')).status).toBe(404);
  });

  it('an event to a closed case: 409 case-closed', async () => {
    expect((await http.call('POST', '/cases', 'integrator', startBody('ev-dicht'))).status).toBe(201);
    const close = httpEvent('casus.afgesloten', { reden: 'geen-ondersteuning-nodig' });
    const closed = await http.call('POST', '/cases/ev-dicht/events', 'integrator', close);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const response = await http.call(
      'POST',
      '/cases/ev-dicht/events',
      'integrator',
      httpEvent('intake.gehouden'),
    );
    expect(response.status).toBe(409);
    expect(rejectionOf(response.body).code).toBe('case-closed');
  });
});
