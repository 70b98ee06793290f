// `passend inspect CASE_ID` follows a live case on a real Temporal dev server: after replaying the journal it
// emits, for an event accepted after it started, the inspection events audit/inspection.ts gives for that entry,
// says on stderr that it follows, goes on into the next run after a continue-as-new, ends by itself once the case
// closes, and stops cleanly on Ctrl-C (SIGINT).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCase } from '../../audit/index.js';
import { inspectionEvents } from '../../cli/inspect.js';
import type { PassendClient } from '../../client/index.js';
import type { EventInput, Scenario } from '../../core/index.js';
import { scenarioEventInput } from '../../core/index.js';
import { seedScenarios } from '../../scenarios/index.js';
import { createCaseTestWorker, event } from '../support/case-env.js';
import { startPassend } from '../support/cli-process.js';
import { startDevEnv } from '../support/temporal-env.js';

let env: TestWorkflowEnvironment;
let worker: Worker;
let client: PassendClient;
let running: Promise<void>;

const levi = (): Scenario => seedScenarios().get('levi')!;

/** Starts `scenario`'s case with its first `count` events (backdated, as `npm start` loads it). */
async function load(scenario: Scenario, count: number): Promise<void> {
  const [first, ...history] = scenario.events
    .slice(0, count)
    .map((_, index) => scenarioEventInput(scenario, index));
  await client.startCase(
    { caseId: scenario.caseId, routeId: scenario.route, ...scenario.start },
    first as EventInput,
    { history: history as EventInput[] },
  );
}

/** Inspection events without what differs per run: when each was made and an event's random id. */
const comparable = (events: readonly unknown[]): unknown[] =>
  events.map((event) => {
    const {
      createdAt: _createdAt,
      id: _id,
      ...rest
    } = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
    return rest;
  });

const linesOf = (stdout: string): unknown[] =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);

const eventTypes = (stdout: string): string[] =>
  (linesOf(stdout) as { type: string; event?: { type: string } }[])
    .filter((line) => line.type === '@xstate.event')
    .map((line) => line.event?.type ?? '');

beforeAll(async () => {
  env = await startDevEnv();
  ({ worker, client } = await createCaseTestWorker(env, 'inspect-follow'));
  running = worker.run();
}, 60_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

describe('passend inspect CASE_ID follows the live case', () => {
  it('emits the inspection events of an event accepted after it started, and ends once the case closes', async () => {
    const scenario = levi();
    await load(scenario, 5);
    const before = await exportCase(client.client, scenario.caseId);
    const inspect = startPassend(['inspect', scenario.caseId, '--address', env.address]);
    await inspect.waitFor((_, stderr) => stderr.includes('following its new events'));
    expect(comparable(linesOf(inspect.stdout()))).toEqual(comparable(inspectionEvents(before)));

    await client.sendEvent(scenario.caseId, scenarioEventInput(scenario, 5) as unknown as EventInput);
    await inspect.waitFor((stdout) => eventTypes(stdout).includes('evaluatie.gestart'));
    expect(inspect.stderr()).toContain(`case ${scenario.caseId}: evaluatie.gestart`);

    await client.sendEvent(scenario.caseId, scenarioEventInput(scenario, 6) as unknown as EventInput);
    expect(await inspect.exited).toBe(0);
    expect(inspect.stderr()).toContain(`case ${scenario.caseId} closed`);
    // What it sent after the replay is, entry by entry, what the inspection of the closed case's export gives.
    const after = await exportCase(client.client, scenario.caseId);
    expect(after.journal.at(-1)).toMatchObject({ type: 'casus.afgesloten' });
    const all = comparable(linesOf(inspect.stdout()));
    expect(all).toEqual(comparable(inspectionEvents(after)));
    expect(eventTypes(inspect.stdout()).slice(-2)).toEqual(['evaluatie.gestart', 'casus.afgesloten']);
  }, 120_000);

  it('follows the case into its next run after a continue-as-new', async () => {
    const caseId = 'inspect-lang-lopend';
    await client.startCase(
      { caseId, organisatie: 'swv-x', regio: 'x' },
      event('signaal.gemeld', { regisseur: 'r-1' }),
      { workflow: { continueAsNewAfterHistoryLength: 20 } },
    );
    const inspect = startPassend(['inspect', caseId, '--address', env.address]);
    await inspect.waitFor((_, stderr) => stderr.includes('following its new events'));
    await client.sendEvent(
      caseId,
      event('mdo.afgesproken', { soort: 'integraal', sporen: ['kind', 'gezin'] }),
    );
    await client.sendEvent(caseId, event('ondersteuning.gestart', { spoor: 'kind' }));
    for (let round = 0; round < 3; round++) {
      await client.sendEvent(caseId, event('evaluatie.gestart', {}));
      await client.sendEvent(caseId, event('arrangement.voortgezet', {}));
    }
    const after = await exportCase(client.client, caseId);
    expect(after.case.runIds.length).toBeGreaterThan(1);
    await inspect.waitFor((stdout) => eventTypes(stdout).length === after.journal.length);
    expect(comparable(linesOf(inspect.stdout()))).toEqual(comparable(inspectionEvents(after)));
    inspect.child.kill('SIGINT');
    expect(await inspect.exited).toBe(0);
  }, 120_000);

  it('stops on Ctrl-C (SIGINT) with exit 0, and --no-follow ends after the replay', async () => {
    const scenario = seedScenarios().get('case-m')!;
    await load(scenario, scenario.events.length);
    const inspect = startPassend(['inspect', scenario.caseId, '--address', env.address]);
    await inspect.waitFor((_, stderr) => stderr.includes('following its new events'));
    inspect.child.kill('SIGINT');
    expect(await inspect.exited).toBe(0);
    expect(inspect.stderr()).toContain('[passend] stopped; followed it for 0 new journal entries');

    const once = startPassend(['inspect', scenario.caseId, '--address', env.address, '--no-follow']);
    expect(await once.exited).toBe(0);
    expect(once.stderr()).not.toContain('following');
    expect(linesOf(once.stdout())[0]).toMatchObject({ type: '@xstate.actor' });
  }, 120_000);
});
