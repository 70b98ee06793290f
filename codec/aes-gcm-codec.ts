// Encryption of Temporal payloads: every payload a client or worker sends (workflow inputs, Update arguments
// and answers, query results, activity arguments, the final result) is sealed with AES-256-GCM before it
// reaches the server, so the server's database and its history exports hold no case content in the clear.
// Search attributes and workflow ids are not payloads a codec sees: they stay readable (ids and enums only).
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

/** The payload encoding of a sealed payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata field naming the key a payload was sealed with. */
export const KEY_ID_METADATA = 'encryption-key-id';
/** The cipher, as audit exports name it. */
export const ENCRYPTION_ALGORITHM = 'AES-256-GCM';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Keys by id, and the id of the one new payloads are sealed with (older keys only decrypt). */
export interface Keyring {
  readonly encryptWith: string;
  readonly keys: ReadonlyMap<string, Uint8Array>;
}

/** A payload that cannot be decrypted: its key id is unknown, or it fails authentication. Names the key id. */
export class EncryptionKeyError extends Error {
  override readonly name = 'EncryptionKeyError';
  constructor(
    readonly keyId: string,
    message: string,
  ) {
    super(message);
  }
}

const PayloadProto = proto.temporal.api.common.v1.Payload;

/** What to say when a payload is encrypted and no key is configured at all. */
export function missingKeyMessage(keyId: string): string {
  return (
    `a payload is encrypted with key id "${keyId}" and no key is configured: set PASSEND_ENCRYPTION_KEY ` +
    `with PASSEND_ENCRYPTION_KEY_ID=${keyId}, or PASSEND_ENCRYPTION_KEYRING to a keyring holding it`
  );
}

function text(bytes: Uint8Array | null | undefined): string | undefined {
  return bytes === null || bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
}

/** The key id of a sealed payload, or undefined when the payload is not sealed. */
export function encryptedKeyId(payload: Payload): string | undefined {
  if (text(payload.metadata?.['encoding']) !== ENCRYPTED_ENCODING) return undefined;
  return text(payload.metadata?.[KEY_ID_METADATA]) ?? '';
}

/**
 * A Temporal `PayloadCodec` sealing each payload with AES-256-GCM under the keyring's current key: a random
 * 12-byte IV per payload, the key id in the metadata (and bound to the ciphertext as associated data), the
 * whole original payload (metadata and data) inside. Payloads that are not sealed decode unchanged, so cases
 * started before encryption was turned on keep working.
 * @example
 * const codec = new AesGcmCodec({ encryptWith: '2026-11', keys: new Map([['2026-11', key]]) });
 * const client = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
 */
export class AesGcmCodec implements PayloadCodec {
  private readonly keyring: Keyring;

  constructor(keyring: Keyring) {
    for (const [id, key] of keyring.keys) {
      if (key.length !== KEY_BYTES)
        throw new RangeError(`key "${id}" must be ${KEY_BYTES} bytes (AES-256), not ${key.length}`);
    }
    if (!keyring.keys.has(keyring.encryptWith))
      throw new RangeError(`encryptWith "${keyring.encryptWith}" is not one of the keyring's keys`);
    this.keyring = keyring;
  }

  /** The id of the key new payloads are sealed with. */
  get keyId(): string {
    return this.keyring.encryptWith;
  }

  /** The ids of every key this codec can decrypt with. */
  get keyIds(): readonly string[] {
    return [...this.keyring.keys.keys()];
  }

  /** Seals every payload with the current key. */
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.seal(payload));
  }

  /** Opens sealed payloads with the key their metadata names; passes other payloads through unchanged. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.open(payload));
  }

  private seal(payload: Payload): Payload {
    const keyId = this.keyring.encryptWith;
    const key = this.keyring.keys.get(keyId) as Uint8Array;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const plain = PayloadProto.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        encoding: Buffer.from(ENCRYPTED_ENCODING, 'utf8'),
        [KEY_ID_METADATA]: Buffer.from(keyId, 'utf8'),
      },
      data: sealed,
    };
  }

  private open(payload: Payload): Payload {
    const keyId = encryptedKeyId(payload);
    if (keyId === undefined) return payload;
    const key = this.keyring.keys.get(keyId);
    if (key === undefined) {
      const known = this.keyIds.map((id) => `"${id}"`).join(', ');
      throw new EncryptionKeyError(
        keyId,
        `a payload is encrypted with key id "${keyId}", which the keyring does not hold (it holds ${known}); ` +
          'add that key (PASSEND_ENCRYPTION_KEYRING) to read it',
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new EncryptionKeyError(
        keyId,
        `a payload encrypted with key id "${keyId}" is truncated (${data.length} bytes)`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new EncryptionKeyError(
        keyId,
        `a payload encrypted with key id "${keyId}" fails authentication: it was altered, or the key ` +
          `configured under "${keyId}" is not the key it was encrypted with`,
      );
    }
    return PayloadProto.decode(plain);
  }
}

/**
 * The codec when no key is configured: it encrypts nothing and passes plain payloads through, but refuses an
 * encrypted one with an error naming its key id, rather than Temporal's "Unknown encoding".
 */
export class KeylessCodec implements PayloadCodec {
  /** Leaves payloads as they are. */
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads;
  }

  /** Passes plain payloads through; throws an `EncryptionKeyError` on an encrypted one. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    for (const payload of payloads) {
      const keyId = encryptedKeyId(payload);
      if (keyId !== undefined) throw new EncryptionKeyError(keyId, missingKeyMessage(keyId));
    }
    return payloads;
  }
}
