import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import { PassendClient } from '../../client/index.js';
import { AesGcmCodec } from '../../codec/index.js';
import { createCaseWorker } from '../../worker/index.js';
import { startDevEnv } from './temporal-env.js';

/** A dev server whose case worker and client encrypt payloads with one key; `env.client` has no codec. */
export interface EncryptedCaseServer {
  readonly env: TestWorkflowEnvironment;
  /** A client with the codec. */
  readonly client: PassendClient;
  readonly keyId: string;
  /** The key in base64, as PASSEND_ENCRYPTION_KEY takes it. */
  readonly keyBase64: string;
}

/**
 * Starts a dev server and the production case worker (`createCaseWorker`) with an AES-GCM codec before the
 * file's tests, and stops both after them.
 */
export function useEncryptedCaseServer(taskQueue: string, keyId: string): () => EncryptedCaseServer {
  const key = randomBytes(32);
  const codec = new AesGcmCodec({ encryptWith: keyId, keys: new Map([[keyId, key]]) });
  const dataConverter = { payloadCodecs: [codec] };
  let server: EncryptedCaseServer | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await startDevEnv();
    worker = await createCaseWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      outboxPath: join(mkdtempSync(join(tmpdir(), 'passend-outbox-')), 'outbox.jsonl'),
      dataConverter,
      // Bundling logs at INFO; tests print nothing unless something is wrong.
      logger: new DefaultLogger('WARN'),
    });
    running = worker.run();
    const client = new Client({
      connection: env.connection,
      namespace: env.namespace ?? 'default',
      dataConverter,
    });
    server = {
      env,
      client: new PassendClient(client, { taskQueue }),
      keyId,
      keyBase64: key.toString('base64'),
    };
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });
  return () => {
    if (server === undefined) throw new Error('the case server is not started yet: use it inside a test');
    return server;
  };
}
