// Exports of encrypted cases: the histories stay as the server returns them (sealed), and whoever reads their
// payloads — the export's own final view, verify's checks, the report — opens them with the keyring here.
import { Buffer } from 'node:buffer';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { ENCRYPTION_ALGORITHM } from '../codec/index.js';
import {
  ENCRYPTED_ENCODING,
  encryptedKeyId,
  EncryptionKeyError,
  KEY_ID_METADATA,
  missingKeyMessage,
  payloadFromJson,
  payloadToJson,
} from '../codec/index.js';
import type { PayloadJson } from '../codec/index.js';
import type { RunHistory } from './history.js';

/** What an export records about encryption: the cipher and every key id its histories were sealed with. */
export interface ExportEncryption {
  readonly algorithm: typeof ENCRYPTION_ALGORITHM;
  readonly keyIds: readonly string[];
}

function isPayloadJson(value: unknown): value is PayloadJson {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const metadata = (value as { metadata?: unknown }).metadata;
  return (
    metadata !== null &&
    typeof metadata === 'object' &&
    typeof (metadata as Record<string, unknown>)['encoding'] === 'string'
  );
}

const fromBase64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

/** The key id of a sealed JSON payload, or undefined when it is not sealed. */
export function sealedKeyId(payload: unknown): string | undefined {
  if (!isPayloadJson(payload) || fromBase64(payload.metadata['encoding'] ?? '') !== ENCRYPTED_ENCODING)
    return undefined;
  const keyId = payload.metadata[KEY_ID_METADATA];
  return keyId === undefined ? '' : fromBase64(keyId);
}

function collectKeyIds(value: unknown, found: Set<string>): void {
  if (value === null || typeof value !== 'object') return;
  const keyId = sealedKeyId(value);
  if (keyId !== undefined) {
    found.add(keyId);
    return;
  }
  for (const child of Array.isArray(value) ? value : Object.values(value)) collectKeyIds(child, found);
}

/** The encryption the histories show: AES-256-GCM with the key ids found, or null when nothing is sealed. */
export function encryptionOf(histories: readonly RunHistory[]): ExportEncryption | null {
  const found = new Set<string>();
  for (const run of histories) collectKeyIds(run.history, found);
  return found.size === 0 ? null : { algorithm: 'AES-256-GCM', keyIds: [...found].sort() };
}

async function open(
  payload: PayloadJson,
  codecs: readonly PayloadCodec[],
  where: string,
): Promise<PayloadJson> {
  const keyId = sealedKeyId(payload) as string;
  let decoded = [payloadFromJson(payload)];
  try {
    // Codecs decode in the reverse of the order they encode, as Temporal applies them.
    for (const codec of [...codecs].reverse()) decoded = await codec.decode(decoded);
  } catch (error) {
    if (error instanceof EncryptionKeyError)
      throw new EncryptionKeyError(error.keyId, `${where}: ${error.message}`);
    throw error;
  }
  // No codec at all, or none that holds keys: the payload is still sealed.
  const opened = decoded[0] as Payload;
  if (encryptedKeyId(opened) !== undefined)
    throw new EncryptionKeyError(keyId, `${where}: ${missingKeyMessage(keyId)}`);
  return payloadToJson(opened);
}

async function openAll(value: unknown, codecs: readonly PayloadCodec[], where: string): Promise<unknown> {
  if (value === null || typeof value !== 'object') return value;
  if (sealedKeyId(value) !== undefined) return open(value as PayloadJson, codecs, where);
  if (Array.isArray(value)) return Promise.all(value.map((item) => openAll(item, codecs, where)));
  const entries = await Promise.all(
    Object.entries(value).map(async ([key, child]) => [key, await openAll(child, codecs, where)] as const),
  );
  return Object.fromEntries(entries);
}

/**
 * The histories with every sealed payload opened by `codecs` (the other payloads as they were). Throws an
 * `EncryptionKeyError` naming the key id when no codec is given or the keyring lacks the key.
 */
export async function openHistories(
  histories: readonly RunHistory[],
  codecs: readonly PayloadCodec[],
  workflowId: string,
): Promise<RunHistory[]> {
  if (encryptionOf(histories) === null) return [...histories];
  return Promise.all(
    histories.map(async (run) => ({
      runId: run.runId,
      history: (await openAll(
        run.history,
        codecs,
        `the history of ${workflowId} (run ${run.runId})`,
      )) as RunHistory['history'],
    })),
  );
}
