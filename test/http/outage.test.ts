// HTTP under outage, on a real dev server: with the worker gone or the server down the API answers 503 with
// Retry-After within seconds (never 500 after tens of seconds), a send asks no Query first, /health says degraded
// and why, and a body beyond the nesting or size limit is refused with 400 naming the limit before anything else.
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, PassendClient } from '../../client/index.js';
import { FEW_RETRIES } from '../../cli/connection.js';
import { createHttpServer, parseAccessConfig } from '../../http/index.js';
import { createCaseTestWorker } from '../support/case-env.js';
import { startDevEnv } from '../support/temporal-env.js';
import { ACCESS, intakeEvent, startBody, TOKENS } from './http-env.js';

const QUEUE = 'http-outage';
let env: TestWorkflowEnvironment;
let connection: Connection;
let app: FastifyInstance;
let errors: unknown[];

function server(passend: PassendClient): FastifyInstance {
  return createHttpServer({
    passend,
    access: parseAccessConfig(ACCESS, 'test access'),
    log: () => {},
    onError: (error) => errors.push(error),
    health: { stuckScanTtlMs: 0 },
  });
}

async function call(url: string, body?: unknown, on: FastifyInstance = app) {
  const started = Date.now();
  const response = await on.inject({
    method: body === undefined ? 'GET' : 'POST',
    url,
    headers: { authorization: `Bearer ${TOKENS.integrator}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return {
    status: response.statusCode,
    body: response.json(),
    headers: response.headers,
    ms: Date.now() - started,
  };
}

beforeAll(async () => {
  errors = [];
  env = await startDevEnv();
  // The API's own connection, so that it outlives the server when the test stops it.
  connection = await Connection.connect({ address: env.address, interceptors: [FEW_RETRIES] });
  const passend = new PassendClient(new Client({ connection, namespace: 'default' }), { taskQueue: QUEUE });
  app = server(passend);
  const { worker, client } = await createCaseTestWorker(env, QUEUE);
  const body = startBody('outage-1');
  await worker.runUntil(async () => {
    await client.startCase(
      { caseId: body.caseId, organisatie: body.organisatie, regio: body.regio },
      body.event,
    );
  });
});

afterAll(async () => {
  await app?.close();
  await connection?.close();
});

describe('a body beyond the limits', () => {
  it('nested deeper than the limit (4,100 levels, 25 KB): 400 naming the limit, before anything is asked', async () => {
    const deep = `{"type":"intake.gehouden","payload":{"x":${'['.repeat(4_100)}${']'.repeat(4_100)}}}`;
    const answer = await call('/cases/outage-1/events', deep);
    expect(answer.status).toBe(400);
    expect(answer.body.issues[0].message).toContain(`the limit is ${MAX_JSON_DEPTH} levels`);
  });

  it('larger than the limit: 400 naming the limit', async () => {
    const big = { ...intakeEvent(), payload: { locatie: 'thuis', filler: 'x'.repeat(MAX_BODY_BYTES) } };
    const answer = await call('/cases/outage-1/events', big);
    expect(answer.status).toBe(400);
    expect(answer.body.issues[0].message).toContain(`${MAX_BODY_BYTES} bytes`);
  });
});

describe('no worker', () => {
  it('a read and a send: 503 with Retry-After within seconds; the send asked no Query', async () => {
    const read = await call('/cases/outage-1');
    expect(read.status).toBe(503);
    expect(read.body.error).toBe('unavailable');
    expect(Number(read.headers['retry-after'])).toBeGreaterThan(0);
    expect(read.ms).toBeLessThan(8_000);
    const send = await call('/cases/outage-1/events', intakeEvent());
    expect(send.status).toBe(503);
    expect(Number(send.headers['retry-after'])).toBeGreaterThan(0);
    expect(send.ms).toBeLessThan(9_000);
  });

  it('/health is degraded naming the task queue nobody polls', async () => {
    const nobody = server(
      new PassendClient(new Client({ connection, namespace: 'default' }), { taskQueue: 'nobody' }),
    );
    const health = await call('/health', undefined, nobody);
    await nobody.close();
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', temporal: 'ok', workers: { polling: 0 } });
    expect(health.body.reasons.join(' ')).toContain('no worker polls the task queue nobody');
  });
});

describe('the server down', () => {
  it('every route that needs Temporal: 503 with Retry-After within seconds; /health: 503 unreachable', async () => {
    await env.teardown();
    const health = await call('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', temporal: 'unreachable' });
    expect(health.ms).toBeLessThan(5_000);
    for (const [url, body] of [
      ['/cases/outage-1', undefined],
      ['/cases/outage-1/events', intakeEvent()],
    ] as const) {
      const answer = await call(url, body);
      expect(answer.status, url).toBe(503);
      expect(answer.body.reason, url).toBe('temporal-unreachable');
      expect(Number(answer.headers['retry-after']), url).toBeGreaterThan(0);
      expect(answer.ms, url).toBeLessThan(6_000);
    }
    expect(errors).toEqual([]);
  });
});
