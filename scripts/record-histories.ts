// Records the replay corpus: `test/fixtures/histories/<name>.json`, one audit export per case, each holding
// the real Temporal history of every run of the case workflow (and the decoded journal, norms and chain head).
//
// CI replays every file in that folder against the current workflow code (test/audit/replay-corpus.test.ts;
// by hand: `npx passend audit verify test/fixtures/histories/*.json`). A change to workflows/ that no longer
// reproduces a recorded history would break every running case recorded with the old code: guard such a
// change with `patched()` (https://docs.temporal.io/develop/typescript/versioning) instead of refreshing.
//
// How it records: the time-skipping test server (started and given the case search attributes as
// test/support/temporal-env.ts does), a worker with the real workflow and activities, and each
// seed scenario (scenarios/*.json) run live with `runScenarioLive` — every event sent as an Update at its
// moment, every deadline timer firing on the server — plus case M. once more with a low continue-as-new
// threshold, so the corpus holds a case of several runs, and a case with a correction (levi-gecorrigeerd).
//
// When to refresh: after adding a seed scenario, or after a deliberate, patched() change to the workflow, to
// add histories recorded by the new code. Keep what the old code recorded: before refreshing, rename the
// files that running cases still resemble (`git mv test/fixtures/histories/case-m.json
// test/fixtures/histories/case-m@0.1.0.json`): every *.json in the folder is replayed, whatever its name.
//
// How: `npx tsx scripts/record-histories.ts` (needs the test server: `npm run setup`). It overwrites
// <name>.json for every seed scenario and prints what it wrote; review the diff and commit it.
// `--only NAME[,NAME]` records those seed scenarios only (`case-m-continued-as-new` names the continued case) and
// `--suffix S` writes <name>S.json: add what a new workflow version records beside what the old one did
// (`--only breda-te-laat,levi --suffix @v3`) without touching the files running cases still resemble.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseArgs as parseArgsOf } from 'node:util';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { exportCase, writeAuditExport } from '../audit/index.js';
import { PassendClient, runScenarioLive } from '../client/index.js';
import type { EventInput, Scenario } from '../core/index.js';
import { EventRejectedError, scenarioEventInput } from '../core/index.js';
import { startTimeSkippingServer } from '../infra/index.js';
import { seedScenarios } from '../scenarios/index.js';
import { migrateRunningCase } from '../client/route-migration.js';
import { caseWorkflowBundle, workflowsPath } from '../worker/index.js';
import { readRouteFiles, workflowsWithRoutes } from '../worker/route-files.js';
import { registerCaseSearchAttributes } from '../worker/search-attributes.js';

const HISTORIES_DIR = fileURLToPath(new URL('../test/fixtures/histories/', import.meta.url));
/** Test routes (zorgplicht@2.0.0): the worker loads them beside the shipped ones, as the corpus replay does. */
const FIXTURE_ROUTES_DIR = fileURLToPath(new URL('../test/fixtures/routes/', import.meta.url));
const say = (line: string) => process.stdout.write(`[record-histories] ${line}\n`);

/** Like `runScenarioLive`, with a continue-as-new threshold so the case hands over to new runs. */
async function runContinuingAsNew(
  client: PassendClient,
  scenario: Scenario,
  caseId: string,
  sleep: (ms: number) => Promise<void>,
  continueAsNewAfterHistoryLength: number,
): Promise<void> {
  const live = (index: number): EventInput => {
    const { occurredAt: _moment, ...input } = scenarioEventInput(scenario, index);
    return { ...input, idempotencyKey: `${caseId}/${index}` } as EventInput;
  };
  const origin = Date.parse(scenario.events[0]?.at ?? '');
  await client.startCase({ caseId, routeId: scenario.route, ...scenario.start }, live(0), {
    workflow: { continueAsNewAfterHistoryLength },
  });
  let elapsed = 0;
  const advance = async (moment: string): Promise<void> => {
    const offset = Date.parse(moment) - origin;
    if (offset > elapsed) await sleep(offset - elapsed);
    elapsed = Math.max(elapsed, offset);
  };
  for (let index = 1; index < scenario.events.length; index++) {
    const event = scenario.events[index];
    if (event === undefined) continue;
    await advance(event.at);
    try {
      await client.sendEvent(caseId, live(index));
    } catch (error) {
      if (!(error instanceof EventRejectedError)) throw error;
    }
  }
  if (scenario.until !== undefined) await advance(scenario.until);
}

/** The `--only` and `--suffix` flags; anything else stops the script naming it. */
function parseArgs(argv: readonly string[]): { only: ReadonlySet<string> | undefined; suffix: string } {
  const { values } = parseArgsOf({
    args: [...argv],
    options: { only: { type: 'string' }, suffix: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const known = new Set([...seedScenarios().keys(), CONTINUED, MIGRATED, CORRECTED]);
  const only = values.only === undefined ? undefined : new Set(values.only.split(','));
  for (const name of only ?? []) {
    if (!known.has(name))
      throw new Error(`--only: no seed scenario "${name}" (there are ${[...known].join(', ')})`);
  }
  const suffix = values.suffix ?? '';
  if (!/^[@A-Za-z0-9._-]*$/.test(suffix))
    throw new Error(`--suffix must be a plain file-name part, not "${suffix}"`);
  return { only, suffix };
}

const CONTINUED = 'case-m-continued-as-new';
const MIGRATED = 'zorgplicht-migrated';
const CORRECTED = 'levi-gecorrigeerd';

/** A zorgplicht@1.0.0 case moved to the fixture zorgplicht@2.0.0 halfway (one migrateRoute Update), then closed. */
async function runMigrated(client: PassendClient, caseId: string): Promise<void> {
  const key = (index: number) => `${caseId}/${index}`;
  const actor = { role: 'swv', id: 'swv-beheer-1' } as const;
  await client.startCase(
    {
      caseId,
      routeId: 'zorgplicht',
      routeVersion: '1.0.0',
      organisatie: 'swv-corpus',
      regio: 'regio-corpus',
    },
    {
      type: 'aanmelding.ontvangen',
      payload: { regisseur: 'ib-1', school: 'school-1' },
      actor,
      idempotencyKey: key(0),
    },
  );
  const send = (type: string, payload: Record<string, unknown>, index: number) =>
    client.sendEvent(caseId, { type, payload, actor, idempotencyKey: key(index) });
  await send('toelating.besloten', { besluit: 'toegelaten' }, 1);
  await send('plaatsing.gestart', { school: 'school-1' }, 2);
  await send('opp.vastgesteld', {}, 3);
  const migrated = await migrateRunningCase(client.client, caseId, {
    to: { id: 'zorgplicht', version: '2.0.0' },
    actor,
  });
  if (!migrated.migrated) throw new Error(`${caseId} was not migrated: ${JSON.stringify(migrated.refusal)}`);
  await send('opp.geevalueerd', { uitkomst: 'doorgaan' }, 4);
  await send('casus.afgesloten', { reden: 'doelen-bereikt' }, 5);
}

/**
 * Levi's light path with a referral to care registered by mistake on the child's track: its treeknorm breaches by
 * its timer a month later, and a correction (a sendEvent like any other) withdraws the referral, retracting the
 * breach; the case then runs on and closes.
 */
async function runCorrected(
  client: PassendClient,
  caseId: string,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const DAY = 86_400_000;
  const actor = { role: 'intern-begeleider', id: 'ib-corpus-1' } as const;
  let index = 0;
  const send = (type: string, payload: Record<string, unknown>) =>
    client.sendEvent(caseId, { type, payload, actor, idempotencyKey: `${caseId}/${++index}` });
  await client.startCase(
    { caseId, organisatie: 'bs-corpus', regio: 'regio-corpus' },
    { type: 'signaal.gemeld', payload: { regisseur: 'cjg-corpus-1' }, actor, idempotencyKey: `${caseId}/0` },
  );
  await sleep(2 * DAY);
  await send('mdo.afgesproken', { soort: 'licht', sporen: ['kind', 'gezin'] });
  await sleep(DAY);
  const referral = await send('zorg.aangemeld', { spoor: 'kind', aanbieder: 'aanbieder-corpus-1' });
  const seq = referral.recorded[0]?.seq;
  if (seq === undefined) throw new Error(`${caseId}: the referral recorded no entry`);
  await sleep(30 * DAY);
  await send('correctie', { seq, reden: 'verkeerde-casus' });
  await send('ondersteuning.gestart', { spoor: 'kind' });
  await sleep(DAY);
  await send('ondersteuning.gestart', { spoor: 'gezin' });
  await sleep(14 * DAY);
  await send('evaluatie.gestart', {});
  await send('casus.afgesloten', { reden: 'doelen-bereikt' });
}

async function main(): Promise<void> {
  const { only, suffix } = parseArgs(process.argv.slice(2));
  const wanted = (name: string) => only === undefined || only.has(name);
  // A case id takes no "@": the suffix's other characters tell the recorded case apart.
  const idPart = suffix === '' ? '' : `-${suffix.replace(/[^A-Za-z0-9._-]/g, '')}`;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const logger = new DefaultLogger('WARN', (entry) => {
    // The Java test server does not advertise this capability; the case activities do not heartbeat.
    if (!entry.message.startsWith('Temporal Server 1.16.0 or newer is required')) {
      process.stderr.write(`[record-histories] ${entry.level} ${entry.message}\n`);
    }
  });
  Runtime.install({
    logger,
    telemetryOptions: { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } },
  });
  const env = await startTimeSkippingServer();
  try {
    await registerCaseSearchAttributes(env.connection, env.namespace ?? 'default');
    const taskQueue = 'record-histories';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: await caseWorkflowBundle(
        logger,
        workflowsWithRoutes(workflowsPath(), readRouteFiles(FIXTURE_ROUTES_DIR)),
      ),
      activities: createActivities({
        outboxPath: join(mkdtempSync(join(tmpdir(), 'passend-record-')), 'outbox.jsonl'),
      }),
    });
    const client = new PassendClient(env.client, { taskQueue });
    const sleep = (ms: number) => env.sleep(ms);
    const record = async (name: string, caseId: string): Promise<void> => {
      const exported = await exportCase(env.client, caseId, { now: new Date(await env.currentTimeMs()) });
      const path = join(HISTORIES_DIR, `${name}${suffix}.json`);
      writeAuditExport(path, exported);
      const events = exported.histories.reduce((sum, run) => sum + run.history.events.length, 0);
      say(
        `${path}: ${exported.case.workflowId}, ${exported.case.runIds.length} run(s), ${events} history events, ${exported.journal.length} journal entries`,
      );
    };
    await worker.runUntil(async () => {
      for (const [name, scenario] of seedScenarios()) {
        if (!wanted(name)) continue;
        const caseId = `corpus-${name}${idPart}`;
        await runScenarioLive(client, scenario, sleep, { caseId });
        await record(name, caseId);
      }
      if (wanted(MIGRATED)) {
        await runMigrated(client, `corpus-${MIGRATED}${idPart}`);
        await record(MIGRATED, `corpus-${MIGRATED}${idPart}`);
      }
      if (wanted(CORRECTED)) {
        await runCorrected(client, `corpus-${CORRECTED}${idPart}`, sleep);
        await record(CORRECTED, `corpus-${CORRECTED}${idPart}`);
      }
      if (!wanted(CONTINUED)) return;
      const caseM = seedScenarios().get('case-m');
      if (caseM === undefined) throw new Error('the seed scenario case-m is missing');
      await runContinuingAsNew(client, caseM, `corpus-case-m-continued${idPart}`, sleep, 20);
      await record(CONTINUED, `corpus-case-m-continued${idPart}`);
    });
  } finally {
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[record-histories] ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
