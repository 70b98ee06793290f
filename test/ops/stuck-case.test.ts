// A stuck case is seen and repaired, on a real dev server: a worker of other code leaves a case with a history the
// real workflow cannot replay; then `passend doctor` and `/health` report it with its error, the dashboard shows
// it to its coordinator, a send is answered 503 at once, `passend audit export` reads its journal from the history
// without a worker, and `passend case repair` resets it so that it takes events again.
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCase } from '../../audit/index.js';
import type { CaseView, PassendClient } from '../../client/index.js';
import { caseWorkflowId, TASK_QUEUE } from '../../client/index.js';
import { createHttpServer, parseAccessConfig } from '../../http/index.js';
import { createCaseTestWorker } from '../support/case-env.js';
import { passend } from '../support/cli-run.js';
import { eventually } from '../support/eventually.js';
import {
  createTestWorker,
  installRuntimeExpectingNondeterminism,
  startDevEnv,
} from '../support/temporal-env.js';
import { ACCESS, intakeEvent, startBody, TOKENS } from '../http/http-env.js';

const drifting = fileURLToPath(new URL('./fixtures/drifting-workflow.ts', import.meta.url));
const CASE = 'stuck-1';

let env: TestWorkflowEnvironment;
let client: PassendClient;
let before: CaseView;

beforeAll(async () => {
  installRuntimeExpectingNondeterminism();
  env = await startDevEnv();
  // The default task queue, so that `passend doctor` (which knows no other) sees the test's workers.
  const good = await createCaseTestWorker(env, TASK_QUEUE);
  client = good.client;
  const body = startBody(CASE);
  await good.worker.runUntil(async () => {
    await client.startCase({ caseId: CASE, organisatie: body.organisatie, regio: body.regio }, body.event);
    await client.sendEvent(CASE, intakeEvent());
    before = await client.getCase(CASE);
  });
  // A worker of other code takes one task of the case and records a command the real workflow never makes.
  const drift = await createTestWorker(env, { workflowsPath: drifting, taskQueue: TASK_QUEUE });
  const handle = env.client.workflow.getHandle(caseWorkflowId(CASE));
  await drift.runUntil(async () => {
    await handle.signal('drift');
    await eventually(
      () => handle.fetchHistory(),
      (history) => (history.events ?? []).some((event) => event.workflowPropertiesModifiedEventAttributes),
    );
  });
}, 120_000);

afterAll(async () => {
  await env?.teardown();
});

describe('a stuck case', () => {
  it('is reported, answered 503, exported without a worker and repaired', async () => {
    const handle = env.client.workflow.getHandle(caseWorkflowId(CASE));
    const real = await createCaseTestWorker(env, TASK_QUEUE);
    const access = parseAccessConfig(ACCESS, 'test access');
    const app = createHttpServer({
      passend: client,
      access,
      log: () => {},
      health: { stuckScanTtlMs: 0 },
    });
    await app.ready();
    const call = async (url: string, token: keyof typeof TOKENS | null, body?: unknown) => {
      const response = await app.inject({
        method: body === undefined ? 'GET' : 'POST',
        url,
        ...(token === null ? {} : { headers: { authorization: `Bearer ${TOKENS[token]}` } }),
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: response.statusCode, body: response.json(), headers: response.headers };
    };

    await real.worker.runUntil(async () => {
      // The next task of the case (any signal makes one) meets the drift on replay and fails, again and again.
      await handle.signal('nudge');
      const stuck = await eventually(
        () => client.stuckCase(CASE),
        (found) => found !== undefined,
      );
      expect(stuck?.error).toMatch(/Nondeterminism/);

      const doctor = await passend('doctor', '--address', env.address, '--json');
      expect(doctor.code).toBe(1);
      const report = JSON.parse(doctor.stdout) as {
        status: string;
        workersPolling: number;
        stuckCases: { caseId: string; error: string; attempts: number }[];
      };
      expect(report.status).toBe('degraded');
      expect(report.workersPolling).toBeGreaterThan(0);
      expect(report.stuckCases.map((entry) => entry.caseId)).toEqual([CASE]);
      expect(report.stuckCases[0]?.error).toMatch(/Nondeterminism/);

      const health = await call('/health', null);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'degraded', temporal: 'ok', stuckCases: { count: 1 } });
      expect(JSON.stringify(health.body)).not.toContain(CASE);

      const dashboard = await call('/dashboard/data', 'coordinator');
      expect(dashboard.status).toBe(200);
      expect(dashboard.body.stuckCases).toEqual([expect.objectContaining({ caseId: CASE })]);
      const elsewhere = await call('/dashboard/data', 'otherCoordinator');
      expect(elsewhere.body.stuckCases).toEqual([]);

      const started = Date.now();
      const send = await call(`/cases/${CASE}/events`, 'integrator', intakeEvent());
      expect(send.status).toBe(503);
      expect(send.body).toMatchObject({ error: 'unavailable', reason: 'case-stuck' });
      expect(Number(send.headers['retry-after'])).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    // No worker at all now: the Query cannot be answered, the history can.
    const notes: string[] = [];
    const exported = await exportCase(env.client, CASE, { onHistoryJournal: (reason) => notes.push(reason) });
    expect(notes).toHaveLength(1);
    expect(exported.journal).toEqual(before.journal);
    expect(exported.journalHead).toBe(before.journalHead);

    const repaired = await createCaseTestWorker(env, TASK_QUEUE);
    await repaired.worker.runUntil(async () => {
      const repair = await passend('case', 'repair', CASE, '--address', env.address, '--json');
      expect(repair.stderr).toBe('');
      expect(repair.code).toBe(0);
      const { resetToEventId, newRunId } = JSON.parse(repair.stdout) as {
        resetToEventId: number;
        newRunId: string;
      };
      expect(resetToEventId).toBeGreaterThan(0);
      expect(newRunId).not.toBe('');
      await eventually(
        () => client.stuckCase(CASE),
        (found) => found === undefined,
      );
      const after = await client.sendEvent(CASE, intakeEvent()).catch((error: unknown) => error);
      // The case takes events again: this one is refused by the route (an intake was held), not by an outage.
      expect((after as Error).name).toBe('EventRejectedError');
      const view = await client.getCase(CASE);
      expect(view.journal).toEqual(before.journal);
      const doctor = await passend('doctor', '--address', env.address, '--json');
      expect(JSON.parse(doctor.stdout).stuckCases).toEqual([]);
      expect(doctor.code).toBe(0);
    });
    await app.close();
  }, 150_000);
});
