import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { PassendClient } from '../../client/index.js';
import type { EventInput } from '../../core/index.js';
import type { AccessConfigInput, AuditEntry } from '../../http/index.js';
import { createHttpServer, parseAccessConfig } from '../../http/index.js';
import { createCaseTestWorker } from '../support/case-env.js';
import { orTearDown, startDevEnv } from '../support/temporal-env.js';
import { eventually as poll } from '../support/eventually.js';

/** The tokens of the tests: who holds which role for which organisation (and region). */
export const TOKENS = {
  /** Integrator of swv-noord, starting cases in region noord only. */
  integrator: 'test-integrator-swv-noord-0000000001',
  /** Integrator of swv-zuid, starting cases in region zuid only: another organisation. */
  otherIntegrator: 'test-integrator-swv-zuid-0000000002',
  /** Coordinator of swv-noord, also seeing every case of region noord. */
  coordinator: 'test-coordinator-swv-noord-000000003',
  /** Coordinator of swv-zuid without a region: its organisation only. */
  otherCoordinator: 'test-coordinator-swv-zuid-000000004',
  auditor: 'test-auditor-inspectie-00000000000005',
} as const;

export const ACCESS: AccessConfigInput = {
  tokens: [
    {
      token: TOKENS.integrator,
      role: 'integrator',
      organisatie: 'swv-noord',
      startIn: { organisaties: ['swv-noord'], regios: ['noord'] },
      actorId: 'int-noord',
    },
    {
      token: TOKENS.otherIntegrator,
      role: 'integrator',
      organisatie: 'swv-zuid',
      startIn: { organisaties: ['swv-zuid'], regios: ['zuid'] },
      actorId: 'int-zuid',
    },
    {
      token: TOKENS.coordinator,
      role: 'coordinator',
      organisatie: 'swv-noord',
      regio: 'noord',
      actorId: 'coord-noord',
    },
    { token: TOKENS.otherCoordinator, role: 'coordinator', organisatie: 'swv-zuid', actorId: 'coord-zuid' },
    { token: TOKENS.auditor, role: 'auditor', organisatie: 'inspectie', actorId: 'audit-1' },
  ],
};

export type TokenName = keyof typeof TOKENS;

/** A dev server, a case worker on its own task queue, and the HTTP API on top, with a captured access log. */
export interface HttpEnv {
  readonly env: TestWorkflowEnvironment;
  readonly client: PassendClient;
  readonly app: FastifyInstance;
  readonly log: AuditEntry[];
  /** One request through `app.inject()`, as the holder of `token` (or without a token). */
  call(
    method: 'GET' | 'POST',
    url: string,
    token: TokenName | null,
    body?: unknown,
  ): Promise<{
    status: number;
    body: Record<string, unknown> & { error?: string };
    headers: Record<string, unknown>;
  }>;
  /** `POST /cases/{caseId}/events` with `event`, as the holder of `token`. */
  sendEvent(caseId: string, token: TokenName | null, event: EventInput): ReturnType<HttpEnv['call']>;
  teardown(): Promise<void>;
}

export async function startHttpEnv(taskQueue: string): Promise<HttpEnv> {
  const env = await startDevEnv();
  const { worker, client } = await orTearDown(env, createCaseTestWorker(env, taskQueue));
  const running = worker.run();
  const log: AuditEntry[] = [];
  const app = createHttpServer({
    passend: client,
    access: parseAccessConfig(ACCESS, 'test access'),
    log: (entry) => log.push(entry),
  });
  await app.ready();
  const call: HttpEnv['call'] = async (method, url, token, body) => {
    const options: InjectOptions = {
      method,
      url,
      ...(token === null ? {} : { headers: { authorization: `Bearer ${TOKENS[token]}` } }),
      ...(body === undefined ? {} : { payload: body as NonNullable<InjectOptions['payload']> }),
    };
    const response = await app.inject(options);
    return { status: response.statusCode, body: response.json(), headers: response.headers };
  };
  return {
    env,
    client,
    app,
    log,
    call,
    sendEvent: (caseId, token, event) =>
      call('POST', `/cases/${encodeURIComponent(caseId)}/events`, token, event),
    async teardown() {
      await app.close();
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/**
 * The HTTP environment of one test file: started before its tests (then `prepare`, e.g. the cases they share)
 * and torn down after them. Call it at the top of the file; the answer is usable inside tests and hooks.
 */
export function useHttpEnv(taskQueue: string, prepare?: (http: HttpEnv) => Promise<void>): HttpEnv {
  let started: HttpEnv | undefined;
  const current = (): HttpEnv => {
    if (started === undefined) throw new Error(`the HTTP environment of ${taskQueue} is not started (yet)`);
    return started;
  };
  beforeAll(async () => {
    started = await startHttpEnv(taskQueue);
    await prepare?.(started);
  });
  afterAll(async () => {
    await started?.teardown();
  });
  return {
    get env() {
      return current().env;
    },
    get client() {
      return current().client;
    },
    get app() {
      return current().app;
    },
    get log() {
      return current().log;
    },
    call: (method, url, token, body) => current().call(method, url, token, body),
    sendEvent: (caseId, token, event) => current().sendEvent(caseId, token, event),
    teardown: () => current().teardown(),
  };
}

let counter = 0;

/** An event as an integrator sends it, with a fresh idempotency key. */
export function httpEvent(
  type: string,
  payload: Record<string, unknown> = {},
  extra: { occurredAt?: string } = {},
): EventInput {
  counter++;
  return {
    type,
    payload,
    actor: { role: 'intern-begeleider', id: 'ib-1' },
    idempotencyKey: `http-${process.pid}-${counter}`,
    ...extra,
  };
}

/** `intake.gehouden` at home: a case's usual second event, with a fresh idempotency key. */
export function intakeEvent(): EventInput {
  return httpEvent('intake.gehouden', { locatie: 'thuis' });
}

/** The body of `POST /cases` for a toeleiding case of swv-noord in region noord (or as given). */
export function startBody(
  caseId: string,
  extra: { organisatie?: string; regio?: string; occurredAt?: string } = {},
) {
  return {
    caseId,
    organisatie: extra.organisatie ?? 'swv-noord',
    regio: extra.regio ?? 'noord',
    event: httpEvent(
      'signaal.gemeld',
      { regisseur: 'regisseur-1' },
      extra.occurredAt === undefined ? {} : { occurredAt: extra.occurredAt },
    ),
  };
}

/** Visibility is eventually consistent: repeats `probe` until `done` holds for its answer, or 15 s pass. */
export function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  return poll(probe, done, 15);
}
