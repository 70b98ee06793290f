// The case workflow's life on the production server: the Temporal server itself on PostgreSQL, with SQL visibility
// on PostgreSQL (npm run start:postgres's stack), not the dev server. A case is started, takes an event, has its
// deadline timer fire on the server's own timer queue, is found by the overdue list's visibility query, and its
// history, as PostgreSQL stored it, replays against the workflow code.
import { readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../../worker/index.js';
import { caseWorkflowId } from '../../workflows/definitions.js';
import { event } from '../support/case-env.js';
import { eventually } from '../support/eventually.js';
import { usePostgresCaseServer } from '../support/postgres-env.js';
import { bundleOnce } from '../support/temporal-env.js';

const server = usePostgresCaseServer('postgres-lifecycle');
const DAY = 86_400_000;

/** The intake norm shortened to one day without a warning, so a case backdated by a day falls due in seconds. */
const ONE_DAY_INTAKE = {
  'intake-na-signaal': { term: { amount: 1, unit: 'dagen' }, warning: null, termijnenwet: false },
} as const;

describe('a case on the Temporal server on PostgreSQL', () => {
  it('takes its events, fires its deadline timer, is listed as overdue by visibility, and replays', async () => {
    const { client, env, outboxPath } = server();
    const dueAt = Date.now() + 10_000;
    await client.startCase(
      { caseId: 'pg-laat', organisatie: 'swv-pg', regio: 'regio-pg', normOverrides: ONE_DAY_INTAKE },
      event('signaal.gemeld', { regisseur: 'r-1' }, { occurredAt: new Date(dueAt - DAY).toISOString() }),
    );
    await client.startCase(
      { caseId: 'pg-op-tijd', organisatie: 'swv-pg', regio: 'regio-pg' },
      event('signaal.gemeld', { regisseur: 'r-1' }),
    );
    const handover = event('regie.overgedragen', { regisseur: 'r-2', reden: 'anders' });
    await client.sendEvent('pg-laat', handover);
    // Sent again with its key, it is recognised, not journaled twice.
    const again = await client.sendEvent('pg-laat', handover);
    expect(again.duplicate).toBe(true);

    const before = await client.getCase('pg-laat');
    expect(Date.now()).toBeLessThan(dueAt);
    expect(before.breaches).toBe(0);

    // The timer is the server's: no event arrives, the deadline is recorded when it falls due.
    const view = await eventually(
      () => client.getCase('pg-laat'),
      (read) => read.breaches > 0,
      60,
    );
    const breaches = view.journal.filter(
      (entry) => entry.kind === 'deadline.overschreden' && entry.normId === 'intake-na-signaal',
    );
    expect(breaches).toHaveLength(1);
    expect(view.journal.filter((entry) => entry.kind === 'gebeurtenis')).toHaveLength(2);

    // PostgreSQL visibility answers the overdue list; the case on time is not on it.
    const overdue = await eventually(
      () => client.overdueCases({ organisatie: 'swv-pg' }),
      (list) => list.length > 0,
      30,
    );
    expect(overdue.map((summary) => summary.caseId)).toEqual(['pg-laat']);

    const notifications = readFileSync(outboxPath, 'utf8');
    expect(notifications).toContain('pg-laat/');
    expect(notifications).toContain('deadline.overschreden');

    const history = await env.client.workflow.getHandle(caseWorkflowId('pg-laat')).fetchHistory();
    await Worker.runReplayHistory(
      { workflowBundle: await bundleOnce(workflowsPath()) },
      history,
      caseWorkflowId('pg-laat'),
    );
  }, 120_000);
});
