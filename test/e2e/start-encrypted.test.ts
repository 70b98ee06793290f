// End to end: `npm start` with payload encryption on. The demo cases are stored sealed, and the Temporal Web UI
// is pointed at a codec server on the loopback interface that opens them for it (and for nobody else's origin).
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadToJson } from '../../codec/index.js';
import { caseWorkflowId } from '../../workflows/definitions.js';
import { freePorts, portIsFree, StartedStack } from './started-stack.js';

const READY_MS = 90_000;
const STOP_MS = 30_000;
const KEY_ID = 'e2e-2026-11';

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('npm start with payload encryption: the Web UI opens payloads through the codec server', () => {
  let dataDir = '';
  let ports: number[] = [];
  let stack: StartedStack | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'passend-e2e-encrypted-'));
    ports = await freePorts(4);
    const [temporalPort, uiPort, httpPort, codecPort] = ports.map(String);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PASSEND_DATA: dataDir,
      PASSEND_TEMPORAL_PORT: temporalPort,
      PASSEND_UI_PORT: uiPort,
      PASSEND_HTTP_PORT: httpPort,
      PASSEND_CODEC_PORT: codecPort,
      PASSEND_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PASSEND_ENCRYPTION_KEY_ID: KEY_ID,
    };
    delete env['PASSEND_ENCRYPTION_KEYRING'];
    stack = new StartedStack(env);
    await stack.waitForStdout('[passend] ready; Ctrl-C stops everything', READY_MS);
  }, READY_MS + 10_000);

  afterAll(async () => {
    await stack?.destroy(dataDir);
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  const codecUrl = () => `http://127.0.0.1:${ports[3]}`;
  const uiOrigin = () => `http://localhost:${ports[1]}`;

  it('says where the codec server is and tells the Web UI to use it', async () => {
    expect(stack?.stdout, stack?.output).toContain(
      `[passend] codec      ${codecUrl()} (the Web UI opens payloads through it)`,
    );
    const settings = await fetch(`http://127.0.0.1:${ports[1]}/api/v1/settings`);
    expect(settings.status).toBe(200);
    const body = (await settings.json()) as { Codec?: { Endpoint?: string } };
    expect(body.Codec?.Endpoint).toBe(codecUrl());
  });

  it('opens a sealed history payload of a demo case for the UI origin, and refuses another origin', async () => {
    const connection = await Connection.connect({ address: `127.0.0.1:${ports[0]}` });
    try {
      const { history } = await connection.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId: caseWorkflowId('demo-levi') },
      });
      const input = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      expect(text(input?.metadata?.['encoding'])).toBe('binary/encrypted');
      expect(text(input?.metadata?.['encryption-key-id'])).toBe(KEY_ID);
      expect(text(input?.data)).not.toContain('demo-levi');
      const sealed = payloadToJson(input ?? {});
      const decode = (origin: string) =>
        fetch(`${codecUrl()}/decode`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin, 'x-namespace': 'default' },
          body: JSON.stringify({ payloads: [sealed] }),
        });
      const opened = await decode(uiOrigin());
      expect(opened.status).toBe(200);
      const [payload] = ((await opened.json()) as { payloads: { data: string }[] }).payloads;
      const value = JSON.parse(Buffer.from(payload?.data ?? '', 'base64').toString('utf8')) as {
        start: { caseId: string };
      };
      expect(value.start.caseId).toBe('demo-levi');
      expect((await decode('http://elsewhere.example')).status).toBe(403);
    } finally {
      await connection.close();
    }
  });

  it('stops the codec server with everything else on Ctrl-C', async () => {
    const started = stack as StartedStack;
    started.signal('SIGINT');
    const exit = await started.waitForExit(STOP_MS);
    expect(exit.code, started.output).toBe(0);
    expect(await portIsFree(ports[3] ?? 0)).toBe(true);
  });
});
