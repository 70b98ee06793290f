// The codec server the Web UI calls to open sealed payloads: the Codec Server protocol over real HTTP, with the
// real AES-GCM codec, CORS for the UI's origin, and a clear answer to everything else.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodecServer } from '../../codec/index.js';
import { AesGcmCodec, payloadToJson, startCodecServer } from '../../codec/index.js';

const UI = 'http://localhost:8233';
const codec = new AesGcmCodec({ encryptWith: 'k-ui', keys: new Map([['k-ui', randomBytes(32)]]) });
const stranger = new AesGcmCodec({ encryptWith: 'k-other', keys: new Map([['k-other', randomBytes(32)]]) });
let server: CodecServer;

async function post(path: string, body: unknown, headers: Record<string, string> = { origin: UI }) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  server = await startCodecServer({ codec, allowedOrigins: [UI, 'http://127.0.0.1:8233'] });
});

afterAll(async () => {
  await server.close();
});

describe('the codec server for the Web UI', () => {
  it('listens on the loopback interface by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('opens sealed payloads for the UI, passes plain ones through, and allows its origin', async () => {
    const value = { caseId: 'casus-geheim-7', regisseur: 'smw-7' };
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(value)]);
    const plain = defaultPayloadConverter.toPayload({ plain: true });
    const { response, body } = await post('/decode', {
      payloads: [payloadToJson(sealed!), payloadToJson(plain)],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI);
    const [opened, passed] = (body['payloads'] as { metadata: Record<string, string>; data: string }[]).map(
      (json) => JSON.parse(Buffer.from(json.data, 'base64').toString('utf8')) as unknown,
    );
    expect(opened).toEqual(value);
    expect(passed).toEqual({ plain: true });
  });

  it('answers under a namespace too, as the CLI templates its codec endpoint', async () => {
    const { response } = await post('/default/decode', { payloads: [] });
    expect(response.status).toBe(200);
  });

  it('answers the CORS preflight of the UI', async () => {
    const response = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI);
    expect(response.headers.get('access-control-allow-methods')).toBe('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-namespace');
  });

  it('refuses another browser origin', async () => {
    const { response, body } = await post('/decode', { payloads: [] }, { origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect(body['error']).toBe('origin http://evil.example may not use this codec server');
  });

  it('names the field of a malformed body', async () => {
    const { response, body } = await post('/decode', { payloads: [{ data: 'not base64!' }] });
    expect(response.status).toBe(400);
    expect(body['error']).toBe('invalid codec request: payloads.0.data: must be base64 (proto3 JSON bytes)');
    const notJson = await post('/decode', '{');
    expect(notJson.response.status).toBe(400);
    expect(notJson.body['error']).toBe('the body is not JSON');
  });

  it('names the key id it lacks', async () => {
    const [foreign] = await stranger.encode([defaultPayloadConverter.toPayload({ x: 1 })]);
    const { response, body } = await post('/decode', { payloads: [payloadToJson(foreign!)] });
    expect(response.status).toBe(422);
    expect(body['error']).toContain('key id "k-other", which the keyring does not hold');
  });

  it('does not encode, and says so for other paths and methods', async () => {
    const encode = await post('/encode', { payloads: [] });
    expect(encode.response.status).toBe(404);
    expect(encode.body['error']).toBe('no /encode here: this codec server answers POST /decode');
    const get = await fetch(`${server.url}/decode`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });
});
