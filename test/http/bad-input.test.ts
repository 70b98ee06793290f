import { describe, expect, it } from 'vitest';
import { CaseNotFoundError } from '../../client/index.js';
import { EventRejectedError } from '../../core/index.js';
import { InvalidRequestSchema } from '../../http/schemas.js';
import { intakeEvent, startBody, useHttpEnv } from './http-env.js';

const http = useHttpEnv('http-bad-input', async (http) => {
  expect((await http.call('POST', '/cases', 'integrator', startBody('bad-1'))).status).toBe(201);
});

/** The issues of a 400 answer as `path: message` lines, after checking the body's shape. */
function issuesOf(body: unknown): Record<string, string> {
  const parsed = InvalidRequestSchema.parse(body);
  return Object.fromEntries(parsed.issues.map((issue) => [issue.path, issue.message]));
}

describe('bad input gets 400 with every field at fault and why', () => {
  it('a start without its event, with a bad id and an unknown field names each field', async () => {
    const response = await http.call('POST', '/cases', 'integrator', {
      caseId: 'een naam met spaties',
      organisatie: 'swv-noord',
      regio: 'noord',
      bsn: '123456789',
    });
    expect(response.status).toBe(400);
    const issues = issuesOf(response.body);
    expect(Object.keys(issues).sort()).toEqual(['bsn', 'caseId', 'event']);
    expect(issues['caseId']).toMatch(/identifier/);
    expect(issues['bsn']).toMatch(/not a known field/);
  });

  it('a reserved case id ("overdue" is the overdue list): 400 naming caseId and why; nothing started', async () => {
    const response = await http.call('POST', '/cases', 'integrator', startBody('overdue'));
    expect(response.status).toBe(400);
    expect(issuesOf(response.body)).toEqual({
      caseId: expect.stringMatching(
        /^"overdue" is reserved \(GET \/cases\/overdue lists the overdue cases\)/,
      ),
    });
    await expect(http.client.getCase('overdue')).rejects.toBeInstanceOf(CaseNotFoundError);
    // The path stays the overdue list.
    expect((await http.call('GET', '/cases/overdue', 'auditor')).body).toMatchObject({ count: 0 });
  });

  it('the client refuses a reserved case id too, as an invalid start naming caseId', async () => {
    const { event, ...start } = startBody('overdue');
    const refused: unknown = await http.client.startCase(start, event).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EventRejectedError);
    expect((refused as EventRejectedError).rejection).toEqual({
      code: 'invalid-event',
      message: 'the case start is invalid',
      stage: null,
      issues: [{ path: 'caseId', message: expect.stringMatching(/^"overdue" is reserved/) }],
    });
    await expect(http.client.getCase('overdue')).rejects.toBeInstanceOf(CaseNotFoundError);
  });

  it('a bad event names the nested fields, e.g. event.actor.role and event.idempotencyKey', async () => {
    const body = startBody('bad-2');
    const response = await http.call('POST', '/cases', 'integrator', {
      ...body,
      event: { type: 'signaal.gemeld', payload: {}, actor: { role: 'koning', id: 'k-1' } },
    });
    expect(response.status).toBe(400);
    const issues = issuesOf(response.body);
    expect(Object.keys(issues).sort()).toEqual(['event.actor.role', 'event.idempotencyKey']);
    expect((await http.call('GET', '/cases/bad-2', 'auditor')).status).toBe(404);
  });

  it('an event body with a malformed moment and a missing actor', async () => {
    const response = await http.call('POST', '/cases/bad-1/events', 'integrator', {
      type: 'intake.gehouden',
      occurredAt: 'gisteren',
      idempotencyKey: 'bad-1/2',
    });
    expect(response.status).toBe(400);
    expect(Object.keys(issuesOf(response.body)).sort()).toEqual(['actor', 'occurredAt']);
  });

  it('a correction without a reason and naming no entry: 400 naming payload.seq and payload.reden; case unchanged', async () => {
    const before = await http.client.getCase('bad-1');
    const response = await http.call('POST', '/cases/bad-1/events', 'integrator', {
      type: 'correctie',
      payload: { seq: 0 },
      actor: { role: 'swv', id: 'swv-1' },
      idempotencyKey: 'bad-1/correctie',
    });
    expect(response.status).toBe(400);
    expect(Object.keys(issuesOf(response.body)).sort()).toEqual(['payload.reden', 'payload.seq']);
    expect((await http.client.getCase('bad-1')).journal).toEqual(before.journal);
  });

  it('a correction of the opening entry: 409 correction-refused naming payload.seq', async () => {
    const response = await http.call('POST', '/cases/bad-1/events', 'integrator', {
      type: 'correctie',
      payload: { seq: 1, reden: 'verkeerde-casus' },
      actor: { role: 'swv', id: 'swv-1' },
      idempotencyKey: 'bad-1/correctie-1',
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      error: 'event-rejected',
      rejection: {
        code: 'correction-refused',
        issues: [
          { path: 'payload.seq', message: expect.stringMatching(/opening event cannot be corrected/) },
        ],
      },
    });
  });

  it('a body that is not JSON, or none at all', async () => {
    const garbled = await http.app.inject({
      method: 'POST',
      url: '/cases/bad-1/events',
      headers: {
        authorization: 'Bearer test-integrator-swv-noord-0000000001',
        'content-type': 'application/json',
      },
      payload: '{"type": ',
    });
    expect(garbled.statusCode).toBe(400);
    expect(issuesOf(garbled.json())).toHaveProperty('(body)');
    const empty = await http.call('POST', '/cases/bad-1/events', 'integrator');
    expect(empty.status).toBe(400);
    expect(issuesOf(empty.body)).toHaveProperty('(root)');
  });

  it('a bad case id in the path', async () => {
    const response = await http.call('GET', `/cases/${encodeURIComponent('naam met spaties')}`, 'auditor');
    expect(response.status).toBe(400);
    expect(issuesOf(response.body)['caseId']).toMatch(/identifier/);
  });

  it('bad query parameters name the parameter: a bad value, an unknown parameter, a bad limit', async () => {
    const risk = await http.call('GET', '/cases?risk=rood', 'auditor');
    expect(risk.status).toBe(400);
    expect(issuesOf(risk.body)['risk']).toMatch(/op-schema, waarschuwing, overschreden/);
    const injected = await http.call(
      'GET',
      `/cases?organisatie=${encodeURIComponent("x' OR 1=1")}`,
      'auditor',
    );
    expect(injected.status).toBe(400);
    expect(issuesOf(injected.body)['organisatie']).toMatch(/identifier/);
    const unknown = await http.call('GET', '/cases/overdue?regio=noord&status=open', 'auditor');
    expect(unknown.status).toBe(400);
    expect(issuesOf(unknown.body)).toEqual({ status: 'is not a known query parameter' });
    const limit = await http.call('GET', '/cases/overdue?limit=0&atRisk=ja', 'coordinator');
    expect(limit.status).toBe(400);
    expect(Object.keys(issuesOf(limit.body)).sort()).toEqual(['atRisk', 'limit']);
  });
});

describe('a query parameter a route does not take is refused with 400 naming it, and applies nothing', () => {
  /** The journal length and head of a case, read as the auditor. */
  async function journalOf(caseId: string) {
    const response = await http.call('GET', `/cases/${caseId}`, 'auditor');
    expect(response.status).toBe(200);
    return { length: (response.body['journal'] as unknown[]).length, head: response.body['journalHead'] };
  }

  it('an event with ?dryRun=true: 400 naming dryRun, and the event is not applied', async () => {
    const before = await journalOf('bad-1');
    const event = intakeEvent();
    const response = await http.call('POST', '/cases/bad-1/events?dryRun=true', 'integrator', event);
    expect(response.status).toBe(400);
    expect(issuesOf(response.body)).toEqual({ dryRun: 'is not a known query parameter' });
    expect(await journalOf('bad-1')).toEqual(before);
    // The same event without the parameter is applied once, so it had not been applied before.
    const applied = await http.sendEvent('bad-1', 'integrator', event);
    expect(applied.status).toBe(200);
    expect(applied.body['duplicate']).toBe(false);
  });

  it('a start with ?force=true: 400 naming force, and no case is started', async () => {
    const response = await http.call('POST', '/cases?force=true', 'integrator', startBody('bad-force'));
    expect(response.status).toBe(400);
    expect(issuesOf(response.body)).toEqual({ force: 'is not a known query parameter' });
    expect((await http.call('GET', '/cases/bad-force', 'auditor')).status).toBe(404);
  });

  it('reading a case with ?x=1: 400 naming x', async () => {
    const response = await http.call('GET', '/cases/bad-1?x=1', 'auditor');
    expect(response.status).toBe(400);
    expect(issuesOf(response.body)).toEqual({ x: 'is not a known query parameter' });
  });

  it('every part at fault is named in one answer: the path, the query and the body', async () => {
    const response = await http.call(
      'POST',
      `/cases/${encodeURIComponent('naam met spaties')}/events?dryRun=true`,
      'integrator',
      { ...intakeEvent(), actor: undefined },
    );
    expect(response.status).toBe(400);
    expect(issuesOf(response.body)).toEqual({
      caseId: expect.stringMatching(/identifier/),
      dryRun: 'is not a known query parameter',
      actor: expect.any(String),
    });
  });
});

describe('an unknown case gets 404', () => {
  it('reading it', async () => {
    const response = await http.call('GET', '/cases/bestaat-niet', 'auditor');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: 'case-not-found', caseId: 'bestaat-niet' });
  });

  it('sending it an event', async () => {
    const response = await http.sendEvent('bestaat-niet', 'integrator', intakeEvent());
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('case-not-found');
  });

  it('an unknown route is 404 too, without a case', async () => {
    const response = await http.call('GET', '/gevallen', 'auditor');
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('not-found');
  });
});
