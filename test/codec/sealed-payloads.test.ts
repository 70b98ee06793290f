// Issue 10, item 4: a seal binds the case. Payloads are sealed for the workflow the SDK's serialization context
// names; one read in another case, or one not sealed at all, is refused with its reason; payloads sealed before
// the binding (format 1, the fault run's recorded histories) are still read.
import { Buffer } from 'node:buffer';
import { createCipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Payload, SerializationContext } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import {
  AesGcmCodec,
  codecFromEnvironment,
  EncryptionConfigError,
  EncryptionKeyError,
  payloadFromJson,
  SealRefusedError,
} from '../../codec/index.js';
import { CaseWorkerCodec } from '../../worker/index.js';
import { recordedValue, refusedPayloadOf } from '../../workflows/refused-payload.js';

const key = randomBytes(32);
const keyring = { encryptWith: 'k1', keys: new Map([['k1', key]]) };
const codec = new AesGcmCodec(keyring);
const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const meta = (payload: Payload, field: string) =>
  Buffer.from(payload.metadata?.[field] ?? []).toString('utf8');
const inCase = (workflowId: string): SerializationContext => ({
  type: 'workflow',
  namespace: 'default',
  workflowId,
});
const event = { type: 'intake.gehouden', payload: {}, idempotencyKey: 'a/2' };

/** A payload sealed as the codec did before this change: associated data the key id alone, no format field. */
function sealedInFormatOne(payload: Payload, keyId: string, bytes: Uint8Array): Payload {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', bytes, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const inner = proto.temporal.api.common.v1.Payload.encode(payload).finish();
  const data = Buffer.concat([iv, cipher.update(inner), cipher.final(), cipher.getAuthTag()]);
  return {
    metadata: { encoding: Buffer.from('binary/encrypted'), 'encryption-key-id': Buffer.from(keyId) },
    data,
  };
}

describe('a seal binds the case', () => {
  it('seals in format 2 for the workflow the context names, and opens there', async () => {
    const [sealed] = await codec.encode([plain(event)], inCase('casus-a'));
    expect(meta(sealed!, 'encryption-format')).toBe('2');
    expect(meta(sealed!, 'encryption-workflow-id')).toBe('casus-a');
    const [opened] = await codec.decode([sealed!], inCase('casus-a'));
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(event);
    // Activities belong to the workflow that scheduled them.
    const activity: SerializationContext = {
      type: 'activity',
      namespace: 'default',
      workflowId: 'casus-a',
      isLocal: false,
    };
    await expect(codec.decode([sealed!], activity)).resolves.toHaveLength(1);
  });

  it('refuses a payload moved to another case, naming both workflows', async () => {
    const [sealed] = await codec.encode([plain(event)], inCase('casus-a'));
    const error = await codec.decode([sealed!], inCase('casus-b')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SealRefusedError);
    expect(error).toMatchObject({ reason: 'other-case', workflowId: 'casus-b', sealedFor: 'casus-a' });
    expect((error as Error).message).toBe(
      'a payload of casus-b is sealed for another workflow, casus-a: a sealed payload is read only in the case ' +
        'it was written for (copied from another case?)',
    );
  });

  it('fails authentication when the workflow named in the metadata is edited to the other case', async () => {
    const [sealed] = await codec.encode([plain(event)], inCase('casus-a'));
    const relabelled = {
      ...sealed!,
      metadata: { ...sealed!.metadata, 'encryption-workflow-id': Buffer.from('casus-b') },
    };
    await expect(codec.decode([relabelled], inCase('casus-b'))).rejects.toThrow(
      /key id "k1" fails authentication/,
    );
  });

  it('refuses a payload sealed for no workflow where a case reads it; opens it without a context', async () => {
    const [unbound] = await codec.encode([plain(event)]);
    expect(unbound!.metadata?.['encryption-workflow-id']).toBeUndefined();
    await expect(codec.decode([unbound!], inCase('casus-a'))).rejects.toThrow(
      'a payload of casus-a is sealed for no workflow',
    );
    const [opened] = await codec.decode([unbound!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(event);
  });

  it('opens a case-bound payload without a context (the codec server, an export), for the case it names', async () => {
    const [sealed] = await codec.encode([plain(event)], inCase('casus-a'));
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(event);
  });

  it('refuses an unsealed payload with the reason and the case', async () => {
    const error = await codec.decode([plain(event)], inCase('casus-a')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SealRefusedError);
    expect(error).toMatchObject({ reason: 'unsealed', workflowId: 'casus-a' });
    expect((error as Error).message).toMatch(
      /^a payload of casus-a is not sealed \(encoding json\/plain\): with encryption on, only payloads encrypted/,
    );
  });

  it('refuses a format it does not know, naming it', async () => {
    const [sealed] = await codec.encode([plain(event)], inCase('casus-a'));
    const future = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-format': Buffer.from('3') } };
    const error = await codec.decode([future], inCase('casus-a')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect((error as Error).message).toContain('is sealed in format "3", which this version does not read');
  });
});

describe('payloads sealed before the binding (format 1)', () => {
  it('are still read, in any case (their associated data names no case)', async () => {
    const old = sealedInFormatOne(plain(event), 'k1', key);
    for (const context of [inCase('casus-a'), inCase('casus-b'), undefined]) {
      const [opened] = await codec.decode([old], context);
      expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(event);
    }
  });

  it("opens the fault run's recorded start input with its keyring", async () => {
    const fixture = (name: string) =>
      fileURLToPath(new URL(`../fixtures/fault-histories/${name}`, import.meta.url));
    const history = JSON.parse(readFileSync(fixture('crash-1.history.json'), 'utf8')) as {
      events: {
        workflowExecutionStartedEventAttributes?: {
          input: { payloads: { metadata: Record<string, string>; data: string }[] };
        };
      }[];
    };
    const recorded = payloadFromJson(
      history.events[0]!.workflowExecutionStartedEventAttributes!.input.payloads[0]!,
    );
    expect(recorded.metadata?.['encryption-format']).toBeUndefined();
    const reader = codecFromEnvironment({ PASSEND_ENCRYPTION_KEYRING: fixture('keyring.json') })!;
    const [opened] = await reader.decode([recorded], inCase('casus-crash-1'));
    expect(defaultPayloadConverter.fromPayload(opened!)).toMatchObject({ start: { caseId: 'crash-1' } });
  });
});

describe('the case worker reads a refused payload of a case as a marker the workflow refuses', () => {
  const worker = new CaseWorkerCodec(codec);
  const decodeOne = async (payload: Payload, codecOf = worker) =>
    defaultPayloadConverter.fromPayload((await codecOf.decode([payload], inCase('casus-b')))[0]!);

  it('an unsealed payload and a moved one become markers with their reason; sealed ones open', async () => {
    expect(refusedPayloadOf(await decodeOne(plain(event)))).toMatchObject({ reason: 'unsealed' });
    const [moved] = await codec.encode([plain(event)], inCase('casus-a'));
    expect(refusedPayloadOf(await decodeOne(moved!))).toMatchObject({
      reason: 'other-case',
      message: expect.stringContaining('sealed for another workflow, casus-a'),
    });
    const [own] = await codec.encode([plain(event)], inCase('casus-b'));
    expect(await decodeOne(own!)).toEqual(event);
  });

  it('a payload sealed with a key it lacks becomes an unreadable marker, which fails the task on replay', async () => {
    const other = new AesGcmCodec({ encryptWith: 'k9', keys: new Map([['k9', randomBytes(32)]]) });
    const [sealed] = await other.encode([plain(event)], inCase('casus-b'));
    const marker = await decodeOne(sealed!);
    expect(refusedPayloadOf(marker)).toMatchObject({ reason: 'unreadable' });
    expect(() => recordedValue(marker)).toThrow(
      /^a payload this case recorded cannot be read: .*key id "k9"/,
    );
  });

  it('in the switch-over mode, an unsealed payload carries its value for a replay, and is refused as new input', async () => {
    const switching = new CaseWorkerCodec(new AesGcmCodec(keyring, { acceptUnsealed: true }));
    const marker = await decodeOne(plain(event), switching);
    expect(refusedPayloadOf(marker)).toMatchObject({ reason: 'unsealed', recorded: { value: event } });
    expect(recordedValue(marker)).toEqual(event);
    const strict = await decodeOne(plain(event));
    expect(() => recordedValue(strict)).toThrow(/is not sealed/);
  });

  it("leaves activities' payloads to the codec, which throws", async () => {
    const activity: SerializationContext = { type: 'activity', namespace: 'default', isLocal: false };
    await expect(worker.decode([plain(event)], activity)).rejects.toThrow(SealRefusedError);
  });
});

describe('PASSEND_ENCRYPTION_ACCEPT_UNSEALED', () => {
  const withKey = { PASSEND_ENCRYPTION_KEY: key.toString('base64'), PASSEND_ENCRYPTION_KEY_ID: 'k1' };

  it('is off by default and takes true or false', () => {
    expect(codecFromEnvironment(withKey)?.acceptUnsealed).toBe(false);
    expect(
      codecFromEnvironment({ ...withKey, PASSEND_ENCRYPTION_ACCEPT_UNSEALED: 'false' })?.acceptUnsealed,
    ).toBe(false);
    expect(
      codecFromEnvironment({ ...withKey, PASSEND_ENCRYPTION_ACCEPT_UNSEALED: 'true' })?.acceptUnsealed,
    ).toBe(true);
  });

  it('names the variable for another value, and refuses it without a key', () => {
    expect(() => codecFromEnvironment({ ...withKey, PASSEND_ENCRYPTION_ACCEPT_UNSEALED: 'yes' })).toThrow(
      new EncryptionConfigError('PASSEND_ENCRYPTION_ACCEPT_UNSEALED must be true or false, not "yes"'),
    );
    expect(() => codecFromEnvironment({ PASSEND_ENCRYPTION_ACCEPT_UNSEALED: 'true' })).toThrow(
      /^PASSEND_ENCRYPTION_ACCEPT_UNSEALED is set but no key is configured/,
    );
  });
});
