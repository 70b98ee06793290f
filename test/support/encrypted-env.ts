import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { PassendClient } from '../../client/index.js';
import { AesGcmCodec, type AesGcmCodecOptions, type Keyring } from '../../codec/index.js';
import { createCaseWorker } from '../../worker/index.js';
import { orTearDown, startDevEnv, useTestServer } from './temporal-env.js';

/** A dev server whose case worker and client encrypt payloads with one key; `env.client` has no codec. */
export interface EncryptedCaseServer {
  readonly env: TestWorkflowEnvironment;
  /** A client with the codec. */
  readonly client: PassendClient;
  readonly keyId: string;
  /** The key in base64, as PASSEND_ENCRYPTION_KEY takes it. */
  readonly keyBase64: string;
}

/** A running production case worker (`createCaseWorker`) whose payloads are encrypted, and a client with its codec. */
export interface EncryptedWorker {
  readonly client: PassendClient;
  /** Shuts the worker down and waits until it has stopped. */
  stop(): Promise<void>;
}

/** Runs the production case worker with an AES-GCM codec over `keyring` on `env`, with a client that shares it. */
export async function runEncryptedWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  keyring: Keyring,
  options: AesGcmCodecOptions = {},
): Promise<EncryptedWorker> {
  const dataConverter = { payloadCodecs: [new AesGcmCodec(keyring, options)] };
  const worker = await createCaseWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    outboxPath: join(mkdtempSync(join(tmpdir(), 'passend-outbox-')), 'outbox.jsonl'),
    dataConverter,
    // Bundling logs at INFO; tests print nothing unless something is wrong.
    logger: new DefaultLogger('WARN'),
  });
  const running = worker.run();
  const client = new Client({
    connection: env.connection,
    namespace: env.namespace ?? 'default',
    dataConverter,
  });
  return {
    client: new PassendClient(client, { taskQueue }),
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}

/**
 * Starts a dev server and the production case worker with an AES-GCM codec before the file's tests, and stops
 * both after them.
 */
export function useEncryptedCaseServer(taskQueue: string, keyId: string): () => EncryptedCaseServer {
  const key = randomBytes(32);
  return useTestServer(async () => {
    const env = await startDevEnv();
    const keyring = { encryptWith: keyId, keys: new Map([[keyId, key]]) };
    const worker = await orTearDown(env, runEncryptedWorker(env, taskQueue, keyring));
    return {
      server: { env, client: worker.client, keyId, keyBase64: key.toString('base64') },
      stop: async () => {
        await worker.stop();
        await env.teardown();
      },
    };
  });
}
