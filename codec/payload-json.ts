// Temporal payloads in proto3 JSON, as history JSON and the Codec Server protocol carry them: every bytes
// field (each metadata value, the data) in base64.
import { Buffer } from 'node:buffer';
import type { Payload } from '@temporalio/common';

/** A payload in proto3 JSON: base64 metadata values and data. */
export interface PayloadJson {
  readonly metadata: Record<string, string>;
  readonly data?: string;
}

/** The payload a proto3 JSON payload stands for (absent metadata or data read as empty). */
export function payloadFromJson(json: {
  readonly metadata?: Record<string, string> | undefined;
  readonly data?: string | undefined;
}): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(json.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(json.data ?? '', 'base64'),
  };
}

/** A payload in proto3 JSON; empty data is left out, as proto3 JSON leaves out default values. */
export function payloadToJson(payload: Payload): PayloadJson {
  const data = payload.data ?? new Uint8Array();
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value ?? new Uint8Array()).toString('base64'),
      ]),
    ),
    ...(data.length === 0 ? {} : { data: Buffer.from(data).toString('base64') }),
  };
}
