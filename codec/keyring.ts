// Where encryption keys come from: one key in the environment, or a keyring file for rotation (one key to
// encrypt with, every older key still able to decrypt). No key configured means no encryption, as before.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import { z } from 'zod';
import type { Keyring } from './aes-gcm-codec.js';
import { AesGcmCodec, KeylessCodec } from './aes-gcm-codec.js';

/** The encryption settings are unusable; the message names the variable or field and why. */
export class EncryptionConfigError extends Error {
  override readonly name = 'EncryptionConfigError';
}

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const KeyIdSchema = z
  .string()
  .regex(KEY_ID, 'a key id is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');

const KeySchema = z
  .string()
  .regex(BASE64, 'not base64')
  .refine((value) => Buffer.from(value, 'base64').length === 32, {
    message: 'must be 32 bytes (AES-256) in base64 (44 characters)',
  });

/** A keyring file: `{ "encryptWith": "2026-11", "keys": { "2026-11": "<base64 32 bytes>", … } }`. */
export const KeyringFileSchema = z
  .strictObject({
    encryptWith: KeyIdSchema,
    keys: z.record(KeyIdSchema, KeySchema).refine((keys) => Object.keys(keys).length > 0, {
      message: 'holds no keys',
    }),
  })
  .refine((file) => Object.hasOwn(file.keys, file.encryptWith), {
    message: 'names a key that is not in keys',
    path: ['encryptWith'],
  });

function issueText(issue: z.core.$ZodIssue): string {
  return `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`;
}

function singleKey(env: NodeJS.ProcessEnv): Keyring {
  const key = env['PASSEND_ENCRYPTION_KEY'] ?? '';
  const id = env['PASSEND_ENCRYPTION_KEY_ID'];
  if (id === undefined || id === '')
    throw new EncryptionConfigError(
      'PASSEND_ENCRYPTION_KEY_ID is missing: a key needs an id (set with PASSEND_ENCRYPTION_KEY)',
    );
  if (!KEY_ID.test(id))
    throw new EncryptionConfigError(
      `PASSEND_ENCRYPTION_KEY_ID: ${KeyIdSchema.safeParse(id).error?.issues[0]?.message}`,
    );
  const parsed = KeySchema.safeParse(key.trim());
  if (!parsed.success)
    throw new EncryptionConfigError(
      `PASSEND_ENCRYPTION_KEY: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  return { encryptWith: id, keys: new Map([[id, Buffer.from(parsed.data, 'base64')]]) };
}

/** Reads and checks a keyring file. */
export function readKeyringFile(path: string): Keyring {
  const where = `PASSEND_ENCRYPTION_KEYRING (${path})`;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new EncryptionConfigError(`${where}: not a readable JSON file (${(error as Error).message})`);
  }
  const parsed = KeyringFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new EncryptionConfigError(`${where}: ${parsed.error.issues.slice(0, 3).map(issueText).join('; ')}`);
  const keys = new Map(
    Object.entries(parsed.data.keys).map(([id, key]) => [id, Buffer.from(key, 'base64') as Uint8Array]),
  );
  return { encryptWith: parsed.data.encryptWith, keys };
}

/**
 * The keyring the environment configures: `PASSEND_ENCRYPTION_KEYRING` (a file), or `PASSEND_ENCRYPTION_KEY`
 * with `PASSEND_ENCRYPTION_KEY_ID`; undefined when neither is set (no encryption). Bad settings throw an
 * `EncryptionConfigError` naming the variable or the file's field.
 */
export function keyringFromEnvironment(env: NodeJS.ProcessEnv = process.env): Keyring | undefined {
  const file = env['PASSEND_ENCRYPTION_KEYRING'];
  const hasKey = (env['PASSEND_ENCRYPTION_KEY'] ?? '') !== '';
  if (file !== undefined && file !== '') {
    if (hasKey)
      throw new EncryptionConfigError(
        'PASSEND_ENCRYPTION_KEY and PASSEND_ENCRYPTION_KEYRING are both set: use one (a keyring file can hold that key)',
      );
    // The keyring names its own current key id; a key id beside it would be ignored, so it is refused instead.
    if ((env['PASSEND_ENCRYPTION_KEY_ID'] ?? '') !== '')
      throw new EncryptionConfigError(
        'PASSEND_ENCRYPTION_KEY_ID and PASSEND_ENCRYPTION_KEYRING are both set: the keyring file names its current key id',
      );
    return readKeyringFile(file);
  }
  if (hasKey) return singleKey(env);
  if ((env['PASSEND_ENCRYPTION_KEY_ID'] ?? '') !== '')
    throw new EncryptionConfigError('PASSEND_ENCRYPTION_KEY_ID is set but PASSEND_ENCRYPTION_KEY is missing');
  return undefined;
}

/**
 * `PASSEND_ENCRYPTION_ACCEPT_UNSEALED`: `true` while a namespace switches from plain to encrypted (payloads that
 * are not sealed are read, so cases recorded in plain replay); `false` or unset (the default) refuses them.
 */
export function acceptUnsealedFromEnvironment(env: NodeJS.ProcessEnv, keyring: Keyring | undefined): boolean {
  const raw = env['PASSEND_ENCRYPTION_ACCEPT_UNSEALED'];
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw !== 'true')
    throw new EncryptionConfigError(`PASSEND_ENCRYPTION_ACCEPT_UNSEALED must be true or false, not "${raw}"`);
  if (keyring === undefined)
    throw new EncryptionConfigError(
      'PASSEND_ENCRYPTION_ACCEPT_UNSEALED is set but no key is configured: it is for switching a namespace to ' +
        'encryption (set PASSEND_ENCRYPTION_KEY or PASSEND_ENCRYPTION_KEYRING beside it)',
    );
  return true;
}

/** The payload codec the environment configures, or undefined (no encryption). */
export function codecFromEnvironment(env: NodeJS.ProcessEnv = process.env): AesGcmCodec | undefined {
  const keyring = keyringFromEnvironment(env);
  const acceptUnsealed = acceptUnsealedFromEnvironment(env, keyring);
  return keyring === undefined ? undefined : new AesGcmCodec(keyring, { acceptUnsealed });
}

/**
 * The data converter for clients and workers with `codec`; without one, payloads stay unencrypted and an
 * encrypted payload met anyway fails with its key id named.
 */
export function dataConverterWith(codec: AesGcmCodec | undefined): DataConverter {
  return { payloadCodecs: [codec ?? new KeylessCodec()] };
}

/**
 * The data converter for clients and workers from the environment's encryption settings.
 * @example
 * const client = new Client({ connection, dataConverter: dataConverterFromEnvironment() });
 */
export function dataConverterFromEnvironment(env: NodeJS.ProcessEnv = process.env): DataConverter {
  return dataConverterWith(codecFromEnvironment(env));
}
