import { describe, expect, it } from 'vitest';
import {
  CaseExistsError,
  CaseNotFoundError,
  caseWorkflowId,
  EventRejectedError,
} from '../../client/index.js';
import type { EventInput, RejectionCode } from '../../core/index.js';
import { event, useCaseServer } from '../support/case-env.js';

const server = useCaseServer('dev', 'event-validation');

let cases = 0;
async function openBredaCase(): Promise<string> {
  const caseId = `val-${++cases}`;
  await server().client.startCase(
    { caseId, organisatie: 'swv-breda', regio: 'breda' },
    event('signaal.gemeld', { regisseur: 'swv-cl-4' }, { actor: { role: 'intern-begeleider', id: 'ib-1' } }),
  );
  return caseId;
}

async function historyLength(caseId: string): Promise<number> {
  const history = await server().env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  return history.events?.length ?? 0;
}

async function expectRejected(
  caseId: string,
  input: EventInput,
  code: RejectionCode,
  path?: string,
): Promise<void> {
  const before = await server().client.getCase(caseId);
  const length = await historyLength(caseId);
  const error = await server()
    .client.sendEvent(caseId, input)
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  expect(error).toBeInstanceOf(EventRejectedError);
  const rejection = (error as EventRejectedError).rejection;
  expect(rejection.code).toBe(code);
  if (path !== undefined) expect(rejection.issues.map((issue) => issue.path)).toContain(path);
  expect(await server().client.getCase(caseId)).toEqual(before);
  expect(await historyLength(caseId)).toBe(length);
}

describe('events arrive as validated Updates: a refused event changes nothing, not even the history', () => {
  it('accepts a valid event and returns the new state', async () => {
    const caseId = await openBredaCase();
    const { view, recorded, duplicate } = await server().client.sendEvent(
      caseId,
      event('intake.gehouden', {}),
    );
    expect(duplicate).toBe(false);
    expect(view).toMatchObject({ caseId, stage: 'intake', closed: false, journalLength: 2 });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      kind: 'gebeurtenis',
      type: 'intake.gehouden',
      regisseur: 'swv-cl-4',
    });
    // The answer is a summary; the rest of the case is a query away.
    expect(Object.keys(view).sort()).toEqual(['caseId', 'closed', 'journalHead', 'journalLength', 'stage']);
    const read = await server().client.getCase(caseId);
    expect(read.journalHead).toBe(view.journalHead);
    expect(read.deadlines.find((d) => d.normId === 'intake-na-signaal')?.status).toBe('gehaald');
  });

  it('refuses an unknown event type', async () => {
    const caseId = await openBredaCase();
    await expectRejected(caseId, event('intake.vergeten', {}), 'unknown-event-type', 'type');
  });

  it('refuses a payload that fails its schema, naming the field', async () => {
    const caseId = await openBredaCase();
    await expectRejected(
      caseId,
      event('intake.gehouden', { locatie: 'kantoor' }),
      'invalid-payload',
      'payload.locatie',
    );
  });

  it('refuses an event not allowed in the current stage', async () => {
    const caseId = await openBredaCase();
    await expectRejected(caseId, event('evaluatie.gestart', {}), 'not-allowed-in-stage', 'type');
  });

  it('refuses a committee decision before the intake', async () => {
    const caseId = await openBredaCase();
    await server().client.sendEvent(caseId, event('plaatsingscommissie.aangevraagd', {}));
    await expectRejected(
      caseId,
      event('plaatsingscommissie.besloten', { soort: 'regulier', sporen: ['kind'] }),
      'not-allowed-in-stage',
    );
  });

  it('refuses occurredAt in the future', async () => {
    const caseId = await openBredaCase();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await expectRejected(
      caseId,
      event('intake.gehouden', {}, { occurredAt: future }),
      'occurred-in-future',
      'occurredAt',
    );
  });

  it('refuses occurredAt before the previous event', async () => {
    const caseId = await openBredaCase();
    const past = new Date(Date.now() - 86_400_000).toISOString();
    await expectRejected(
      caseId,
      event('intake.gehouden', {}, { occurredAt: past }),
      'occurred-before-previous',
      'occurredAt',
    );
  });

  it('applies a retried event once and answers the same', async () => {
    const caseId = await openBredaCase();
    const intake = event('intake.gehouden', {});
    const first = await server().client.sendEvent(caseId, intake);
    const second = await server().client.sendEvent(caseId, intake);
    expect(second.duplicate).toBe(true);
    expect(second.view).toEqual(first.view);
    expect(second.view.journalLength).toBe(2);
    expect(first.recorded.map((entry) => entry.seq)).toEqual([2]);
    expect(second.recorded).toEqual([]);
    expect((await server().client.getCase(caseId)).journal).toHaveLength(2);
  });

  it('refuses a reused idempotency key for a different event', async () => {
    const caseId = await openBredaCase();
    const intake = event('intake.gehouden', {});
    await server().client.sendEvent(caseId, intake);
    await expectRejected(
      caseId,
      { ...intake, type: 'plaatsingscommissie.aangevraagd', payload: {} },
      'idempotency-conflict',
      'idempotencyKey',
    );
  });

  it('answers an unknown case id with CaseNotFoundError', async () => {
    await expect(server().client.getCase('bestaat-niet')).rejects.toBeInstanceOf(CaseNotFoundError);
    await expect(
      server().client.sendEvent('bestaat-niet', event('intake.gehouden', {})),
    ).rejects.toBeInstanceOf(CaseNotFoundError);
  });

  it('refuses to start a case id that exists, leaving the case as it was', async () => {
    const caseId = await openBredaCase();
    const before = await server().client.getCase(caseId);
    const length = await historyLength(caseId);
    await expect(
      server().client.startCase(
        { caseId, organisatie: 'swv-breda', regio: 'breda' },
        event('signaal.gemeld', { regisseur: 'iemand-anders' }),
      ),
    ).rejects.toBeInstanceOf(CaseExistsError);
    expect(await server().client.getCase(caseId)).toEqual(before);
    expect(await historyLength(caseId)).toBe(length);
  });

  it('refuses a malformed start before any workflow exists', async () => {
    await expect(
      server().client.startCase(
        { caseId: 'nooit-gestart', organisatie: 'swv', regio: 'r' },
        event('intake.gehouden', {}),
      ),
    ).rejects.toBeInstanceOf(EventRejectedError);
    await expect(server().client.getCase('nooit-gestart')).rejects.toBeInstanceOf(CaseNotFoundError);
  });

  it('opens a case whose start event lies a little ahead of the server clock, instead of failing the workflow', async () => {
    // PassendClient checks a start against the client's clock; a client clock a few seconds ahead of the
    // server's must not fail the workflow (that would burn the case id). Started here as such a client would.
    const caseId = 'val-klok-voor';
    const occurredAt = new Date(Date.now() + 5_000).toISOString();
    await server().env.client.workflow.start('caseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue: 'event-validation',
      args: [
        {
          start: { caseId, organisatie: 'swv-breda', regio: 'breda' },
          events: [event('signaal.gemeld', { regisseur: 'swv-cl-4' }, { occurredAt })],
        },
      ],
    });
    const view = await server().client.getCase(caseId);
    expect(view.stage).toBe('signaal');
    expect(view.lastOccurredAt).toBe(occurredAt);
  });

  it('after the case closed, a retry of an event it took is answered duplicate; another event is case-closed', async () => {
    const caseId = await openBredaCase();
    const close = event('casus.afgesloten', { reden: 'geen-ondersteuning-nodig' });
    const closed = await server().client.sendEvent(caseId, close);
    expect(closed.view.closed).toBe(true);
    await server().env.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    const length = await historyLength(caseId);
    const retry = await server().client.sendEvent(caseId, close);
    expect(retry.duplicate).toBe(true);
    expect(retry.recorded).toEqual([]);
    expect(retry.view.closed).toBe(true);
    expect(retry.view.journalLength).toBe(closed.view.journalLength);
    const refusal = async (input: EventInput) =>
      server()
        .client.sendEvent(caseId, input)
        .then(
          () => undefined,
          (thrown: unknown) => (thrown as EventRejectedError).rejection,
        );
    expect((await refusal({ ...close, payload: { reden: 'anders' } }))?.code).toBe('idempotency-conflict');
    expect((await refusal(event('intake.gehouden', {})))?.code).toBe('case-closed');
    expect(await historyLength(caseId)).toBe(length);
  });
});
