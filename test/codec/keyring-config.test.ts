import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  codecFromEnvironment,
  dataConverterFromEnvironment,
  EncryptionConfigError,
  KeylessCodec,
  keyringFromEnvironment,
} from '../../codec/index.js';

const key = randomBytes(32).toString('base64');
const dir = mkdtempSync(join(tmpdir(), 'passend-keyring-'));

function keyringFile(content: unknown): string {
  const path = join(dir, `keyring-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function configError(env: NodeJS.ProcessEnv): string {
  try {
    keyringFromEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(EncryptionConfigError);
    return (error as Error).message;
  }
  throw new Error('expected an EncryptionConfigError');
}

describe('encryption configuration', () => {
  it('is off when nothing is configured: the converter encrypts nothing', () => {
    expect(keyringFromEnvironment({})).toBeUndefined();
    expect(codecFromEnvironment({})).toBeUndefined();
    const [codec] = dataConverterFromEnvironment({}).payloadCodecs ?? [];
    expect(codec).toBeInstanceOf(KeylessCodec);
  });

  it('takes one key from PASSEND_ENCRYPTION_KEY with its id', () => {
    const codec = codecFromEnvironment({ PASSEND_ENCRYPTION_KEY: key, PASSEND_ENCRYPTION_KEY_ID: 'k-2026' });
    expect(codec?.keyId).toBe('k-2026');
    expect(
      dataConverterFromEnvironment({ PASSEND_ENCRYPTION_KEY: key, PASSEND_ENCRYPTION_KEY_ID: 'k-2026' }),
    ).toMatchObject({ payloadCodecs: [{ keyId: 'k-2026' }] });
  });

  it('names the variable and the reason for a bad single key', () => {
    expect(configError({ PASSEND_ENCRYPTION_KEY: key })).toMatch(/^PASSEND_ENCRYPTION_KEY_ID is missing/);
    expect(configError({ PASSEND_ENCRYPTION_KEY_ID: 'k' })).toMatch(/PASSEND_ENCRYPTION_KEY is missing/);
    expect(
      configError({
        PASSEND_ENCRYPTION_KEY: randomBytes(16).toString('base64'),
        PASSEND_ENCRYPTION_KEY_ID: 'k',
      }),
    ).toMatch(/^PASSEND_ENCRYPTION_KEY: must be 32 bytes/);
    expect(configError({ PASSEND_ENCRYPTION_KEY: 'not*base64!', PASSEND_ENCRYPTION_KEY_ID: 'k' })).toBe(
      'PASSEND_ENCRYPTION_KEY: not base64',
    );
    expect(configError({ PASSEND_ENCRYPTION_KEY: key, PASSEND_ENCRYPTION_KEY_ID: 'bad id!' })).toMatch(
      /^PASSEND_ENCRYPTION_KEY_ID: a key id is/,
    );
  });

  it('refuses a key id beside a keyring, which names its own current key', () => {
    expect(
      configError({
        PASSEND_ENCRYPTION_KEYRING: '/nowhere/keyring.json',
        PASSEND_ENCRYPTION_KEY_ID: 'k-2026',
      }),
    ).toMatch(/^PASSEND_ENCRYPTION_KEY_ID and PASSEND_ENCRYPTION_KEYRING are both set/);
  });

  it('reads a keyring file: one key encrypts, every key decrypts', () => {
    const old = randomBytes(32).toString('base64');
    const path = keyringFile({ encryptWith: '2026-11', keys: { '2026-05': old, '2026-11': key } });
    const keyring = keyringFromEnvironment({ PASSEND_ENCRYPTION_KEYRING: path });
    expect(keyring?.encryptWith).toBe('2026-11');
    expect([...(keyring?.keys.keys() ?? [])]).toEqual(['2026-05', '2026-11']);
  });

  it('names the file and the field of a bad keyring', () => {
    const at = (content: unknown) => configError({ PASSEND_ENCRYPTION_KEYRING: keyringFile(content) });
    expect(at('{not json')).toMatch(/^PASSEND_ENCRYPTION_KEYRING \(.*\): not a readable JSON file/);
    expect(at({ encryptWith: 'b', keys: { a: key } })).toMatch(
      /encryptWith: names a key that is not in keys/,
    );
    expect(at({ encryptWith: 'a', keys: { a: 'c2hvcnQ=' } })).toMatch(/keys\.a: must be 32 bytes/);
    expect(at({ keys: { a: key } })).toMatch(/encryptWith: /);
    expect(at({ encryptWith: 'a', keys: { a: key }, extra: 1 })).toMatch(/extra/);
    expect(configError({ PASSEND_ENCRYPTION_KEYRING: join(dir, 'missing.json') })).toMatch(
      /missing\.json\): not a readable JSON file/,
    );
  });

  it('refuses a key and a keyring at once', () => {
    expect(
      configError({
        PASSEND_ENCRYPTION_KEY: key,
        PASSEND_ENCRYPTION_KEY_ID: 'k',
        PASSEND_ENCRYPTION_KEYRING: 'x',
      }),
    ).toMatch(/both set/);
  });
});
