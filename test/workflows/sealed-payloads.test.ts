// Issue 10, item 4 (sealed payloads), on a real dev server with the production case worker encrypting payloads:
// an event a client wrote without the key, and a ciphertext replayed from one case into another, are refused
// before acceptance (the Update fails with its reason; the history and the journal stay as they were); payloads
// sealed in the format before the binding are still read; a namespace switched from plain to encrypted replays its
// plain cases in the explicit switch-over mode; and `passend audit verify` names such payloads where a history
// holds them (a signal, which the server records before any worker sees it).
import { Buffer } from 'node:buffer';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowFailedError } from '@temporalio/client';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';
import proto from '@temporalio/proto';
import { DefaultLogger } from '@temporalio/worker';
import { afterEach, describe, expect, it } from 'vitest';
import { caseWorkflowId, PassendClient } from '../../client/index.js';
import { AesGcmCodec, type Keyring } from '../../codec/index.js';
import { createCaseWorker } from '../../worker/index.js';
import { CASE_WORKFLOW_VERSION, sendEventUpdate } from '../../workflows/definitions.js';
import { PAYLOAD_REFUSED } from '../../workflows/refused-payload.js';
import { event } from '../support/case-env.js';
import { passend } from '../support/cli-run.js';
import { runEncryptedWorker, useEncryptedCaseServer } from '../support/encrypted-env.js';

const KEY_ID = 'sealed-key-1';
const TASK_QUEUE = 'sealed-payloads';
const server = useEncryptedCaseServer(TASK_QUEUE, KEY_ID);
const start = (caseId: string) => ({ caseId, organisatie: 'swv-breda', regio: 'breda' });
const signaal = () => event('signaal.gemeld', { regisseur: 'swv-cl-4' });

afterEach(() => {
  delete process.env['PASSEND_ENCRYPTION_KEY'];
  delete process.env['PASSEND_ENCRYPTION_KEY_ID'];
});

function keyring(): Keyring {
  return { encryptWith: KEY_ID, keys: new Map([[KEY_ID, Buffer.from(server().keyBase64, 'base64')]]) };
}

/**
 * A client that writes what a client without the key can: `write` instead of a sealed payload (the plain payload
 * itself, or a ciphertext captured elsewhere). It reads answers with the key, so the test can see the reason.
 */
function clientWriting(write: (payload: Payload) => Payload): Client {
  const reader = new AesGcmCodec(keyring());
  const codec: PayloadCodec = {
    encode: (payloads) => Promise.resolve(payloads.map(write)),
    decode: (payloads, context) => reader.decode(payloads, context),
  };
  return new Client({ connection: server().env.connection, dataConverter: { payloadCodecs: [codec] } });
}

/** What the case is as the server holds it: its history length and its journal. */
async function snapshot(caseId: string, client = server().client) {
  const history = await server().env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  const view = await client.getCase(caseId);
  return { events: history.events?.length ?? 0, journal: view.journal };
}

/** The Update's failure: the workflow's EventRejected with its Rejection. */
async function refusal(send: Promise<unknown>) {
  const error = await send.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return { type: (cause as ApplicationFailure).type, rejection: (cause as ApplicationFailure).details?.[0] };
}

/** The sealed argument of the first Update a case accepted, as the server stores it. */
async function capturedEvent(caseId: string): Promise<Payload> {
  const history = await server().env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  const accepted = history.events?.find(
    (historyEvent) => historyEvent.workflowExecutionUpdateAcceptedEventAttributes,
  );
  const payload =
    accepted?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads?.[0];
  if (payload === undefined || payload === null) throw new Error(`${caseId} accepted no Update`);
  return payload as Payload;
}

describe('an encrypted case refuses payloads not sealed for it, and nothing changes', () => {
  it('an event written without the key is refused before acceptance, naming the reason', async () => {
    const caseId = 'zegel-plat';
    await server().client.startCase(start(caseId), signaal());
    const before = await snapshot(caseId);
    const intake = event('intake.gehouden', {});
    const handle = clientWriting((plain) => plain).workflow.getHandle(caseWorkflowId(caseId));
    const { type, rejection } = await refusal(handle.executeUpdate(sendEventUpdate, { args: [intake] }));
    expect(type).toBe('EventRejected');
    expect(rejection).toMatchObject({
      code: 'payload-refused',
      message: expect.stringMatching(/^the event is refused: a payload of casus-zegel-plat is not sealed/),
      issues: [{ path: '(root)', message: "the event's payload is not sealed" }],
    });
    // A client with no codec at all is refused too (it cannot read the sealed answer, only that it failed).
    const keyless = server().env.client.workflow.getHandle(caseWorkflowId(caseId));
    await expect(keyless.executeUpdate(sendEventUpdate, { args: [intake] })).rejects.toThrow();
    expect(await snapshot(caseId)).toEqual(before);
    // The same event, sealed, is accepted: the refusal was the seal's.
    const sent = await server().client.sendEvent(caseId, intake);
    expect(sent.view.stage).toBe('intake');
  });

  it('a ciphertext replayed from case A into case B is refused there; B is unchanged', async () => {
    await server().client.startCase(start('zegel-a'), signaal());
    const intake = event('intake.gehouden', {});
    await server().client.sendEvent('zegel-a', intake);
    const captured = await capturedEvent('zegel-a');
    await server().client.startCase(start('zegel-b'), signaal());
    const before = await snapshot('zegel-b');
    const handle = clientWriting(() => captured).workflow.getHandle(caseWorkflowId('zegel-b'));
    const { rejection } = await refusal(handle.executeUpdate(sendEventUpdate, { args: [intake] }));
    expect(rejection).toMatchObject({
      code: 'payload-refused',
      message:
        'the event is refused: a payload of casus-zegel-b is sealed for another workflow, casus-zegel-a: a ' +
        'sealed payload is read only in the case it was written for (copied from another case?)',
      issues: [{ path: '(root)', message: "the event's payload is sealed for another case" }],
    });
    expect(await snapshot('zegel-b')).toEqual(before);
    // B would take that event from its own client: only the seal was wrong.
    expect((await server().client.sendEvent('zegel-b', intake)).view.stage).toBe('intake');
  });

  it('a start written without the key fails the new workflow at once: no case opens', async () => {
    const handle = await clientWriting((plain) => plain).workflow.start('caseWorkflow', {
      workflowId: caseWorkflowId('zegel-start'),
      taskQueue: TASK_QUEUE,
      args: [{ start: start('zegel-start'), events: [signaal()], workflowVersion: CASE_WORKFLOW_VERSION }],
    });
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => (error as WorkflowFailedError).cause,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: PAYLOAD_REFUSED,
      message: expect.stringMatching(
        /^the case's input is refused: a payload of casus-zegel-start is not sealed/,
      ),
    });
  });
});

/** A client sealing as clients did before payloads were bound to their case: format 1, key id only. */
function formatOneCodec(ring: Keyring): PayloadCodec {
  const modern = new AesGcmCodec(ring);
  const key = ring.keys.get(ring.encryptWith) as Uint8Array;
  return {
    encode: (payloads) =>
      Promise.resolve(
        payloads.map((payload) => {
          const iv = randomBytes(12);
          const cipher = createCipheriv('aes-256-gcm', key, iv);
          cipher.setAAD(Buffer.from(ring.encryptWith, 'utf8'));
          const inner = proto.temporal.api.common.v1.Payload.encode(payload).finish();
          return {
            metadata: {
              encoding: Buffer.from('binary/encrypted'),
              'encryption-key-id': Buffer.from(ring.encryptWith),
            },
            data: Buffer.concat([iv, cipher.update(inner), cipher.final(), cipher.getAuthTag()]),
          };
        }),
      ),
    decode: (payloads, context) => modern.decode(payloads, context),
  };
}

describe('payloads sealed in the format before the binding', () => {
  it('a client sealing in format 1 starts a case and sends an event, and the worker reads both', async () => {
    const old = new PassendClient(
      new Client({
        connection: server().env.connection,
        dataConverter: { payloadCodecs: [formatOneCodec(keyring())] },
      }),
      { taskQueue: TASK_QUEUE },
    );
    await old.startCase(start('zegel-formaat-1'), signaal());
    const sent = await old.sendEvent('zegel-formaat-1', event('intake.gehouden', {}));
    expect(sent.view.stage).toBe('intake');
    const input = (await capturedEvent('zegel-formaat-1')).metadata ?? {};
    expect(input['encryption-format']).toBeUndefined();
  });
});

describe('switching a namespace from plain to encrypted (PASSEND_ENCRYPTION_ACCEPT_UNSEALED)', () => {
  it('a case recorded in plain replays on a worker in the switch-over mode; new plain input is still refused', async () => {
    const taskQueue = 'sealed-payloads-switch';
    const env = server().env;
    const plainWorker = await createCaseWorker({
      connection: env.nativeConnection,
      taskQueue,
      outboxPath: join(mkdtempSync(join(tmpdir(), 'passend-outbox-')), 'outbox.jsonl'),
      logger: new DefaultLogger('WARN'),
    });
    const plainRun = plainWorker.run();
    const plainClient = new PassendClient(env.client, { taskQueue });
    await plainClient.startCase(start('zegel-omschakeling'), signaal());
    plainWorker.shutdown();
    await plainRun;

    // The cut-over: every process gets the key; the workers read what the plain cases recorded.
    const switching = await runEncryptedWorker(env, taskQueue, keyring(), { acceptUnsealed: true });
    try {
      // A fresh worker replays the plain history (its start input) to take a sealed event.
      const sent = await switching.client.sendEvent('zegel-omschakeling', event('intake.gehouden', {}));
      expect(sent.view.stage).toBe('intake');
      const before = await snapshot('zegel-omschakeling', switching.client);
      const handle = clientWriting((plain) => plain).workflow.getHandle(caseWorkflowId('zegel-omschakeling'));
      const { rejection } = await refusal(
        handle.executeUpdate(sendEventUpdate, { args: [event('plan.vastgesteld', {})] }),
      );
      expect(rejection).toMatchObject({
        code: 'payload-refused',
        message: expect.stringContaining(
          'is not sealed: new input must be sealed, even while PASSEND_ENCRYPTION_ACCEPT_UNSEALED reads what cases recorded',
        ),
      });
      expect(await snapshot('zegel-omschakeling', switching.client)).toEqual(before);
    } finally {
      await switching.stop();
    }
  });
});

describe('passend audit verify names a payload not sealed for the case', () => {
  const verify = async (caseId: string) => {
    process.env['PASSEND_ENCRYPTION_KEY'] = server().keyBase64;
    process.env['PASSEND_ENCRYPTION_KEY_ID'] = KEY_ID;
    const run = await passend('audit', 'verify', caseId, '--address', server().env.address, '--json');
    const [result] = JSON.parse(run.stdout) as {
      ok: boolean;
      sealing: { ok: boolean; message: string; findings: { reason: string; eventType: string }[] };
    }[];
    return { code: run.code, result: result!, stdout: run.stdout };
  };

  it('passes a case whose payloads were all sealed for it', async () => {
    await server().client.startCase(start('zegel-schoon'), signaal());
    await server().client.sendEvent('zegel-schoon', event('intake.gehouden', {}));
    const { code, result, stdout } = await verify('zegel-schoon');
    expect(code, stdout).toBe(0);
    expect(result.sealing).toEqual({ ok: true, message: 'every payload sealed for this case', findings: [] });
  });

  it('fails a case holding a signal written without the key, and one holding a ciphertext from another case', async () => {
    await server().client.startCase(start('zegel-signaal-plat'), signaal());
    await server().env.client.workflow.getHandle(caseWorkflowId('zegel-signaal-plat')).signal('injected', {
      type: 'intake.gehouden',
    });
    await server().client.startCase(start('zegel-bron'), signaal());
    await server().client.sendEvent('zegel-bron', event('intake.gehouden', {}));
    const captured = await capturedEvent('zegel-bron');
    await server().client.startCase(start('zegel-signaal-kopie'), signaal());
    await clientWriting(() => captured)
      .workflow.getHandle(caseWorkflowId('zegel-signaal-kopie'))
      .signal('injected', {});
    // Neither holds the case up: the worker ignores a signal it does not handle.
    expect(
      (await server().client.sendEvent('zegel-signaal-plat', event('intake.gehouden', {}))).view.stage,
    ).toBe('intake');

    const plain = await verify('zegel-signaal-plat');
    expect(plain.code, plain.stdout).toBe(1);
    expect(plain.result.ok).toBe(false);
    expect(plain.result.sealing.findings).toEqual([
      expect.objectContaining({ reason: 'unsealed', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED' }),
    ]);
    const moved = await verify('zegel-signaal-kopie');
    expect(moved.code, moved.stdout).toBe(1);
    expect(moved.result.sealing.findings).toEqual([
      expect.objectContaining({
        reason: 'other-case',
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
        message: 'a payload sealed for another workflow, casus-zegel-bron',
      }),
    ]);
    const text = await passend('audit', 'verify', 'zegel-signaal-kopie', '--address', server().env.address);
    expect(text.stdout).toContain('sealing  REFUSED: 1 payload(s) not sealed for this case');
  });
});
