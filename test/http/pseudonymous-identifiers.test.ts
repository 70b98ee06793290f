// Identifiers that hold a BSN are refused wherever new input enters, on a real server: the HTTP API (400 naming
// each field), the client (before any round trip) and the workflow's Update validator (for a caller that goes
// around both). Each refusal changes nothing.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { BSN_IDENTIFIER_MESSAGE, EventRejectedError } from '../../core/index.js';
import { caseWorkflowId, sendEventUpdate } from '../../workflows/definitions.js';
import { httpEvent, intakeEvent, startBody, useHttpEnv } from './http-env.js';

/** Passes the eleven-test: 9·1 + 8·2 + 7·3 + 6·4 + 5·5 + 4·6 + 3·7 + 2·8 − 2 = 154 = 14·11. */
const BSN = '123456782';

const http = useHttpEnv('http-pseudonymous', async (http) => {
  expect((await http.call('POST', '/cases', 'integrator', startBody('pseudo-1'))).status).toBe(201);
});

const bsnIssue = (path: string) => ({ path, message: BSN_IDENTIFIER_MESSAGE });

/** The journal length and stage of a case, as the auditor reads it: what a refusal must leave as it was. */
async function stateOf(caseId: string): Promise<{ status: number; entries: unknown; stage: unknown }> {
  const response = await http.call('GET', `/cases/${caseId}`, 'auditor');
  const journal = response.body['journal'];
  return {
    status: response.status,
    entries: Array.isArray(journal) ? journal.length : null,
    stage: response.body['stage'],
  };
}

describe('POST /cases refuses a start whose identifiers hold a BSN: 400 naming each field, nothing started', () => {
  it('a case id that is a BSN, or holds one as a part', async () => {
    for (const caseId of [BSN, `kind-${BSN}`]) {
      const response = await http.call('POST', '/cases', 'integrator', startBody(caseId));
      expect(response.status, caseId).toBe(400);
      expect(response.body).toEqual({ error: 'invalid-request', issues: [bsnIssue('caseId')] });
      expect((await stateOf(caseId)).status, caseId).toBe(404);
    }
  });

  it('the regisseur, the actor and a history event of the start', async () => {
    const body = startBody('pseudo-2');
    const response = await http.call('POST', '/cases', 'integrator', {
      ...body,
      event: { ...body.event, payload: { regisseur: BSN }, actor: { role: 'intern-begeleider', id: BSN } },
      history: [{ ...intakeEvent(), actor: { role: 'swv', id: `swv-${BSN}` } }],
    });
    expect(response.status).toBe(400);
    expect(response.body['issues']).toEqual([
      bsnIssue('event.actor.id'),
      bsnIssue('event.payload.regisseur'),
      bsnIssue('history.0.actor.id'),
    ]);
    expect((await stateOf('pseudo-2')).status).toBe(404);
  });
});

describe('POST /cases/{id}/events refuses an event whose identifiers hold a BSN: 400, the case unchanged', () => {
  it.each([
    ['actor.id', { ...intakeEvent(), actor: { role: 'swv' as const, id: BSN } }],
    ['idempotencyKey', { ...intakeEvent(), idempotencyKey: `pseudo-1/${BSN}` }],
    ['payload.regisseur', httpEvent('regie.overgedragen', { regisseur: BSN, reden: 'opschaling' })],
  ])('%s', async (path, event) => {
    const before = await stateOf('pseudo-1');
    const response = await http.sendEvent('pseudo-1', 'integrator', event);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid-request', issues: [bsnIssue(path)] });
    expect(await stateOf('pseudo-1')).toEqual(before);
  });

  it('a body may not name its own submitter: the server names the token’s holder', async () => {
    const before = await stateOf('pseudo-1');
    const response = await http.sendEvent('pseudo-1', 'integrator', {
      ...intakeEvent(),
      submittedBy: 'iemand',
    });
    expect(response.status).toBe(400);
    expect(response.body['issues']).toEqual([{ path: 'submittedBy', message: 'is not a known field' }]);
    expect(await stateOf('pseudo-1')).toEqual(before);
  });
});

describe('around the HTTP API, the client and the workflow refuse it too', () => {
  it('the client, before it sends anything', async () => {
    const before = await stateOf('pseudo-1');
    const refused = await http.client
      .sendEvent('pseudo-1', { ...intakeEvent(), actor: { role: 'swv' as const, id: BSN } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EventRejectedError);
    expect((refused as EventRejectedError).rejection).toMatchObject({
      code: 'invalid-event',
      issues: [bsnIssue('actor.id')],
    });
    const start = await http.client
      .startCase(
        { caseId: 'pseudo-3', organisatie: 'swv-noord', regio: BSN },
        httpEvent('signaal.gemeld', { regisseur: 'r-1' }),
      )
      .catch((error: unknown) => error);
    expect((start as EventRejectedError).rejection?.issues).toEqual([bsnIssue('regio')]);
    expect(await stateOf('pseudo-1')).toEqual(before);
    expect((await stateOf('pseudo-3')).status).toBe(404);
  });

  it('the workflow’s Update validator, for a Temporal client that bypasses ours', async () => {
    const before = await stateOf('pseudo-1');
    const handle = http.client.client.workflow.getHandle(caseWorkflowId('pseudo-1'));
    const refused = await handle
      .executeUpdate(sendEventUpdate, { args: [{ ...intakeEvent(), submittedBy: BSN }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refused as WorkflowUpdateFailedError).cause as { details?: unknown[] } | undefined;
    expect(cause?.details?.[0]).toMatchObject({ code: 'invalid-event', issues: [bsnIssue('submittedBy')] });
    expect(await stateOf('pseudo-1')).toEqual(before);
    // The refused event reached no history: the same event without the BSN is accepted as new.
    expect((await http.sendEvent('pseudo-1', 'integrator', intakeEvent())).status).toBe(200);
  });
});
