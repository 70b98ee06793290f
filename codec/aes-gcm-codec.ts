// Encryption of Temporal payloads: every payload a client or worker sends (workflow inputs, Update arguments
// and answers, query results, activity arguments, the final result) is sealed with AES-256-GCM before it
// reaches the server, so the server's database and its history exports hold no case content in the clear.
// Search attributes and workflow ids are not payloads a codec sees: they stay readable (ids and enums only).
//
// A seal binds the case: the SDK (1.24) hands codecs a serialization context naming the workflow a payload
// belongs to, and that workflow id goes into the AES-GCM associated data beside the key id, so a ciphertext
// copied into another case fails there. With a key configured, a payload that is not sealed is refused.
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import proto from '@temporalio/proto';

/** The payload encoding of a sealed payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata field naming the key a payload was sealed with. */
export const KEY_ID_METADATA = 'encryption-key-id';
/**
 * The metadata field naming the sealing format: absent in format 1 (before payloads were bound to their case:
 * the associated data is the key id alone), `2` since (the key id and the workflow id).
 */
export const SEAL_FORMAT_METADATA = 'encryption-format';
/** The metadata field naming the workflow a format-2 payload is sealed for; absent when sealed for none. */
export const WORKFLOW_ID_METADATA = 'encryption-workflow-id';
/** The sealing format new payloads are written in. */
export const SEAL_FORMAT = 2;
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

/** Why a payload was refused although the key to read it may be at hand. */
export type SealRefusal = 'unsealed' | 'other-case';

/**
 * A payload refused before it is read: with a key configured it is not sealed (`unsealed`), or it is sealed for
 * another workflow, or for none, where this one's was expected (`other-case`). Names the workflow and the reason.
 */
export class SealRefusedError extends Error {
  override readonly name = 'SealRefusedError';
  constructor(
    readonly reason: SealRefusal,
    /** The workflow the payload was read for, when the SDK said. */
    readonly workflowId: string | undefined,
    message: string,
    /** The workflow a format-2 payload is sealed for (`null`: for none); undefined when not sealed. */
    readonly sealedFor?: string | null,
  ) {
    super(message);
  }
}

/** How an `AesGcmCodec` reads payloads that are not sealed. */
export interface AesGcmCodecOptions {
  /**
   * Read payloads that are not sealed as they are, instead of refusing them: for a namespace switched from plain
   * to encrypted while cases recorded in plain still run (`PASSEND_ENCRYPTION_ACCEPT_UNSEALED`). Off by default.
   * The case worker still refuses new unsealed input (see worker/sealed-payloads.ts).
   */
  readonly acceptUnsealed?: boolean;
}

const PayloadProto = proto.temporal.api.common.v1.Payload;

/** The workflow a payload belongs to, as the SDK's serialization context names it (activities: their workflow). */
export function contextWorkflowId(context: SerializationContext | undefined): string | undefined {
  return context?.workflowId === '' ? undefined : context?.workflowId;
}

/**
 * The associated data of a seal. Format 1 bound the key id alone; format 2 binds the format, the key id and the
 * workflow id, as a JSON array so that no two different triples give the same bytes.
 */
function associatedData(format: 1 | 2, keyId: string, workflowId: string | null): Buffer {
  if (format === 1) return Buffer.from(keyId, 'utf8');
  return Buffer.from(JSON.stringify(['passend-routes/aes-256-gcm', format, keyId, workflowId]), 'utf8');
}

const where = (workflowId: string | undefined) =>
  workflowId === undefined ? 'a payload' : `a payload of ${workflowId}`;

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

/** The workflow a sealed payload's metadata says it is sealed for (format 2), or undefined. */
export function sealedWorkflowId(payload: Payload): string | undefined {
  return text(payload.metadata?.[WORKFLOW_ID_METADATA]);
}

/**
 * A Temporal `PayloadCodec` sealing each payload with AES-256-GCM under the keyring's current key: a random
 * 12-byte IV per payload, the whole original payload (metadata and data) inside, and in the metadata the key id,
 * the format and the workflow the SDK's serialization context names, both bound to the ciphertext as associated
 * data. Decoding refuses a payload that is not sealed (unless `acceptUnsealed`), one sealed for another workflow
 * than the context names, an unknown key id and a failed authentication, each with a typed error. Payloads
 * sealed in format 1 (key id only) are still read, so histories recorded before the binding replay.
 * @example
 * const codec = new AesGcmCodec({ encryptWith: '2026-11', keys: new Map([['2026-11', key]]) });
 * const client = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
 */
export class AesGcmCodec implements PayloadCodec {
  private readonly keyring: Keyring;
  /** Whether payloads that are not sealed are read as they are (see `AesGcmCodecOptions`). */
  readonly acceptUnsealed: boolean;

  constructor(keyring: Keyring, options: AesGcmCodecOptions = {}) {
    for (const [id, key] of keyring.keys) {
      if (key.length !== KEY_BYTES)
        throw new RangeError(`key "${id}" must be ${KEY_BYTES} bytes (AES-256), not ${key.length}`);
    }
    if (!keyring.keys.has(keyring.encryptWith))
      throw new RangeError(`encryptWith "${keyring.encryptWith}" is not one of the keyring's keys`);
    this.keyring = keyring;
    this.acceptUnsealed = options.acceptUnsealed ?? false;
  }

  /** The id of the key new payloads are sealed with. */
  get keyId(): string {
    return this.keyring.encryptWith;
  }

  /** The ids of every key this codec can decrypt with. */
  get keyIds(): readonly string[] {
    return [...this.keyring.keys.keys()];
  }

  /** Seals every payload with the current key, for the workflow the context names (none without one). */
  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const workflowId = contextWorkflowId(context) ?? null;
    return payloads.map((payload) => this.seal(payload, workflowId));
  }

  /**
   * Opens sealed payloads with the key their metadata names. With a context, a format-2 payload must be sealed
   * for the context's workflow; without one (the codec server, an audit reading an export) it opens for the
   * workflow it names, which the associated data vouches for.
   */
  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const workflowId = contextWorkflowId(context);
    return payloads.map((payload) => this.open(payload, workflowId));
  }

  private seal(payload: Payload, workflowId: string | null): Payload {
    const keyId = this.keyring.encryptWith;
    const key = this.keyring.keys.get(keyId) as Uint8Array;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(associatedData(SEAL_FORMAT, keyId, workflowId));
    const plain = PayloadProto.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        encoding: Buffer.from(ENCRYPTED_ENCODING, 'utf8'),
        [KEY_ID_METADATA]: Buffer.from(keyId, 'utf8'),
        [SEAL_FORMAT_METADATA]: Buffer.from(String(SEAL_FORMAT), 'utf8'),
        ...(workflowId === null ? {} : { [WORKFLOW_ID_METADATA]: Buffer.from(workflowId, 'utf8') }),
      },
      data: sealed,
    };
  }

  /** The format and the workflow a sealed payload's metadata names; throws on a format this code cannot read. */
  private sealing(payload: Payload, keyId: string): { format: 1 | 2; sealedFor: string | null } {
    const format = text(payload.metadata?.[SEAL_FORMAT_METADATA]);
    if (format === undefined) return { format: 1, sealedFor: null };
    if (format !== String(SEAL_FORMAT))
      throw new EncryptionKeyError(
        keyId,
        `a payload encrypted with key id "${keyId}" is sealed in format "${format}", which this version does not ` +
          'read (it reads formats 1 and 2): a newer version wrote it',
      );
    return { format: SEAL_FORMAT, sealedFor: sealedWorkflowId(payload) ?? null };
  }

  private open(payload: Payload, workflowId: string | undefined): Payload {
    const keyId = encryptedKeyId(payload);
    if (keyId === undefined) {
      if (this.acceptUnsealed) return payload;
      throw new SealRefusedError(
        'unsealed',
        workflowId,
        `${where(workflowId)} is not sealed (encoding ${text(payload.metadata?.['encoding']) ?? 'none'}): with ` +
          'encryption on, only payloads encrypted by a client or worker holding the key are read. One written ' +
          'without the key is refused; for cases recorded before encryption was turned on, see ' +
          'PASSEND_ENCRYPTION_ACCEPT_UNSEALED',
      );
    }
    const { format, sealedFor } = this.sealing(payload, keyId);
    if (format === SEAL_FORMAT && workflowId !== undefined && sealedFor !== workflowId) {
      throw new SealRefusedError(
        'other-case',
        workflowId,
        `${where(workflowId)} is sealed for ` +
          (sealedFor === null ? 'no workflow' : `another workflow, ${sealedFor}`) +
          ': a sealed payload is read only in the case it was written for (copied from another case?)',
        sealedFor,
      );
    }
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
    decipher.setAAD(associatedData(format, keyId, sealedFor));
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
