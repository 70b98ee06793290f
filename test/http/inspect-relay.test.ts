// The HTTP API's receiver of live inspection on a real Temporal dev server: /inspect/ws?case=ID refuses a
// handshake as the API refuses a read (401 without a known token, 403 for an integrator, 404 for a case outside
// the coordinator's scope, 400 without a case) and logs each; it relays what `passend inspect --url …
// --token-file` sends to whoever listens on that case's channel (a late joiner gets the latest replay and what
// followed it), closes a connection that sends anything but that case's inspection events (1008, naming the
// field) and one whose token the access file revoked while it was open, and GET /inspect serves the page.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { exportCase } from '../../audit/index.js';
import { inspectionEvents } from '../../cli/inspect.js';
import type { PassendClient } from '../../client/index.js';
import type { EventInput } from '../../core/index.js';
import { scenarioEventInput } from '../../core/index.js';
import type { AuditEntry } from '../../http/index.js';
import { AccessFile, parseAccessConfig, startHttpServer } from '../../http/index.js';
import { seedScenarios } from '../../scenarios/index.js';
import { createCaseTestWorker } from '../support/case-env.js';
import { passend as run } from '../support/cli-run.js';
import { eventually } from '../support/eventually.js';
import { startDevEnv } from '../support/temporal-env.js';

const CASE = 'demo-levi';
const TOKENS = {
  auditor: 'inspect-auditor-000000000000000000001',
  coordinator: 'inspect-coordinator-levi-000000000002',
  otherCoordinator: 'inspect-coordinator-other-00000000003',
  integrator: 'inspect-integrator-levi-0000000000004',
} as const;

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let client: PassendClient;
let api: { url: string; close: () => Promise<void> };
let socketUrl: string;
const log: AuditEntry[] = [];
const dir = mkdtempSync(join(tmpdir(), 'passend-inspect-relay-'));

beforeAll(async () => {
  env = await startDevEnv();
  ({ worker, client } = await createCaseTestWorker(env, 'inspect-relay'));
  running = worker.run();
  const scenario = seedScenarios().get('levi')!;
  const [first, ...history] = scenario.events
    .slice(0, 5)
    .map((_, index) => scenarioEventInput(scenario, index));
  await client.startCase({ caseId: CASE, routeId: scenario.route, ...scenario.start }, first as EventInput, {
    history: history as EventInput[],
  });
  api = await startHttpServer({
    passend: client,
    access: parseAccessConfig(
      {
        tokens: [
          { token: TOKENS.auditor, role: 'auditor', organisatie: 'inspectie', actorId: 'auditor-1' },
          {
            token: TOKENS.coordinator,
            role: 'coordinator',
            organisatie: scenario.start.organisatie,
            actorId: 'coord-levi',
          },
          { token: TOKENS.otherCoordinator, role: 'coordinator', organisatie: 'swv-x', actorId: 'coord-x' },
          {
            token: TOKENS.integrator,
            role: 'integrator',
            organisatie: scenario.start.organisatie,
            startIn: { organisaties: [scenario.start.organisatie], regios: [scenario.start.regio] },
            actorId: 'int-levi',
          },
        ],
      },
      'inspect relay test access',
    ),
    log: (entry) => log.push(entry),
    port: 0,
    host: '127.0.0.1',
  });
  socketUrl = `${api.url.replace(/^http/, 'ws')}/inspect/ws`;
}, 90_000);

afterAll(async () => {
  await api?.close();
  worker?.shutdown();
  await running;
  await env?.teardown();
});

/** A handshake's answer: the WebSocket when accepted, else the HTTP status, headers and JSON body. */
async function handshake(
  query: string,
  headers: Record<string, string> = {},
  protocols: string[] = [],
): Promise<
  | { socket: WebSocket; status: 101 }
  | { status: number; body: Record<string, unknown>; headers: Record<string, unknown> }
> {
  const socket = new WebSocket(`${socketUrl}${query}`, protocols, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, status: 101 }));
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += String(chunk)));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: JSON.parse(text) as Record<string, unknown>,
          headers: response.headers,
        }),
      );
    });
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const subprotocol = (token: string) => [
  'passend.inspect',
  `bearer.${Buffer.from(token).toString('base64url')}`,
];

/** A listener on the case's channel that keeps what it receives. */
async function listener(token: string): Promise<{ socket: WebSocket; received: string[] }> {
  // Listening before the handshake ends: the server sends what came before at once.
  const socket = new WebSocket(`${socketUrl}?case=${CASE}`, subprotocol(token));
  const received: string[] = [];
  socket.on('message', (data) => received.push(String(data)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, received };
}

function tokenFile(token: string): string {
  const path = join(dir, `${token.slice(0, 20)}.token`);
  writeFileSync(path, `${token}\n`);
  return path;
}

const comparable = (events: readonly unknown[]): unknown[] =>
  events.map((event) => {
    const parsed = (
      typeof event === 'string' ? JSON.parse(event) : JSON.parse(JSON.stringify(event))
    ) as Record<string, unknown>;
    const { createdAt: _createdAt, id: _id, ...rest } = parsed;
    return rest;
  });

describe('/inspect/ws refuses what the token may not see', () => {
  it('answers 401 without a known token, 403 for an integrator, 404 outside the scope, 400 without a case', async () => {
    const none = await handshake(`?case=${CASE}`);
    expect(none).toMatchObject({ status: 401, body: { error: 'unauthorized', reason: 'token-missing' } });
    expect('headers' in none && none.headers['www-authenticate']).toBe('Bearer realm="passend"');
    const unknown = await handshake(`?case=${CASE}`, bearer('not-a-token-of-this-server-000000000'));
    expect(unknown).toMatchObject({ status: 401, body: { reason: 'token-unknown' } });
    const integrator = await handshake(`?case=${CASE}`, bearer(TOKENS.integrator));
    expect(integrator).toMatchObject({
      status: 403,
      body: {
        error: 'forbidden',
        message: 'role integrator may not inspect a case; allowed: coordinator, auditor',
      },
    });
    const outside = await handshake(`?case=${CASE}`, {}, subprotocol(TOKENS.otherCoordinator));
    expect(outside).toMatchObject({ status: 404, body: { error: 'case-not-found', caseId: CASE } });
    const noCase = await handshake('', bearer(TOKENS.auditor));
    expect(noCase).toMatchObject({
      status: 400,
      body: { error: 'invalid-request', issues: [{ path: 'case' }] },
    });
    const extra = await handshake(`?case=${CASE}&x=1`, bearer(TOKENS.auditor));
    expect(extra).toMatchObject({
      status: 400,
      body: { issues: [{ path: 'x', message: 'is not a known query parameter' }] },
    });
    const refusals = log.filter((entry) => entry.route === '/inspect/ws').map((entry) => entry.status);
    expect(refusals).toEqual([401, 401, 403, 404, 400, 400]);
    expect(log.find((entry) => entry.status === 404)).toMatchObject({ actorId: 'coord-x', caseId: CASE });
  });

  it('passend inspect --url names the refusal it got (exit 1)', async () => {
    const refused = await run(
      'inspect',
      CASE,
      '--url',
      `${socketUrl}?case=${CASE}`,
      '--token-file',
      tokenFile(TOKENS.otherCoordinator),
      '--no-follow',
      '--address',
      env.address,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refused the connection (HTTP 404: case ${CASE} does not exist`);
    const noToken = await run(
      'inspect',
      CASE,
      '--url',
      `${socketUrl}?case=${CASE}`,
      '--no-follow',
      '--address',
      env.address,
    );
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('HTTP 401: a bearer token is required');
  });
});

describe('/inspect/ws relays a case’s inspection events', () => {
  it('passes what passend inspect sends to a listener, and what came before to a late joiner', async () => {
    const early = await listener(TOKENS.coordinator);
    const sent = await run(
      'inspect',
      CASE,
      '--url',
      `${socketUrl}?case=${CASE}`,
      '--token-file',
      tokenFile(TOKENS.auditor),
      '--no-follow',
      '--address',
      env.address,
      '--json',
    );
    expect(sent.code, sent.stderr).toBe(0);
    const expected = comparable(inspectionEvents(await exportCase(client.client, CASE)));
    expect(JSON.parse(sent.stdout)).toMatchObject({ caseId: CASE, events: expected.length });
    await eventually(
      async () => early.received.length,
      (count) => count >= expected.length,
      10,
    );
    expect(comparable(early.received)).toEqual(expected);
    const late = await listener(TOKENS.auditor);
    await eventually(
      async () => late.received.length,
      (count) => count >= expected.length,
      10,
    );
    expect(comparable(late.received)).toEqual(expected);
    // The command run again replays the journal anew: a later joiner gets that replay once, not both.
    const again = await run(
      'inspect',
      CASE,
      '--url',
      `${socketUrl}?case=${CASE}`,
      '--token-file',
      tokenFile(TOKENS.auditor),
      '--no-follow',
      '--address',
      env.address,
    );
    expect(again.code, again.stderr).toBe(0);
    await eventually(
      async () => early.received.length,
      (count) => count >= 2 * expected.length,
      10,
    );
    const latest = await listener(TOKENS.auditor);
    await eventually(
      async () => latest.received.length,
      (count) => count >= expected.length,
      10,
    );
    expect(comparable(latest.received)).toEqual(expected);
    for (const each of [early, late, latest]) each.socket.close();
  });

  it('closes a connection that sends what is not this case’s inspection event (1008, naming the field)', async () => {
    const watching = await listener(TOKENS.coordinator);
    const answer = await handshake(`?case=${CASE}`, bearer(TOKENS.auditor));
    if (!('socket' in answer)) throw new Error('refused');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      answer.socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    answer.socket.send(
      JSON.stringify({ type: '@xstate.event', sessionId: 'case:another', event: { type: 'x' } }),
    );
    expect(await closed).toEqual({
      code: 1008,
      reason: `sessionId: must be "case:${CASE}": this connection is for case ${CASE}`,
    });
    const before = watching.received.length;
    const second = await handshake(`?case=${CASE}`, bearer(TOKENS.auditor));
    if (!('socket' in second)) throw new Error('refused');
    const closedToo = new Promise<{ code: number; reason: string }>((resolve) =>
      second.socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    second.socket.send('not json');
    expect(await closedToo).toEqual({ code: 1008, reason: 'message: not JSON' });
    expect(watching.received.length).toBe(before);
    watching.socket.close();
  });
});

describe('/inspect/ws with an access file that changes', () => {
  it('stops relaying to a connection whose token was revoked while it was open (1008)', async () => {
    const path = join(dir, 'access.json');
    const tokens = (withCoordinator: boolean) => ({
      tokens: [
        { token: TOKENS.auditor, role: 'auditor', organisatie: 'inspectie', actorId: 'auditor-1' },
        ...(withCoordinator
          ? [
              {
                token: TOKENS.coordinator,
                role: 'coordinator',
                organisatie: 'bs-levi',
                actorId: 'coord-levi',
              },
            ]
          : []),
      ],
    });
    writeFileSync(path, JSON.stringify(tokens(true)));
    const served = await startHttpServer({
      passend: client,
      access: new AccessFile(path),
      log: () => undefined,
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const url = `${served.url.replace(/^http/, 'ws')}/inspect/ws?case=${CASE}`;
      const open = async (token: string) => {
        const socket = new WebSocket(url, { headers: bearer(token) });
        const received: string[] = [];
        socket.on('message', (data) => received.push(String(data)));
        const closed = new Promise<{ code: number; reason: string }>((resolve) =>
          socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
        );
        await new Promise((resolve, reject) => {
          socket.once('open', resolve);
          socket.once('error', reject);
        });
        return { socket, received, closed };
      };
      const watching = await open(TOKENS.coordinator);
      const sending = await open(TOKENS.auditor);
      const [actor, event] = inspectionEvents(await exportCase(client.client, CASE)).map((each) =>
        JSON.stringify(each),
      );
      sending.socket.send(actor ?? '');
      await eventually(
        async () => watching.received.length,
        (count) => count === 1,
        10,
      );
      writeFileSync(path, JSON.stringify(tokens(false)));
      sending.socket.send(event ?? '');
      expect(await watching.closed).toEqual({
        code: 1008,
        reason: 'the token no longer grants inspection (the access configuration changed)',
      });
      expect(watching.received).toEqual([actor]);
      expect(sending.socket.readyState).toBe(WebSocket.OPEN);
      sending.socket.close();
    } finally {
      await served.close();
    }
  });
});

describe('GET /inspect', () => {
  it('serves the receiver page with its own script under a CSP, and refuses an unknown parameter', async () => {
    const page = await fetch(`${api.url}/inspect?case=${CASE}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).toContain('live inspection');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const bad = await fetch(`${api.url}/inspect?kaas=1`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      issues: [{ path: 'kaas', message: 'is not a known query parameter' }],
    });
  });
});
