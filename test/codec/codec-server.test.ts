// The codec server the Web UI calls to open sealed payloads: the Codec Server protocol over real HTTP, with the
// real AES-GCM codec, CORS for the UI's origin, and a clear answer to everything else.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { PayloadCodec } from '@temporalio/common';
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

/** One raw HTTP/1.1 exchange over TCP, for request lines that fetch would refuse to send. */
function rawRequest(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** A body of `bytes` spaces sent in 1 MiB chunks without a Content-Length, so the server must count. */
function streamedBody(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) {
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

// A rejection that escaped a handler would end `npm start`, which runs the codec server in-process.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startCodecServer({ codec, allowedOrigins: [UI, 'http://127.0.0.1:8233'] });
});

afterAll(async () => {
  await server.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
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

describe('the codec server on requests it cannot serve', () => {
  const SEVENTEEN_MIB = 17 * 1024 * 1024;

  it('answers 400 to a request target that is no URL, and keeps serving', async () => {
    const answer = await rawRequest(
      server.url,
      'POST http://[/decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('content-type: application/json');
    expect(answer).toContain('{"error":"the request target \\"http://[/decode\\" is not a valid URL"}');
    const { response } = await post('/decode', { payloads: [] });
    expect(response.status).toBe(200);
  });

  it('answers 413 to an oversized body instead of resetting the connection', async () => {
    const response = await fetch(`${server.url}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: UI },
      body: new Uint8Array(SEVENTEEN_MIB).fill(0x20),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ error: 'the body is larger than 16777216 bytes' });
  });

  it('answers 413 to an oversized body that does not say its length', async () => {
    const response = await fetch(`${server.url}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: UI },
      body: streamedBody(SEVENTEEN_MIB),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ error: 'the body is larger than 16777216 bytes' });
  });

  it('answers 500 and logs a failure no handler expected, and keeps serving', async () => {
    // A codec that rejects with something even String() cannot render fails the handler's own error path.
    const broken: PayloadCodec = {
      encode: (payloads) => Promise.resolve(payloads),
      decode: () => Promise.reject(Object.create(null) as object),
    };
    const lines: string[] = [];
    const fragile = await startCodecServer({
      codec: broken,
      allowedOrigins: [],
      log: (line) => lines.push(line),
    });
    try {
      const decode = () =>
        fetch(`${fragile.url}/decode`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ payloads: [] }),
        });
      const response = await decode();
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: 'the codec server failed on this request; its log says why',
      });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^\[codec\] POST \/decode failed: TypeError: Cannot convert object to primitive value/,
      );
      expect((await decode()).status).toBe(500);
    } finally {
      await fragile.close();
    }
  });
});
