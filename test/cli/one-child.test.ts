import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary, PassendClient } from '../../client/index.js';
import { TASK_QUEUE } from '../../workflows/definitions.js';
import { passend as run } from '../support/cli-run.js';
import { createCaseTestWorker } from '../support/case-env.js';
import { eventually } from '../support/eventually.js';
import { startDevEnv } from '../support/temporal-env.js';

let env: TestWorkflowEnvironment;
let worker: Worker;
let client: PassendClient;
let running: Promise<void>;

/** Runs `passend …` against the dev server. */
const passend = (...argv: string[]) => run(...argv, '--address', env.address);
const monthAgo = () => new Date(Date.now() - 30 * 86_400_000).toISOString();

/** `passend case start` in region regio-een-kind, a month ago (so its norms are breached), with extra flags. */
const start = (caseId: string, ...flags: string[]) =>
  passend(
    'case',
    'start',
    caseId,
    '--organisatie',
    'swv-een-kind',
    '--regio',
    'regio-een-kind',
    '--actor',
    'intern-begeleider:ib-1',
    '--regisseur',
    'regisseur-1',
    '--at',
    monthAgo(),
    ...flags,
  );

beforeAll(async () => {
  env = await startDevEnv();
  // The command line starts cases on the product's task queue: this dev server is the file's own.
  ({ worker, client } = await createCaseTestWorker(env, TASK_QUEUE));
  running = worker.run();
  for (const caseId of ['cli-kind-a', 'cli-kind-b']) {
    expect((await start(caseId, '--kind-referentie', 'kind-cli-4d2')).code).toBe(0);
    // Listed before the child's next case starts, so that one finds it (see docs/coordinators.md on the lag).
    await eventually(
      () => client.listCases({ regio: 'regio-een-kind' }),
      (cases: CaseSummary[]) => cases.some((summary) => summary.caseId === caseId),
    );
  }
  expect((await start('cli-kind-los')).code).toBe(0);
  // The flags are set by the workflows once they found each other: wait until the list shows both.
  await eventually(
    () => client.listCases({ regio: 'regio-een-kind', dubbeleCasus: true }),
    (cases: CaseSummary[]) => cases.length === 2,
  );
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

describe('passend cases and overdue show the cases of one child open twice in a region', () => {
  it('marks both cases of the child (dubbel) in passend cases, and explains the mark', async () => {
    const { code, stdout } = await passend('cases', '--regio', 'regio-een-kind');
    expect(code).toBe(0);
    const rows = stdout.split('\n');
    expect(rows.find((row) => row.startsWith('cli-kind-a'))).toMatch(/^cli-kind-a \(dubbel\)\s/);
    expect(rows.find((row) => row.startsWith('cli-kind-b'))).toMatch(/^cli-kind-b \(dubbel\)\s/);
    expect(rows.find((row) => row.startsWith('cli-kind-los'))).not.toMatch(/dubbel/);
    expect(stdout).toMatch(/\(dubbel\): another case of the same child is open in the region/);
  });

  it('--dubbel lists only the flagged cases, in passend cases and in passend overdue --json', async () => {
    const cases = await passend('cases', '--regio', 'regio-een-kind', '--dubbel', '--json');
    expect(cases.code).toBe(0);
    const listed = JSON.parse(cases.stdout) as { cases: CaseSummary[] };
    expect(listed.cases.map((summary) => summary.caseId).sort()).toEqual(['cli-kind-a', 'cli-kind-b']);
    const overdue = await passend('overdue', '--regio', 'regio-een-kind', '--dubbel', '--json');
    expect(overdue.code).toBe(0);
    const late = JSON.parse(overdue.stdout) as { cases: CaseSummary[] };
    expect(late.cases.map((summary) => [summary.caseId, summary.dubbeleCasus]).sort()).toEqual([
      ['cli-kind-a', true],
      ['cli-kind-b', true],
    ]);
    // The reference itself is in no list: coordinators see the flag, not the child's pseudonym.
    expect(cases.stdout + overdue.stdout).not.toContain('kind-cli-4d2');
  });

  it.each([
    ['kind-111222333', /kindReferentie.*holds a BSN|holds a BSN.*kindReferentie/],
    ['Jan de Vries', /kindReferentie/],
    ['k'.repeat(65), /kindReferentie/],
  ])(
    'case start refuses --kind-referentie %j naming the field, and starts nothing',
    async (value, message) => {
      const { code, stderr } = await start('cli-kind-fout', '--kind-referentie', value);
      expect(code).toBe(1);
      expect(stderr).toMatch(message);
      expect((await passend('case', 'show', 'cli-kind-fout')).code).toBe(1);
    },
  );
});
