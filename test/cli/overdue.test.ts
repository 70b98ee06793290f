import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passend as run } from '../support/cli-run.js';
import type { PassendClient } from '../../client/index.js';
import { createCaseTestWorker, event } from '../support/case-env.js';
import { startDevEnv } from '../support/temporal-env.js';

let env: TestWorkflowEnvironment;
let worker: Worker;
let client: PassendClient;
let running: Promise<void>;
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** Runs `passend …` against the dev server; returns the exit code and what it wrote. */
const passend = (...argv: string[]) => run(...argv, '--address', env.address);

beforeAll(async () => {
  env = await startDevEnv();
  ({ worker, client } = await createCaseTestWorker(env, 'cli-overdue'));
  running = worker.run();
  const start = (caseId: string, regisseur: string, occurredAt?: string) =>
    client.startCase(
      { caseId, organisatie: 'swv-cli', regio: 'regio-cli' },
      event('signaal.gemeld', { regisseur }, occurredAt === undefined ? {} : { occurredAt }),
    );
  // Thirty days after the signal: intake-na-signaal (7 days) and breda-route (3 weeks) are breached.
  await start('cli-laat', 'regisseur-a', daysAgo(30));
  // Six days after the signal: intake-na-signaal's warning went out, nothing is breached.
  await start('cli-waarschuwing', 'regisseur-b', daysAgo(6));
  await start('cli-op-tijd', 'regisseur-b');
  // Visibility is eventually consistent: wait until it shows the breach and the warning.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const atRisk = await client.overdueCases({ organisatie: 'swv-cli', atRisk: true });
    const open = await client.listCases({ organisatie: 'swv-cli' });
    if (atRisk.length === 2 && open.length === 3) break;
    await new Promise((wait) => setTimeout(wait, 200));
  }
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

describe('passend overdue: breached cases from one visibility query', () => {
  it('prints a table: case, norms, due moment, days over, stage, regisseur, organisation', async () => {
    const { code, stdout } = await passend('overdue', '--organisatie', 'swv-cli');
    expect(code).toBe(0);
    const [header, rule, ...rows] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^case\s+norm\(s\)\s+due\s+days over\s+stage\s+regisseur\s+organisation$/);
    expect(rule).toMatch(/^-+( +-+)+$/);
    expect(rows).toHaveLength(1);
    const row = rows[0] ?? '';
    expect(row).toMatch(/^cli-laat\s+breda-route, intake-na-signaal\s+/);
    expect(row).toMatch(/\s(22|23)\s+signaal\s+regisseur-a\s+swv-cli$/);
    // The due moment on Amsterdam's clock, e.g. 21-02-2013 09:00.
    expect(row).toMatch(/\d{1,2}-\d{1,2}-\d{4},? \d{2}:\d{2}/);
  });

  it('--json gives the cases with whole days over', async () => {
    const { code, stdout } = await passend('overdue', '--organisatie', 'swv-cli', '--json');
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as {
      at: string;
      count: number;
      cases: {
        caseId: string;
        overdueNorms: string[];
        overdueSince: string;
        daysOver: number;
        risk: string;
      }[];
    };
    expect(answer.count).toBe(1);
    const [late] = answer.cases;
    expect(late).toMatchObject({ caseId: 'cli-laat', risk: 'overschreden' });
    expect(late?.overdueNorms).toEqual(['breda-route', 'intake-na-signaal']);
    expect(late?.daysOver).toBe(
      Math.floor((Date.parse(answer.at) - Date.parse(late?.overdueSince ?? '')) / DAY),
    );
  });

  it('--at-risk adds the warned case, its norm marked as a warning and no days over', async () => {
    const { code, stdout } = await passend('overdue', '--organisatie', 'swv-cli', '--at-risk');
    expect(code).toBe(0);
    const rows = stdout.trimEnd().split('\n').slice(2);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['cli-laat', 'cli-waarschuwing']);
    expect(rows[1]).toMatch(/intake-na-signaal \(waarschuwing\).*\s-\s+signaal\s+regisseur-b\s+swv-cli$/);
  });

  it('filters by regisseur, stage and region; says so when nothing matches', async () => {
    const none = await passend('overdue', '--organisatie', 'swv-cli', '--regisseur', 'regisseur-b');
    expect(none).toMatchObject({ code: 0, stdout: 'no overdue cases\n' });
    const region = await passend('overdue', '--regio', 'regio-cli', '--stage', 'signaal', '--json');
    expect((JSON.parse(region.stdout) as { count: number }).count).toBe(1);
    // --region is the English alias of --regio: the same answer.
    const alias = await passend('overdue', '--region', 'regio-cli', '--stage', 'signaal', '--json');
    expect((JSON.parse(alias.stdout) as { count: number }).count).toBe(1);
  });
});

describe('passend cases: open cases by the same filters', () => {
  it('prints a table of the open cases', async () => {
    const { code, stdout } = await passend('cases', '--organisatie', 'swv-cli');
    expect(code).toBe(0);
    const [header, , ...lines] = stdout.trimEnd().split('\n');
    expect(header).toMatch(
      /^case\s+route\s+stage\s+regisseur\s+organisation\s+region\s+risk\s+next due\s+breaches$/,
    );
    // The lists hold no next due moment for a case on schedule: its row shows '-', and a line says where it is.
    const rows = lines.slice(0, -1);
    expect(lines.at(-1)).toMatch(/^next due: '-' for a case op-schema.*`passend case show ID` gives it$/);
    expect(rows.find((row) => row.startsWith('cli-op-tijd'))).toMatch(/op-schema\s+-\s+0$/);
    expect(rows.map((row) => row.split(/\s+/)[0]).sort()).toEqual([
      'cli-laat',
      'cli-op-tijd',
      'cli-waarschuwing',
    ]);
    expect(rows.find((row) => row.startsWith('cli-laat'))).toMatch(/overschreden\s+.*\s2$/);
  });

  it('--risk and --json', async () => {
    const { code, stdout } = await passend(
      'cases',
      '--organisatie',
      'swv-cli',
      '--risk',
      'waarschuwing',
      '--json',
    );
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as { count: number; cases: { caseId: string }[] };
    expect(answer.cases.map((summary) => summary.caseId)).toEqual(['cli-waarschuwing']);
  });
});

describe('a bad flag value exits 2 and names the flag, before connecting', () => {
  it.each([
    [['overdue', '--regio', 'regio met spaties'], /--regio must be an identifier/],
    [['overdue', '--organisatie', "x' OR 1=1"], /--organisatie must be an identifier/],
    // The English flags are aliases of the Dutch ones: the message names the flag by its Dutch name.
    [['cases', '--region', 'regio met spaties'], /--regio must be an identifier/],
    [['cases', '--risk', 'rood'], /--risk must be one or more of op-schema, waarschuwing, overschreden/],
    [['overdue', '--limit', '0'], /--limit must be a whole number/],
    [['overdue', '--at-risk', 'ja'], /overdue takes no arguments/],
    [['overdue', '--regoi', 'noord'], /unknown flag --regoi \(did you mean --regio\?\)/],
  ])('%j', async (argv, message) => {
    const { code, stderr, stdout } = await passend(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });
});

describe('--json: what the server refuses is JSON on stdout too, exit 1 (issue 13, item 3)', () => {
  it('a case that does not exist: case-not-found, as the HTTP API answers it', async () => {
    const { code, stdout, stderr } = await passend('case', 'show', 'cli-nergens', '--json');
    expect(code).toBe(1);
    expect(stderr).toBe('passend: case cli-nergens does not exist\n');
    expect(JSON.parse(stdout)).toEqual({
      error: 'case-not-found',
      caseId: 'cli-nergens',
      message: 'case cli-nergens does not exist',
    });
  });

  it('a case id started before: case-exists', async () => {
    const flags = ['--organisatie', 'swv-cli', '--regio', 'regio-cli', '--actor', 'swv:swv-1'];
    const { code, stdout } = await passend(
      'case',
      'start',
      'cli-laat',
      ...flags,
      '--regisseur',
      'r-1',
      '--json',
    );
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ error: 'case-exists', caseId: 'cli-laat' });
  });
});
