import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { Client } from '@temporalio/client';
import { caseWorkflowId, PassendClient } from '../../client/index.js';
import { dataConverterWith } from '../../codec/index.js';
import { event } from '../support/case-env.js';
import { useEncryptedCaseServer } from '../support/encrypted-env.js';

const server = useEncryptedCaseServer('encrypted-payloads', 'test-key-1');

interface FoundPayload {
  readonly path: string;
  readonly encoding: string;
  readonly keyId: string | undefined;
  readonly data: Buffer;
}

/** Every payload in a raw history (as the server stores it), with where it sits. */
function payloadsIn(value: unknown, path = '', found: FoundPayload[] = []): FoundPayload[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return found;
  const record = value as Record<string, unknown>;
  const metadata = record['metadata'] as Record<string, Uint8Array> | undefined;
  if (metadata?.['encoding'] instanceof Uint8Array) {
    const keyId = metadata['encryption-key-id'];
    found.push({
      path,
      encoding: Buffer.from(metadata['encoding']).toString('utf8'),
      keyId: keyId === undefined ? undefined : Buffer.from(keyId).toString('utf8'),
      data: Buffer.from((record['data'] as Uint8Array | undefined) ?? []),
    });
    return found;
  }
  for (const [key, child] of Object.entries(record)) payloadsIn(child, `${path}.${key}`, found);
  return found;
}

describe('payloads are encrypted when the worker and client use the codec', () => {
  it('stores binary/encrypted inputs, Update arguments and answers, with no case id in the clear; the client reads them back', async () => {
    const caseId = 'geheim-sluitend-7';
    const started = await server().client.startCase(
      { caseId, organisatie: 'swv-breda', regio: 'breda' },
      event(
        'signaal.gemeld',
        { regisseur: 'swv-cl-4' },
        { actor: { role: 'intern-begeleider', id: 'ib-1' } },
      ),
    );
    expect(started.stage).toBe('signaal');
    const sent = await server().client.sendEvent(caseId, event('intake.gehouden', { locatie: 'thuis' }));
    expect(sent.view.stage).toBe('intake');
    const view = await server().client.getCase(caseId);
    expect(view).toMatchObject({ caseId, stage: 'intake', regisseur: 'swv-cl-4' });
    expect(view.journal).toHaveLength(2);

    const raw = await server().env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const payloads = (raw.events ?? []).flatMap((historyEvent, index) =>
      payloadsIn(historyEvent, `events[${index}]`),
    );
    const attributes = payloads.filter((payload) => payload.path.includes('.searchAttributes.'));
    // A patch marker's details would be written by the SDK's core, outside any codec. A case started by this client
    // carries its workflow version in its (encrypted) input instead, so its history holds no marker at all.
    const patchMarkers = payloads.filter((payload) =>
      payload.path.includes('markerRecordedEventAttributes.'),
    );
    expect(patchMarkers.map((payload) => payload.data.toString('utf8'))).toEqual([]);
    const content = payloads.filter(
      (payload) => !payload.path.includes('.searchAttributes.') && !patchMarkers.includes(payload),
    );
    // Search attributes are not encoded by codecs (Temporal indexes them): ids and enums only, in the clear.
    expect(attributes.length).toBeGreaterThan(0);
    expect(new Set(attributes.map((payload) => payload.encoding))).toEqual(new Set(['json/plain']));
    expect(
      content.some((payload) => payload.path.includes('workflowExecutionStartedEventAttributes.input')),
    ).toBe(true);
    expect(content.some((payload) => payload.path.includes('acceptedRequest.input.args'))).toBe(true);
    expect(content.some((payload) => payload.path.includes('outcome.success'))).toBe(true);
    for (const payload of content) {
      expect(payload.encoding, payload.path).toBe('binary/encrypted');
      expect(payload.keyId, payload.path).toBe('test-key-1');
      const bytes = payload.data.toString('latin1');
      for (const plain of [caseId, 'swv-cl-4', 'signaal.gemeld', 'intake.gehouden'])
        expect(bytes, `${payload.path} holds ${plain}`).not.toContain(plain);
    }
  });

  it('a client without the key cannot read the case; ours says which key id it lacks', async () => {
    const caseId = 'geheim-zonder-sleutel';
    await server().client.startCase(
      { caseId, organisatie: 'swv-breda', regio: 'breda' },
      event('signaal.gemeld', { regisseur: 'swv-cl-4' }),
    );
    const handle = server().env.client.workflow.getHandle(caseWorkflowId(caseId));
    await expect(handle.query('getCase')).rejects.toThrow(/binary\/encrypted/);
    // Our clients without a key configured get the key id named instead (KeylessCodec).
    const keyless = new PassendClient(
      new Client({ connection: server().env.connection, dataConverter: dataConverterWith(undefined) }),
    );
    await expect(keyless.getCase(caseId)).rejects.toThrow(
      'a payload is encrypted with key id "test-key-1" and no key is configured',
    );
  });
});
