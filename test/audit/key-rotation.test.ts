// Key rotation across a running case: the case starts under one key, the worker and client restart with a
// keyring whose new key encrypts and whose old key still decrypts, the case goes on, and its export lists both
// key ids; verify needs both.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../audit/index.js';
import { exportCase, writeAuditExport } from '../../audit/index.js';
import type { PassendClient } from '../../client/index.js';
import type { Keyring } from '../../codec/index.js';
import { event } from '../support/case-env.js';
import { runEncryptedWorker, type EncryptedWorker } from '../support/encrypted-env.js';
import { startDevEnv } from '../support/temporal-env.js';
import { passend } from '../support/cli-run.js';

const TASK_QUEUE = 'key-rotation';
const CASE_ID = 'roteren-1';
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const before: Keyring = { encryptWith: 'k-2026-05', keys: new Map([['k-2026-05', oldKey]]) };
const after: Keyring = {
  encryptWith: 'k-2026-11',
  keys: new Map([
    ['k-2026-05', oldKey],
    ['k-2026-11', newKey],
  ]),
};
const dir = mkdtempSync(join(tmpdir(), 'passend-rotation-'));
const exportFile = join(dir, `${CASE_ID}.json`);

let env: TestWorkflowEnvironment;
let worker: EncryptedWorker | undefined;

async function runWorker(keyring: Keyring): Promise<PassendClient> {
  worker = await runEncryptedWorker(env, TASK_QUEUE, keyring);
  return worker.client;
}

async function stopWorker(): Promise<void> {
  await worker?.stop();
  worker = undefined;
}

function keyringFile(name: string, keyring: Keyring): string {
  const path = join(dir, `${name}.json`);
  const keys = Object.fromEntries(
    [...keyring.keys].map(([id, key]) => [id, Buffer.from(key).toString('base64')]),
  );
  writeFileSync(path, JSON.stringify({ encryptWith: keyring.encryptWith, keys }));
  return path;
}

let exported: AuditExport;

beforeAll(async () => {
  env = await startDevEnv();
  const first = await runWorker(before);
  await first.startCase(
    { caseId: CASE_ID, organisatie: 'swv-breda', regio: 'breda' },
    event('signaal.gemeld', { regisseur: 'swv-cl-4' }),
  );
  await stopWorker();
  const second = await runWorker(after);
  const { view } = await second.sendEvent(CASE_ID, event('intake.gehouden', { locatie: 'thuis' }));
  expect(view.stage).toBe('intake');
  exported = await exportCase(second.client, CASE_ID);
  writeAuditExport(exportFile, exported);
});

afterAll(async () => {
  await stopWorker();
  await env?.teardown();
});

afterEach(() => {
  delete process.env['PASSEND_ENCRYPTION_KEYRING'];
});

describe('rotating the key while a case runs', () => {
  it('the new worker reads the payloads of the old key and writes new ones under the new key', () => {
    expect(exported.journal.map((entry) => entry.kind === 'gebeurtenis' && entry.type)).toEqual([
      'signaal.gemeld',
      'intake.gehouden',
    ]);
    expect(exported.encryption).toEqual({ algorithm: 'AES-256-GCM', keyIds: ['k-2026-05', 'k-2026-11'] });
  });

  it('verify passes with a keyring holding both keys', async () => {
    process.env['PASSEND_ENCRYPTION_KEYRING'] = keyringFile('both', after);
    const run = await passend('audit', 'verify', exportFile);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('replay   ok: run');
  });

  it('verify with only the new key names the old key id it lacks', async () => {
    process.env['PASSEND_ENCRYPTION_KEYRING'] = keyringFile('new-only', {
      encryptWith: 'k-2026-11',
      keys: new Map([['k-2026-11', newKey]]),
    });
    const run = await passend('audit', 'verify', exportFile);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'key id "k-2026-05", which the keyring does not hold (it holds "k-2026-11")',
    );
  });
});
