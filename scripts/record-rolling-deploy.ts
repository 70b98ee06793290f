// Records the replay corpus's rolling-deploy case: a case started by this client (workflow version 2, openedAt,
// start search attributes) whose tasks an older worker ran, one that knows none of that and marks its runs with
// the notify-in-background patch. A client upgraded before its workers makes such histories; the current workflow
// code must replay them as recorded (test/audit/replay-corpus.test.ts).
//
//   git worktree add /tmp/passend-old aceaf73 && ln -s "$PWD/node_modules" /tmp/passend-old/node_modules
//   npx tsx scripts/record-rolling-deploy.ts /tmp/passend-old
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { exportCase, writeAuditExport } from '../audit/index.js';
import { PassendClient } from '../client/index.js';
import type { EventInput } from '../core/index.js';
import { temporalCliPath } from '../infra/index.js';
import { CASE_SEARCH_ATTRIBUTE_KEYS } from '../workflows/search-attributes.js';

const FIXTURE = fileURLToPath(
  new URL('../test/fixtures/histories/rolling-deploy-new-client-old-worker.json', import.meta.url),
);

function event(index: number, type: string, payload: Record<string, unknown>): EventInput {
  return { type, payload, actor: { role: 'swv', id: 'swv-rolling-1' }, idempotencyKey: `rolling/${index}` };
}

async function main(oldTree: string): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ui: false,
      log: { format: 'pretty', level: 'error' },
      extraArgs: ['--output', 'none'],
      searchAttributes: CASE_SEARCH_ATTRIBUTE_KEYS,
    },
  });
  try {
    const taskQueue = 'rolling-deploy';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: join(oldTree, 'workflows/index.ts'),
        preloadModules: [join(oldTree, 'workflows/preload.ts')],
      }),
      activities: createActivities({
        outboxPath: join(mkdtempSync(join(tmpdir(), 'rolling-')), 'outbox.jsonl'),
      }),
    });
    const client = new PassendClient(env.client, { taskQueue });
    await worker.runUntil(async () => {
      await client.startCase(
        { caseId: 'corpus-rolling-deploy', organisatie: 'swv-breda', regio: 'breda' },
        event(0, 'signaal.gemeld', { regisseur: 'swv-breda-cl-04' }),
      );
      await client.sendEvent('corpus-rolling-deploy', event(1, 'intake.gehouden', { locatie: 'thuis' }));
      await client.sendEvent('corpus-rolling-deploy', event(2, 'plaatsingscommissie.aangevraagd', {}));
      // The export reads the journal through the case's query, so the worker still runs.
      writeAuditExport(FIXTURE, await exportCase(env.client, 'corpus-rolling-deploy'));
    });
    process.stdout.write(`[record-rolling-deploy] ${FIXTURE}\n`);
  } finally {
    await env.teardown();
  }
}

const oldTree = process.argv[2];
if (oldTree === undefined) {
  process.stderr.write('usage: npx tsx scripts/record-rolling-deploy.ts <a checkout of aceaf73>\n');
  process.exit(2);
}
main(resolve(oldTree)).catch((error: unknown) => {
  process.stderr.write(`[record-rolling-deploy] ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
