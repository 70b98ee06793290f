// What the case worker hands the workflow in place of a payload its codec refused (worker/sealed-payloads.ts).
// A codec that throws fails the whole workflow task, and Temporal hands the same Update to every retry, so a
// refused Update argument would hold the case up instead of being refused. The worker therefore decodes such a
// payload into this marker, and the workflow refuses it where it can: the Update validator, before acceptance.
// Plain data: the worker (Node) and the workflow (sandbox) both read it.
import type { Rejection } from '../core/index.js';

/** The ApplicationFailure type of a new case whose input was refused (the workflow fails, nothing opens). */
export const PAYLOAD_REFUSED = 'PayloadRefused';

/** The one key of a marker object. */
export const REFUSED_PAYLOAD_KEY = 'passend:refusedPayload';

/** Why a payload was refused: not sealed, sealed for another case (or none), or unreadable with this keyring. */
export type PayloadRefusalReason = 'unsealed' | 'other-case' | 'unreadable';

/** A refused payload, as the workflow receives it. */
export interface RefusedPayload {
  readonly reason: PayloadRefusalReason;
  readonly message: string;
  /**
   * An unsealed payload's value, present when the worker reads unsealed payloads that a history recorded before
   * encryption was turned on (`PASSEND_ENCRYPTION_ACCEPT_UNSEALED=true`). New input is refused all the same.
   */
  readonly recorded?: { readonly value: unknown };
}

/** The marker object that stands for a refused payload. */
export function refusedPayloadMarker(refused: RefusedPayload): Record<string, RefusedPayload> {
  return { [REFUSED_PAYLOAD_KEY]: refused };
}

/** The refusal a decoded value stands for, or undefined when it is an ordinary value. */
export function refusedPayloadOf(value: unknown): RefusedPayload | undefined {
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, REFUSED_PAYLOAD_KEY))
    return undefined;
  const refused = (value as Record<string, unknown>)[REFUSED_PAYLOAD_KEY];
  if (refused === null || typeof refused !== 'object') return undefined;
  const { reason, message, recorded } = refused as Record<string, unknown>;
  if (reason !== 'unsealed' && reason !== 'other-case' && reason !== 'unreadable') return undefined;
  return {
    reason,
    message: String(message),
    ...(recorded !== null && typeof recorded === 'object' && Object.hasOwn(recorded, 'value')
      ? { recorded: { value: (recorded as { value: unknown }).value } }
      : {}),
  };
}

/**
 * A value the workflow reads from its history (its input, an Update it accepted before): the value itself, or
 * for an unsealed payload recorded before encryption that the worker was told to read, the value it held.
 * Throws a plain Error otherwise, which fails the workflow task (retried) rather than the case: the worker lacks
 * a key, or a recorded payload is one this worker refuses to read.
 */
export function recordedValue<T>(value: T): T {
  const refused = refusedPayloadOf(value);
  if (refused === undefined) return value;
  if (refused.recorded !== undefined) return refused.recorded.value as T;
  throw new Error(`a payload this case recorded cannot be read: ${refused.message}`);
}

const REASONS: Record<PayloadRefusalReason, string> = {
  unsealed: 'not sealed',
  'other-case': 'sealed for another case',
  unreadable: 'not readable with the keys this worker holds',
};

/** Why an Update whose argument was refused is rejected (before acceptance, so nothing is written). */
export function payloadRejection(refused: RefusedPayload): Rejection {
  return {
    code: 'payload-refused',
    message: `the event is refused: ${refused.message}`,
    stage: null,
    issues: [{ path: '(root)', message: `the event's payload is ${REASONS[refused.reason]}` }],
  };
}
