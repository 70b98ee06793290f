// Records the replay corpus's one-child cases (one child, one plan; docs/coordinators.md): two cases of one child in
// a region, which find each other through the meldKindCasus activity and its signals, the first closed (so its
// history holds the closing announcement) and the second exported while open, after the closing signal cleared
// its flag. On the dev server: the activity lists cases by a visibility query, which the time-skipping server
// that scripts/record-histories.ts uses does not answer. The current workflow code must replay both as recorded
// (test/audit/replay-corpus.test.ts).
//
//   npx tsx scripts/record-one-child.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { exportCase, writeAuditExport } from '../audit/index.js';
import { PassendClient } from '../client/index.js';
import type { EventInput } from '../core/index.js';
import { temporalCliPath } from '../infra/index.js';
import { caseWorkflowBundle, workflowsPath } from '../worker/index.js';
import { caseWorkflowId } from '../workflows/definitions.js';
import { CASE_SEARCH_ATTRIBUTE_KEYS, CASE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

const HISTORIES = fileURLToPath(new URL('../test/fixtures/histories/', import.meta.url));

function event(caseId: string, index: number, type: string, payload: Record<string, unknown>): EventInput {
  return {
    type,
    payload,
    actor: { role: 'swv', id: 'swv-een-kind-1' },
    idempotencyKey: `${caseId}/${index}`,
  };
}

/** Reads `read` every 200 ms until it gives `expected`, for at most 30 s. */
async function until<T>(read: () => Promise<T>, expected: T, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await read()) !== expected) {
    if (Date.now() > deadline) throw new Error(`${what} did not become ${String(expected)}`);
    await new Promise((wait) => setTimeout(wait, 200));
  }
}

async function main(): Promise<void> {
  const logger = new DefaultLogger('WARN');
  Runtime.install({ logger });
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
    const taskQueue = 'record-one-child';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await caseWorkflowBundle(logger, workflowsPath()),
      activities: createActivities({
        outboxPath: join(mkdtempSync(join(tmpdir(), 'one-child-')), 'outbox.jsonl'),
      }),
    });
    const client = new PassendClient(env.client, { taskQueue });
    const flag = async (caseId: string) =>
      (await env.client.workflow.getHandle(caseWorkflowId(caseId)).describe()).typedSearchAttributes.get(
        CASE_SEARCH_ATTRIBUTES.dubbeleCasus,
      );
    await worker.runUntil(async () => {
      const start = (caseId: string, organisatie: string) =>
        client.startCase(
          { caseId, organisatie, regio: 'breda', kindReferentie: 'kind-corpus-1' },
          event(caseId, 0, 'signaal.gemeld', { regisseur: `${organisatie}-cl-1` }),
        );
      await start('corpus-een-kind-a', 'swv-breda');
      await start('corpus-een-kind-b', 'gemeente-breda');
      await until(() => flag('corpus-een-kind-a'), true, 'the flag of corpus-een-kind-a');
      await until(() => flag('corpus-een-kind-b'), true, 'the flag of corpus-een-kind-b');
      await client.sendEvent(
        'corpus-een-kind-a',
        event('corpus-een-kind-a', 1, 'casus.afgesloten', { reden: 'geen-ondersteuning-nodig' }),
      );
      await env.client.workflow.getHandle(caseWorkflowId('corpus-een-kind-a')).result();
      await until(() => flag('corpus-een-kind-b'), false, 'the flag of corpus-een-kind-b');
      // The export reads the journal through the case's query, so the worker still runs.
      for (const [caseId, name] of [
        ['corpus-een-kind-a', 'een-kind-gesloten'],
        ['corpus-een-kind-b', 'een-kind-open'],
      ] as const) {
        const path = join(HISTORIES, `${name}.json`);
        writeAuditExport(path, await exportCase(env.client, caseId));
        process.stdout.write(`[record-one-child] ${path}\n`);
      }
    });
  } finally {
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[record-one-child] ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
