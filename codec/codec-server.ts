// A Temporal codec server (the Codec Server protocol's `POST /decode`) for the Temporal Web UI that `npm start`
// serves: with payload encryption on, the UI shows sealed payloads unless it can ask such a server to open
// them. It decodes only: the UI's encode is for starting and signalling workflows by hand, and cases take
// events as validated Updates through the client or the HTTP API, never from the UI.
import { Buffer } from 'node:buffer';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { EncryptionKeyError, encryptedKeyId } from './aes-gcm-codec.js';
import { payloadFromJson, payloadToJson } from './payload-json.js';

/** Options for {@link startCodecServer}. */
export interface CodecServerOptions {
  readonly codec: PayloadCodec;
  /** The browser origins allowed to call it: the Web UI's, e.g. `http://localhost:8233`. */
  readonly allowedOrigins: readonly string[];
  /** Default 127.0.0.1: the server has no authentication of its own, so keep it on the loopback interface. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /**
   * Where a request that failed unexpectedly (a bug, not a bad request) is reported; default standard error.
   * The client gets only a 500, so without this line nobody would learn what went wrong.
   */
  readonly log?: (line: string) => void;
}

/** A running codec server. */
export interface CodecServer {
  /** Its base URL, e.g. `http://127.0.0.1:8089`: the Web UI's codec endpoint (`--ui-codec-endpoint`). */
  readonly url: string;
  close(): Promise<void>;
}

/** Base64, as proto3 JSON writes bytes (standard or URL-safe alphabet, padding optional). */
const Base64Schema = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64 (proto3 JSON bytes)');

/** The protocol's body: `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`. */
export const CodecRequestSchema = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), Base64Schema).optional(),
      data: Base64Schema.optional(),
    }),
  ),
});

/** At most this many bytes of request body; a history's payloads are far smaller. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

const tooLarge = () => new HttpError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);

/**
 * The request body, or a 413 HttpError as soon as it passes {@link MAX_BODY_BYTES} (at once when its
 * Content-Length says so). The request is not destroyed then: that would reset the connection before the 413
 * is written, and the client would see ECONNRESET instead of the reason. What still arrives is dropped, not
 * kept; the 413 goes out with `Connection: close`, so Node closes the socket once it is sent.
 */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (declared > MAX_BODY_BYTES) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function decodeBody(codec: PayloadCodec, body: string): Promise<unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
  const parsed = CodecRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    }));
    const first = issues[0];
    throw new HttpError(400, `invalid codec request: ${first?.path}: ${first?.message}`, issues);
  }
  try {
    // The UI shows whatever the history holds: plain payloads (a patch marker, a case from before encryption, or
    // one written without the key, which `audit verify` reports) as they are, sealed ones opened.
    const payloads = parsed.data.payloads.map(payloadFromJson);
    const opened = await codec.decode(payloads.filter((payload) => encryptedKeyId(payload) !== undefined));
    const decoded = payloads.map((payload) =>
      encryptedKeyId(payload) === undefined ? payload : (opened.shift() as Payload),
    );
    return { payloads: decoded.map(payloadToJson) };
  } catch (error) {
    if (error instanceof EncryptionKeyError) throw new HttpError(422, error.message);
    throw error;
  }
}

/**
 * Starts a codec server that opens sealed payloads for the Web UI. It answers `POST /decode` (also under a
 * namespace, `/{namespace}/decode`, as the CLI's `--codec-endpoint` templating calls it) and CORS preflights;
 * a request from a browser origin that is not allowed gets 403, any other path 404, another method 405, a
 * request target that is no URL 400 and a body over 16 MiB 413. Anything else that goes wrong is a 500 and a
 * line in `log`, never an unhandled rejection, which would end `npm start` (it runs this server in-process).
 * It has no authentication of its own: run it on the loopback interface for a local Web UI, and put a
 * production one behind your own sign-on.
 */
export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const allowed = new Set(options.allowedOrigins);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server = createServer((request, response) => {
    // The last line of defence: a rejection here would be unhandled, and an unhandled rejection ends the
    // process, and with it `npm start`, which runs this server in-process beside the worker.
    handle(request, response).catch((error: unknown) => failed(request, response, error));
  });

  const send = (response: ServerResponse, status: number, body?: unknown): void => {
    if (body === undefined) {
      response.writeHead(status).end();
      return;
    }
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  /**
   * Answers 500 and logs why; it never throws. An answer already sent in full stands, and one cut off halfway
   * ends with the connection, so that the client sees it broken rather than complete.
   */
  function failed(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    try {
      if (response.writableEnded) {
        // Answered already; only the log is left to do.
      } else if (response.headersSent) {
        response.destroy();
      } else {
        response.setHeader('connection', 'close');
        send(response, 500, { error: 'the codec server failed on this request; its log says why' });
      }
    } catch {
      response.destroy();
    }
    try {
      log(`[codec] ${request.method ?? '?'} ${request.url ?? '?'} failed: ${inspect(error)}`);
    } catch {
      // A log that throws must not turn this into the unhandled rejection it is here to prevent.
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!allowed.has(origin)) {
        send(response, 403, { error: `origin ${origin} may not use this codec server` });
        return;
      }
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('access-control-allow-credentials', 'true');
      response.setHeader('vary', 'origin');
    }
    let path: string;
    try {
      path = new URL(request.url ?? '/', 'http://codec').pathname;
    } catch {
      // Node's parser passes request targets the URL standard rejects, such as `http://[/decode`.
      send(response, 400, { error: `the request target ${JSON.stringify(request.url)} is not a valid URL` });
      return;
    }
    if (!/^(\/[^/]+)?\/decode$/.test(path)) {
      send(response, 404, { error: `no ${path} here: this codec server answers POST /decode` });
      return;
    }
    if (request.method === 'OPTIONS') {
      response.setHeader('access-control-allow-methods', 'POST');
      response.setHeader('access-control-allow-headers', 'content-type, x-namespace, authorization');
      response.setHeader('access-control-max-age', '600');
      send(response, 204);
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST, OPTIONS');
      send(response, 405, { error: `${request.method ?? '?'} ${path}: use POST` });
      return;
    }
    try {
      send(response, 200, await decodeBody(options.codec, await readBody(request)));
    } catch (error) {
      if (error instanceof HttpError) {
        // Stop there on an oversized body: the connection closes after the 413 instead of reading the rest.
        if (error.status === 413) response.setHeader('connection', 'close');
        send(response, error.status, {
          error: error.message,
          ...(error.issues.length > 0 ? { issues: error.issues } : {}),
        });
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      send(response, 500, { error: `the payloads could not be decoded: ${reason}` });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
