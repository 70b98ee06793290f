// How the case worker reads a case's payloads with encryption on. The AES-GCM codec refuses a payload that is not
// sealed, or sealed for another case, by throwing; but a codec that throws while the worker decodes a workflow
// activation fails the whole workflow task, and Temporal hands the same Update to every retry, so a refused
// Update would hold the case up (and be retried until its caller gave up) instead of being rejected. Here such a
// payload decodes into a marker (workflows/refused-payload.ts) that the Update validator rejects before acceptance:
// the Update fails with the reason and the history gains nothing.
import { Buffer } from 'node:buffer';
import type { DataConverter, Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmCodec, EncryptionKeyError, encryptedKeyId, SealRefusedError } from '../codec/index.js';
import type { RefusedPayload } from '../workflows/refused-payload.js';
import { refusedPayloadMarker } from '../workflows/refused-payload.js';

const text = (bytes: Uint8Array | null | undefined) =>
  bytes === null || bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');

/** The value of an unsealed JSON payload (as the default converter reads it), or undefined for other encodings. */
function plainValue(payload: Payload): { value: unknown } | undefined {
  const encoding = text(payload.metadata?.['encoding']);
  if (encoding !== 'json/plain' && encoding !== 'binary/null') return undefined;
  // binary/null is `undefined`, which JSON cannot carry: null stands for it (no case input or event is either).
  return { value: defaultPayloadConverter.fromPayload(payload) ?? null };
}

/**
 * The case worker's codec over an `AesGcmCodec`: encodes as it does; decodes a workflow's payloads one by one and
 * turns a refused one into a marker the workflow refuses. Activity payloads are left to the codec (a refusal
 * fails the activity or the task and is retried): only clients write a case's workflow payloads.
 */
export class CaseWorkerCodec implements PayloadCodec {
  constructor(private readonly codec: AesGcmCodec) {}

  /** Seals as the codec does. */
  encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return this.codec.encode(payloads, context);
  }

  /** Opens as the codec does; a workflow's refused payload becomes a marker instead of an error. */
  decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    if (context?.type !== 'workflow') return this.codec.decode(payloads, context);
    return Promise.all(payloads.map((payload) => this.decodeOne(payload, context)));
  }

  private async decodeOne(payload: Payload, context: SerializationContext): Promise<Payload> {
    if (this.codec.acceptUnsealed && encryptedKeyId(payload) === undefined) {
      // The switch-over mode: the workflow reads the value where it reads its own history, refuses it as new input.
      const recorded = plainValue(payload);
      return marker({
        reason: 'unsealed',
        message:
          `a payload of ${context.workflowId} is not sealed: new input must be sealed, even while ` +
          'PASSEND_ENCRYPTION_ACCEPT_UNSEALED reads what cases recorded before encryption was turned on',
        ...(recorded === undefined ? {} : { recorded }),
      });
    }
    try {
      return (await this.codec.decode([payload], context))[0] as Payload;
    } catch (error) {
      if (error instanceof SealRefusedError) return marker({ reason: error.reason, message: error.message });
      if (error instanceof EncryptionKeyError)
        return marker({ reason: 'unreadable', message: error.message });
      throw error;
    }
  }
}

function marker(refused: RefusedPayload): Payload {
  return defaultPayloadConverter.toPayload(refusedPayloadMarker(refused));
}

/** The data converter a case worker runs with: each `AesGcmCodec` wrapped in a `CaseWorkerCodec`. */
export function caseWorkerDataConverter(dataConverter: DataConverter): DataConverter {
  const codecs = dataConverter.payloadCodecs;
  if (codecs === undefined) return dataConverter;
  return {
    ...dataConverter,
    payloadCodecs: codecs.map((codec) => (codec instanceof AesGcmCodec ? new CaseWorkerCodec(codec) : codec)),
  };
}
