import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PassendClient } from '../../client/index.js';
import type { RouteSource } from '../../core/index.js';
import { installHostRoutes } from '../../machines/host-routes.js';
import { caseWorkflowId } from '../../workflows/definitions.js';
import { event } from '../support/case-env.js';
import { eventually } from '../support/eventually.js';
import { useRouteWorkers } from '../support/route-workers.js';

const TASK_QUEUE = 'route-version-pinning';
const START = { organisatie: 'swv-test', regio: 'regio-test' } as const;

/** toeleiding 1.1.0: the shipped definition under a new version and title, as a region would ship its change. */
const V1_1: RouteSource = {
  source: 'routes/toeleiding-1.1.0.json',
  definition: {
    ...(JSON.parse(
      readFileSync(new URL('../../machines/toeleiding/route.json', import.meta.url), 'utf8'),
    ) as object),
    version: '1.1.0',
    title: 'Toeleiding, versie 1.1',
  },
};

const { env: devEnv, startWorker } = useRouteWorkers(TASK_QUEUE);

describe('a case runs on the route version it started on', () => {
  it('a worker without the pinned version fails the task naming it and writes nothing; one with it takes the case', async () => {
    const shippedOnly = await startWorker([]);
    // This process (the client) has 1.1.0, so the new case pins toeleiding@1.1.0.
    installHostRoutes([V1_1]);
    const client = new PassendClient(devEnv().client, { taskQueue: TASK_QUEUE });
    const caseId = 'pin-v1-1';
    // No worker can run it yet, so the client's read of the new case times out; the start itself is recorded.
    const starting = client
      .startCase(
        { caseId, ...START },
        event('signaal.gemeld', { regisseur: 'ib-1' }, { occurredAt: new Date().toISOString() }),
      )
      .catch((error: unknown) => error);
    const handle = devEnv().client.workflow.getHandle(caseWorkflowId(caseId));
    const failed = await eventually(
      async () => (await handle.fetchHistory().catch(() => ({ events: [] }))).events ?? [],
      (events) => events.some((each) => Boolean(each.workflowTaskFailedEventAttributes)),
    );
    const failure = failed.find((each) => Boolean(each.workflowTaskFailedEventAttributes))
      ?.workflowTaskFailedEventAttributes?.failure;
    expect(failure?.message).toMatch(
      /^route toeleiding@1\.1\.0 is not available on this host \(it has toeleiding@1\.0\.0, zorgplicht@1\.0\.0/,
    );
    // Nothing written: no command of the case (no timer, no search attributes, no completion), still running.
    expect(failed.some((each) => Boolean(each.workflowTaskCompletedEventAttributes))).toBe(false);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    shippedOnly.worker.shutdown();
    await shippedOnly.run;
    await starting;
    await startWorker([V1_1]);
    const view = await eventually(
      () => client.getCase(caseId).catch(() => undefined),
      (read) => read !== undefined,
      60,
    );
    expect(view?.route).toEqual({ id: 'toeleiding', version: '1.1.0' });
  }, 180_000);

  it('a case started on 1.0.0 stays on 1.0.0 on a worker that also has 1.1.0', async () => {
    const client = new PassendClient(devEnv().client, { taskQueue: TASK_QUEUE });
    const now = new Date().toISOString();
    const view = await client.startCase(
      { caseId: 'pin-v1-0', ...START, routeId: 'toeleiding', routeVersion: '1.0.0' },
      event('signaal.gemeld', { regisseur: 'ib-2' }, { occurredAt: now }),
    );
    expect(view.route).toEqual({ id: 'toeleiding', version: '1.0.0' });
    await client.sendEvent('pin-v1-0', event('intake.gehouden', {}, { occurredAt: now }));
    expect((await client.getCase('pin-v1-0')).route).toEqual({ id: 'toeleiding', version: '1.0.0' });
  }, 120_000);
});
