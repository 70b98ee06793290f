// `passend codec` as a user runs it: a real process serving the codec protocol with the key from the
// environment, for the Web UI origin it was given, stopped with SIGTERM; and its bad command lines.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmCodec, payloadToJson } from '../../codec/index.js';
import { freePorts, ROOT } from '../e2e/started-stack.js';
import { passend } from '../support/cli-run.js';

const KEY = randomBytes(32);
const KEY_ID = 'k-cli';
const UI = 'https://temporal.example.org';

describe('passend codec', () => {
  it('serves POST /decode for the Web UI origin it was given, with the key from the environment', async () => {
    const [port] = await freePorts(1);
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'passend.js'), 'codec', '--port', String(port), '--ui-origin', UI],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          PASSEND_ENCRYPTION_KEY: KEY.toString('base64'),
          PASSEND_ENCRYPTION_KEY_ID: KEY_ID,
          PASSEND_ENCRYPTION_KEYRING: '',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!stderr.includes('Ctrl-C stops it')) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`codec did not start: ${stderr}`);
        await new Promise((done) => setTimeout(done, 100));
      }
      expect(stderr).toContain(`[passend] codec server http://127.0.0.1:${port} for ${UI}; key(s) ${KEY_ID}`);
      const codec = new AesGcmCodec({ encryptWith: KEY_ID, keys: new Map([[KEY_ID, KEY]]) });
      const [sealed] = await codec.encode([defaultPayloadConverter.toPayload({ caseId: 'c-geheim' })]);
      const body = JSON.stringify({ payloads: [payloadToJson(sealed!)] });
      const decode = (origin: string) =>
        fetch(`http://127.0.0.1:${port}/decode`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin },
          body,
        });
      const opened = await decode(UI);
      expect(opened.status).toBe(200);
      const [payload] = ((await opened.json()) as { payloads: { data: string }[] }).payloads;
      expect(JSON.parse(Buffer.from(payload?.data ?? '', 'base64').toString('utf8'))).toEqual({
        caseId: 'c-geheim',
      });
      expect((await decode('http://localhost:8233')).status).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('exits 2 naming --ui-origin when it is no origin', async () => {
    const run = await passend('codec', '--ui-origin', 'https://temporal.example.org/namespaces');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'passend: --ui-origin must be an origin (scheme, host, port; no path), such as https://temporal.example.org, not "https://temporal.example.org/namespaces"',
    );
  });

  it('exits 2 naming --port when it is no port', async () => {
    const run = await passend('codec', '--port', '80a');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('passend: --port must be a port number 0-65535, not "80a"');
  });

  it('exits 1 naming the variables when no key is configured', async () => {
    const saved = ['PASSEND_ENCRYPTION_KEY', 'PASSEND_ENCRYPTION_KEY_ID', 'PASSEND_ENCRYPTION_KEYRING'].map(
      (name) => [name, process.env[name]] as const,
    );
    for (const [name] of saved) delete process.env[name];
    try {
      const run = await passend('codec');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no encryption key is configured: set PASSEND_ENCRYPTION_KEY');
    } finally {
      for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
    }
  });
});
