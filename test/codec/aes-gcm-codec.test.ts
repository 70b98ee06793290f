import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  AesGcmCodec,
  EncryptionKeyError,
  encryptedKeyId,
  KeylessCodec,
  SealRefusedError,
} from '../../codec/index.js';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const meta = (payload: Payload, field: string) =>
  Buffer.from(payload.metadata?.[field] ?? []).toString('utf8');
const caseInput = { caseId: 'casus-geheim-42', payload: { regisseur: 'smw-m-01' } };

describe('AesGcmCodec', () => {
  it('round-trips a payload: metadata and data back exactly, nothing readable in between', async () => {
    const codec = new AesGcmCodec({ encryptWith: 'k1', keys: new Map([['k1', keyA]]) });
    const original = plain(caseInput);
    const [sealed] = await codec.encode([original]);
    expect(meta(sealed!, 'encoding')).toBe('binary/encrypted');
    expect(meta(sealed!, 'encryption-key-id')).toBe('k1');
    expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('casus-geheim-42');
    const [opened] = await codec.decode([sealed!]);
    expect(meta(opened!, 'encoding')).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(caseInput);
  });

  it('uses a fresh IV per payload: the same value seals differently each time', async () => {
    const codec = new AesGcmCodec({ encryptWith: 'k1', keys: new Map([['k1', keyA]]) });
    const [first, second] = await codec.encode([plain(caseInput), plain(caseInput)]);
    expect(Buffer.from(first!.data!).subarray(0, 12)).not.toEqual(Buffer.from(second!.data!).subarray(0, 12));
    expect(Buffer.from(first!.data!)).not.toEqual(Buffer.from(second!.data!));
  });

  it('refuses payloads that are not encrypted, unless told to read them (cases from before encryption)', async () => {
    const codec = new AesGcmCodec({ encryptWith: 'k1', keys: new Map([['k1', keyA]]) });
    const original = plain({ old: true });
    expect(encryptedKeyId(original)).toBeUndefined();
    await expect(codec.decode([original])).rejects.toThrow(SealRefusedError);
    const switching = new AesGcmCodec(
      { encryptWith: 'k1', keys: new Map([['k1', keyA]]) },
      { acceptUnsealed: true },
    );
    const [decoded] = await switching.decode([original]);
    expect(decoded).toBe(original);
  });

  it('refuses a tampered payload with an error naming the key id', async () => {
    const codec = new AesGcmCodec({ encryptWith: 'k1', keys: new Map([['k1', keyA]]) });
    const [sealed] = await codec.encode([plain(caseInput)]);
    const data = Buffer.from(sealed!.data!);
    data[20] = (data[20] as number) ^ 1;
    const error = await codec.decode([{ ...sealed!, data }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect((error as EncryptionKeyError).keyId).toBe('k1');
    expect((error as Error).message).toMatch(/key id "k1" fails authentication/);
  });

  it('refuses a payload whose key id was swapped for another known key', async () => {
    const both = new AesGcmCodec({
      encryptWith: 'k1',
      keys: new Map([
        ['k1', keyA],
        ['k2', keyB],
      ]),
    });
    const [sealed] = await both.encode([plain(caseInput)]);
    const relabelled = {
      ...sealed!,
      metadata: { ...sealed!.metadata, 'encryption-key-id': Buffer.from('k2') },
    };
    await expect(both.decode([relabelled])).rejects.toThrow(/key id "k2" fails authentication/);
  });

  it('names an unknown key id and the ids it does hold', async () => {
    const writer = new AesGcmCodec({ encryptWith: 'k-old', keys: new Map([['k-old', keyA]]) });
    const reader = new AesGcmCodec({ encryptWith: 'k-new', keys: new Map([['k-new', keyB]]) });
    const [sealed] = await writer.encode([plain(caseInput)]);
    const error = await reader.decode([sealed!]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect((error as Error).message).toContain(
      'key id "k-old", which the keyring does not hold (it holds "k-new")',
    );
  });

  it('rotates: a new key encrypts, the old key id still decrypts what it sealed', async () => {
    const before = new AesGcmCodec({ encryptWith: '2026-05', keys: new Map([['2026-05', keyA]]) });
    const [old] = await before.encode([plain({ sealed: 'before' })]);
    const after = new AesGcmCodec({
      encryptWith: '2026-11',
      keys: new Map([
        ['2026-05', keyA],
        ['2026-11', keyB],
      ]),
    });
    const [fresh] = await after.encode([plain({ sealed: 'after' })]);
    expect(encryptedKeyId(fresh!)).toBe('2026-11');
    const [oldOpened, freshOpened] = await after.decode([old!, fresh!]);
    expect(defaultPayloadConverter.fromPayload(oldOpened!)).toEqual({ sealed: 'before' });
    expect(defaultPayloadConverter.fromPayload(freshOpened!)).toEqual({ sealed: 'after' });
    await expect(before.decode([fresh!])).rejects.toThrow(/key id "2026-11"/);
  });

  it('refuses a keyring whose keys are not 32 bytes, or whose encryptWith is not among them', () => {
    expect(() => new AesGcmCodec({ encryptWith: 'k', keys: new Map([['k', randomBytes(16)]]) })).toThrow(
      /key "k" must be 32 bytes/,
    );
    expect(() => new AesGcmCodec({ encryptWith: 'x', keys: new Map([['k', keyA]]) })).toThrow(
      /encryptWith "x" is not one of the keyring's keys/,
    );
  });
});

describe('KeylessCodec (no key configured)', () => {
  it('leaves payloads unencrypted and reads plain ones as they are', async () => {
    const keyless = new KeylessCodec();
    const original = plain(caseInput);
    expect(await keyless.encode([original])).toEqual([original]);
    expect(await keyless.decode([original])).toEqual([original]);
  });

  it('refuses an encrypted payload naming its key id, instead of an unknown encoding', async () => {
    const writer = new AesGcmCodec({ encryptWith: 'k-2026', keys: new Map([['k-2026', keyA]]) });
    const [sealed] = await writer.encode([plain(caseInput)]);
    const error = await new KeylessCodec().decode([sealed!]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect((error as Error).message).toMatch(
      /^a payload is encrypted with key id "k-2026" and no key is configured: set PASSEND_ENCRYPTION_KEY/,
    );
  });
});
