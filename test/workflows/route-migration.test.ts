import { describe, expect, it } from 'vitest';
import { checkAgainstHistory, checkChain, exportCase, replayExports } from '../../audit/index.js';
import { PassendClient } from '../../client/index.js';
import { casesOnRouteVersion, migrateRunningCase } from '../../client/route-migration.js';
import { workflowsPath } from '../../worker/index.js';
import { workflowsWithRoutes } from '../../worker/route-files.js';
import { event } from '../support/case-env.js';
import { passend } from '../support/cli-run.js';
import { eventually } from '../support/eventually.js';
import { useRouteWorkers } from '../support/route-workers.js';
import { ZORGPLICHT_V2 } from '../support/zorgplicht-v2.js';

const TASK_QUEUE = 'route-migration';
const START = { organisatie: 'swv-test', regio: 'regio-test' } as const;
const ACTOR = { role: 'swv', id: 'swv-beheer-1' } as const;
const TO = { id: 'zorgplicht', version: '2.0.0' };

const V2 = ZORGPLICHT_V2;

const { env: devEnv, startWorker } = useRouteWorkers(TASK_QUEUE);

describe('migrating a running case on a real Temporal server', () => {
  it('a v1 case stays on v1 after a worker loads v2, then one Update moves it: journal and deadlines carried, history replays', async () => {
    const v1Only = await startWorker([]);
    const client = new PassendClient(devEnv().client, { taskQueue: TASK_QUEUE });
    const caseId = 'migrate-live-1';
    const now = () => new Date().toISOString();
    await client.startCase(
      { caseId, ...START, routeId: 'zorgplicht', routeVersion: '1.0.0' },
      event('aanmelding.ontvangen', { regisseur: 'ib-1', school: 'school-1' }, { occurredAt: now() }),
    );
    await client.sendEvent(
      caseId,
      event('toelating.besloten', { besluit: 'toegelaten' }, { occurredAt: now() }),
    );
    await client.sendEvent(caseId, event('plaatsing.gestart', { school: 'school-1' }, { occurredAt: now() }));

    // A worker that loaded v2 takes over: the case stays on the version it started on.
    v1Only.worker.shutdown();
    await v1Only.run;
    await startWorker([V2]);
    await client.sendEvent(caseId, event('opp.vastgesteld', {}, { occurredAt: now() }));
    const onV1 = await client.getCase(caseId);
    expect(onV1.route).toEqual({ id: 'zorgplicht', version: '1.0.0' });
    expect(onV1.states).toEqual(['opp']);

    // The dry run says what would happen and changes nothing.
    const request = { to: TO, actor: ACTOR };
    const dry = await migrateRunningCase(devEnv().client, caseId, request, { dryRun: true });
    expect(dry).toMatchObject({
      ok: true,
      migrated: false,
      statesAfter: ['ontwikkelingsperspectief.vastgesteld'],
    });
    expect(dry.herberekend.map((deadline) => deadline.id)).toEqual(['intake-na-signaal#3']);
    expect((await client.getCase(caseId)).journal.length).toBe(onV1.journal.length);
    expect(await casesOnRouteVersion(devEnv().client, 'zorgplicht', '1.0.0')).toContain(caseId);

    const done = await migrateRunningCase(devEnv().client, caseId, request);
    expect(done).toMatchObject({ ok: true, migrated: true });
    const onV2 = await client.getCase(caseId);
    expect(onV2.route).toEqual(TO);
    expect(onV2.states).toEqual(['ontwikkelingsperspectief.vastgesteld']);
    expect(onV2.journal.slice(0, onV1.journal.length)).toEqual(onV1.journal);
    expect(onV2.journal.at(-1)).toMatchObject({
      kind: 'gebeurtenis',
      type: 'route.gemigreerd',
      actor: ACTOR,
      payload: { from: { version: '1.0.0' }, to: TO },
    });
    for (const deadline of onV1.deadlines)
      expect(onV2.deadlines.find((each) => each.id === deadline.id)?.dueAt).toBe(deadline.dueAt);
    // The new version's norm, recomputed from the journal: started by the placement, met by the OPP.
    expect(onV2.deadlines.find((each) => each.id === 'intake-na-signaal#3')?.status).toBe('gehaald');
    await eventually(
      () => casesOnRouteVersion(devEnv().client, 'zorgplicht', '2.0.0'),
      (ids) => ids.includes(caseId),
    );

    // A second migration to the same version is refused by the validator and writes nothing.
    const handle = devEnv().client.workflow.getHandle(`casus-${caseId}`);
    const length = (await handle.fetchHistory()).events?.length;
    const again = await migrateRunningCase(devEnv().client, caseId, request);
    expect(again).toMatchObject({ ok: false, migrated: false, refusal: { code: 'migration-refused' } });
    expect((await handle.fetchHistory()).events?.length).toBe(length);

    // It runs on as v2.
    await client.sendEvent(caseId, event('opp.geevalueerd', { uitkomst: 'doorgaan' }, { occurredAt: now() }));
    await client.sendEvent(
      caseId,
      event('casus.afgesloten', { reden: 'doelen-bereikt' }, { occurredAt: now() }),
    );
    await eventually(
      async () => (await handle.describe()).status.name,
      (status) => status === 'COMPLETED',
    );

    // Its history replays as recorded on a worker that has both versions; its journal verifies.
    const exported = await exportCase(devEnv().client, caseId);
    expect(checkChain(exported)).toMatchObject({ ok: true });
    expect(checkAgainstHistory(exported)).toMatchObject({ ok: true });
    const [runs] = await replayExports([exported], {
      workflowsPath: workflowsWithRoutes(workflowsPath(), [V2]),
    });
    expect(runs?.map((run) => run.ok)).toEqual([true]);
  }, 240_000);

  it('passend route migrate --from moves every open case of a version, reports the one it cannot move, and --dry-run moves none', async () => {
    const client = new PassendClient(devEnv().client, { taskQueue: TASK_QUEUE });
    const now = () => new Date().toISOString();
    const open = async (caseId: string) =>
      client.startCase(
        { caseId, ...START, routeId: 'zorgplicht', routeVersion: '1.0.0' },
        event('aanmelding.ontvangen', { regisseur: 'ib-2', school: 'school-2' }, { occurredAt: now() }),
      );
    await open('migrate-cli-placed');
    await client.sendEvent(
      'migrate-cli-placed',
      event('toelating.besloten', { besluit: 'toegelaten' }, { occurredAt: now() }),
    );
    await open('migrate-cli-tijdelijk');
    await client.sendEvent(
      'migrate-cli-tijdelijk',
      event('tijdelijk.ingeschreven', {}, { occurredAt: now() }),
    );
    const ids = ['migrate-cli-placed', 'migrate-cli-tijdelijk'];
    await eventually(
      () => casesOnRouteVersion(devEnv().client, 'zorgplicht', '1.0.0'),
      (found) => ids.every((id) => found.includes(id)),
    );
    const flags = ['--from', 'zorgplicht@1.0.0', '--to', 'zorgplicht@2.0.0', '--actor', 'swv:swv-beheer-1'];
    const dry = await passend(
      'route',
      'migrate',
      ...flags,
      '--dry-run',
      '--json',
      '--address',
      devEnv().address,
    );
    expect(dry.code).toBe(1);
    const answer = JSON.parse(dry.stdout) as {
      dryRun: boolean;
      cases: { caseId: string; ok: boolean; migrated: boolean; refusal: { issues: unknown[] } | null }[];
    };
    const byId = new Map(answer.cases.map((each) => [each.caseId, each]));
    expect(byId.get('migrate-cli-placed')).toMatchObject({ ok: true, migrated: false });
    expect(byId.get('migrate-cli-tijdelijk')).toMatchObject({ ok: false, migrated: false });
    expect(byId.get('migrate-cli-tijdelijk')?.refusal?.issues).toContainEqual({
      path: 'states.tijdelijkIngeschreven',
      message: 'has no place in zorgplicht@2.0.0: its migration from 1.0.0 maps it nowhere',
    });
    expect((await client.getCase('migrate-cli-placed')).route.version).toBe('1.0.0');

    const run = await passend('route', 'migrate', ...flags, '--address', devEnv().address);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/migrate-cli-placed .*migrated/);
    expect(run.stdout).toMatch(
      /migrate-cli-tijdelijk .*refused: case migrate-cli-tijdelijk cannot move to zorgplicht@2\.0\.0/,
    );
    expect((await client.getCase('migrate-cli-placed')).route.version).toBe('2.0.0');
    expect((await client.getCase('migrate-cli-tijdelijk')).route.version).toBe('1.0.0');
  }, 180_000);
});
