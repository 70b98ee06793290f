// The audit commands against a real Temporal dev server: case M. loaded with its real, backdated 2013 history
// (as `npm start` loads it), exported, reconstructed offline at 1 March and 20 April 2013, tampered with and
// reported on; Levi closed, archived, and read from the archive when the server is out of reach.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport, CaseAt } from '../../audit/index.js';
import { CLOSED_CASES_QUERY } from '../../audit/index.js';
import type { PassendClient } from '../../client/index.js';
import type { EventEntry, EventInput, JournalEntry, Scenario } from '../../core/index.js';
import { scenarioEventInput } from '../../core/index.js';
import { seedScenarios } from '../../scenarios/index.js';
import { createCaseTestWorker, event } from '../support/case-env.js';
import { startDevEnv } from '../support/temporal-env.js';
import { passend } from '../support/cli-run.js';
import { rechain } from './rechain.js';

let env: TestWorkflowEnvironment;
let worker: Worker;
let client: PassendClient;
let running: Promise<void>;
let address: string;
const dir = mkdtempSync(join(tmpdir(), 'passend-audit-'));
const archive = join(dir, 'archive');
const exportFile = join(dir, 'demo-casus-m.json');
const NOWHERE = '127.0.0.1:1';

async function load(scenario: Scenario): Promise<void> {
  const [first, ...history] = scenario.events.map((_, index) => scenarioEventInput(scenario, index));
  await client.startCase(
    { caseId: scenario.caseId, routeId: scenario.route, ...scenario.start },
    first as EventInput,
    { history: history as EventInput[] },
  );
}

beforeAll(async () => {
  env = await startDevEnv();
  ({ worker, client } = await createCaseTestWorker(env, 'audit-commands'));
  running = worker.run();
  address = env.address;
  await load(seedScenarios().get('case-m')!);
  await load(seedScenarios().get('levi')!);
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

async function at(source: string, moment: string, ...flags: string[]): Promise<CaseAt> {
  const run = await passend('audit', 'at', source, moment, '--json', ...flags);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as CaseAt;
}

const exported = () => JSON.parse(readFileSync(exportFile, 'utf8')) as AuditExport;
const eventOf = (journal: readonly JournalEntry[], type: string) =>
  journal.find((entry): entry is EventEntry => entry.kind === 'gebeurtenis' && entry.type === type)!;

function tamper(name: string, change: (journal: JournalEntry[]) => void): string {
  const copy = exported() as unknown as { journal: JournalEntry[] };
  change(copy.journal);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(copy, null, 2));
  return path;
}

describe('passend audit export', () => {
  it('writes one self-describing file of an open case: histories, journal, norms, chain head, versions', async () => {
    const run = await passend('audit', 'export', 'demo-casus-m', '--out', exportFile, '--address', address);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`exported demo-casus-m`);
    const file = exported();
    expect(file).toMatchObject({
      format: 'passend-routes/audit-export',
      formatVersion: 1,
      engine: { name: 'passend-routes', version: '0.1.0' },
      case: {
        caseId: 'demo-casus-m',
        workflowId: 'casus-demo-casus-m',
        route: { id: 'toeleiding' },
        organisatie: 'vo-school-m',
        regio: 'regio-m',
        closed: false,
        status: 'RUNNING',
      },
      start: { caseId: 'demo-casus-m', routeId: 'toeleiding', organisatie: 'vo-school-m', regio: 'regio-m' },
      encryption: null,
    });
    expect(file.case.runIds).toHaveLength(1);
    expect(file.histories[0]?.runId).toBe(file.case.runIds[0]);
    expect(file.histories[0]?.history.events[0]?.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(file.norms.map((norm) => `${norm.id}@${norm.version}`)).toContain('treeknorm-intake@2013-1');
    const intake = eventOf(file.journal, 'zorg.intake-gehouden');
    expect(intake).toMatchObject({
      occurredAt: '2013-04-03T08:00:00.000Z',
      actor: { role: 'jeugdzorg', id: 'jz-m-07' },
      stageBefore: 'arrangement',
      stageAfter: 'arrangement',
    });
    expect(intake.deadlines.gehaald).toHaveLength(1);
    expect(intake.deadlines.gestart).toHaveLength(1);
    expect(file.journal.filter((entry) => entry.kind === 'deadline.overschreden')).toHaveLength(2);
  });

  it('passend inspect CASE_ID prints the inspection events passend inspect --export gives for its export', async () => {
    const comparable = (stdout: string): unknown[] =>
      stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          // What differs per run: when each event was made, and an event's random id.
          const { createdAt: _createdAt, id: _id, ...rest } = JSON.parse(line) as Record<string, unknown>;
          return rest;
        });
    const live = await passend('inspect', 'demo-casus-m', '--address', address, '--no-follow');
    expect(live.code, live.stderr).toBe(0);
    const offline = await passend('inspect', '--export', exportFile);
    expect(offline.code, offline.stderr).toBe(0);
    const events = comparable(live.stdout);
    expect(events).toHaveLength(1 + 2 * exported().journal.length);
    expect(events[0]).toMatchObject({ type: '@xstate.actor', sessionId: 'case:demo-casus-m' });
    expect(events).toEqual(comparable(offline.stdout));
  });

  it('exports a closed case too (its final view comes from the history)', async () => {
    const run = await passend('audit', 'export', 'demo-levi', '--address', address);
    expect(run.code, run.stderr).toBe(0);
    const file = JSON.parse(run.stdout) as AuditExport;
    expect(file.case).toMatchObject({ caseId: 'demo-levi', closed: true, status: 'COMPLETED' });
    expect(file.journal.at(-1)).toMatchObject({ kind: 'gebeurtenis', type: 'casus.afgesloten' });
  });
});

describe('passend audit at: case M. reconstructed from the export, offline', () => {
  it('on 1 March 2013: arrangement, the family registered with no provider intake yet, the intake overdue, regie at smw-m-01', async () => {
    const state = await at(exportFile, '2013-03-01', '--address', NOWHERE);
    expect(state.moment).toBe('2013-03-01T22:59:59.999Z');
    expect(state.stage).toBe('arrangement');
    expect(state.states).toContain('arrangement.lopend.gezin.wachten.aangemeld');
    expect(state.lastEvent).toMatchObject({ type: 'zorg.aangemeld', occurredAt: '2013-01-24T11:00:00.000Z' });
    const intake = state.deadlines.find((deadline) => deadline.normId === 'treeknorm-intake');
    expect(intake).toMatchObject({
      spoor: 'gezin',
      status: 'overschreden',
      dueAt: '2013-02-21T11:00:00.000Z',
      metAt: null,
      daysLate: 8,
    });
    expect(state.deadlines.find((deadline) => deadline.normId === 'treeknorm-behandeling')).toBeUndefined();
    expect(state.regisseur).toBe('smw-m-01');
    expect(state.regisseurSince).toMatchObject({ seq: 1, type: 'signaal.gemeld' });
    expect(state.planRevisie).toBe(1);
    expect(state.findings).toEqual([]);
    // Loaded in one go, long after 2013: the facts as they stood, registered later.
    expect(state.recordedLater.length).toBe(state.eventsReplayed);
  });

  it('the handover of regie on 17 April 2013 11:00 shows from that moment on', async () => {
    expect((await at(exportFile, '2013-04-17T10:59:00+02:00')).regisseur).toBe('smw-m-01');
    const handover = await at(exportFile, '2013-04-17T11:00:00+02:00');
    expect(handover.regisseur).toBe('jz-m-07');
    expect(handover.regisseurSince).toMatchObject({
      type: 'regie.overgedragen',
      occurredAt: '2013-04-17T09:00:00.000Z',
      actor: { role: 'schoolmaatschappelijk-werk', id: 'smw-m-01' },
    });
    const later = await at(exportFile, '2013-04-20');
    expect(later.regisseur).toBe('jz-m-07');
    expect(later.deadlines.find((deadline) => deadline.normId === 'treeknorm-intake')).toMatchObject({
      status: 'gehaald-na-overschrijding',
      metAt: '2013-04-03T08:00:00.000Z',
      daysLate: 41,
    });
  });

  it('answers for a case id from the live server too, as a table', async () => {
    const run = await passend('audit', 'at', 'demo-casus-m', '2013-03-01', '--address', address);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/regisseur\s+smw-m-01/);
    expect(run.stdout).toMatch(
      /treeknorm-intake \(gezin\)\s+overschreden\s+24-01-2013 12:00 \[#3\]\s+21-02-2013 12:00/,
    );
    expect(run.stdout).toContain('registered after this moment (backdated)');
  });

  it('refuses a moment before the case began', async () => {
    const run = await passend('audit', 'at', exportFile, '2013-01-24T09:59:00+01:00');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('lies before case demo-casus-m began');
  });
});

describe('passend audit verify: chain, history and replay of the export', () => {
  it('passes the untouched export, replaying its history against the workflow code', async () => {
    const run = await passend('audit', 'verify', exportFile);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^ok\s+demo-casus-m/);
    expect(run.stdout).toContain('replay   ok: run');
  });

  it.each([
    [
      'altered',
      (journal: JournalEntry[]) => {
        const index = journal.findIndex(
          (entry) => entry.kind === 'gebeurtenis' && entry.type === 'zorg.intake-gehouden',
        );
        journal[index] = { ...(journal[index] as EventEntry), occurredAt: '2013-02-20T09:00:00.000Z' };
      },
      'entry 6 altered',
    ],
    ['removed', (journal: JournalEntry[]) => void journal.splice(4, 1), 'entry 5 removed'],
    [
      'reordered',
      (journal: JournalEntry[]) => {
        const [a, b] = [journal[6]!, journal[7]!];
        journal[6] = b;
        journal[7] = a;
      },
      'entry 7 reordered',
    ],
  ])('exits 1 when an entry was %s, naming it', async (name, change, expected) => {
    const file = tamper(name, change);
    const run = await passend('audit', 'verify', file, '--json');
    expect(run.code).toBe(1);
    const [result] = JSON.parse(run.stdout) as {
      ok: boolean;
      chain: { break: { kind: string; seq: number } };
    }[];
    expect(result?.ok).toBe(false);
    expect(`entry ${result?.chain.break.seq} ${result?.chain.break.kind}`).toBe(expected);
    const text = await passend('audit', 'verify', '--chain-only', file);
    expect(text.stdout).toContain(`chain    BROKEN: ${expected}`);
  });
});

describe('passend audit verify: a case whose events arrived as Updates', () => {
  // Each Update answers with the entries its event added and the journal's chain head; a forger who rewrites an
  // entry and recomputes every hash still disagrees with what the history recorded.
  const caseId = 'audit-updates-1';
  const file = join(dir, `${caseId}.json`);

  beforeAll(async () => {
    await client.startCase(
      { caseId, organisatie: 'swv-breda', regio: 'breda' },
      event('signaal.gemeld', { regisseur: 'swv-cl-4' }),
    );
    await client.sendEvent(caseId, event('intake.gehouden', { locatie: 'thuis' }));
    await client.sendEvent(caseId, event('plaatsingscommissie.aangevraagd', {}));
    const run = await passend('audit', 'export', caseId, '--out', file, '--address', address);
    expect(run.code, run.stderr).toBe(0);
  });

  const rewritten = (name: string, change: (journal: JournalEntry[]) => void): string => {
    const copy = JSON.parse(readFileSync(file, 'utf8')) as AuditExport & { journal: JournalEntry[] };
    change(copy.journal);
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify({ ...copy, ...rechain(copy.journal, caseId) }));
    return path;
  };

  it('passes untouched, comparing the entries and chain heads the Update answers recorded', async () => {
    const run = await passend('audit', 'verify', '--chain-only', file);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(
      /history\s+ok: .*entries 1-3 as the history records them \(2 entries, 2 chain heads\)/,
    );
  });

  it('names the entry an Update recorded otherwise, when it was rewritten with a recomputed chain', async () => {
    const path = rewritten('updates-rechained', (journal) => {
      journal[1] = { ...(journal[1] as EventEntry), regisseur: 'iemand-anders' };
    });
    const run = await passend('audit', 'verify', '--chain-only', path);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/chain\s+ok/);
    expect(run.stdout).toContain('history  DIFFERS: entry 2 is not what the Temporal history recorded');
  });
});

describe('passend audit report: for a complaints committee', () => {
  it('tells the breaches and by how much, the interim contacts, and who acted, citing entries', async () => {
    const run = await passend('audit', 'report', exportFile, '--format', 'text');
    expect(run.code, run.stderr).toBe(0);
    const journal = exported().journal;
    const intake = eventOf(journal, 'zorg.intake-gehouden');
    expect(run.stdout).toContain(
      `treeknorm-intake (gezin): due 21-02-2013 12:00 [#5], met 03-04-2013 10:00 [#${intake.seq}]: 41 days late`,
    );
    expect(run.stdout).toMatch(
      /treeknorm-behandeling \(gezin\): due 12-06-2013 10:00 \[#\d+\], met 01-07-2013 09:00 \[#\d+\]: 19 days late/,
    );
    expect(run.stdout).toContain('5 of at most 5 contacts');
    expect(run.stdout).toContain(
      'treeknorm-intake (gezin) (4 weken): from 24-01-2013 12:00 [#3] until 03-04-2013 10:00',
    );
    expect(run.stdout).toContain('jeugdzorg:jz-m-07');
    expect(run.stdout).toContain('the events were registered afterwards');
  });

  it('renders a standalone HTML page', async () => {
    const out = join(dir, 'report.html');
    const run = await passend(
      'audit',
      'report',
      'demo-casus-m',
      '--format',
      'html',
      '--out',
      out,
      '--address',
      address,
    );
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    for (const external of ['<script', '<link', 'src=', 'url(', '@import'])
      expect(html).not.toContain(external);
    expect(html).toContain('41 days late');
  });
});

describe('beyond Temporal retention: the archive', () => {
  async function closedCasesVisible(): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      for await (const execution of env.client.workflow.list({ query: CLOSED_CASES_QUERY })) {
        if (execution.workflowId === 'casus-demo-levi') return;
      }
      await new Promise((done) => setTimeout(done, 200));
    }
    throw new Error('the closed Levi case did not appear in visibility');
  }

  it('archives the closed cases only, once', async () => {
    await closedCasesVisible();
    const first = await passend('audit', 'archive', '--archive', archive, '--address', address);
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toContain('1 case(s) archived, 0 already there, 0 failed');
    expect(first.stdout).toContain(`demo-levi → ${join(archive, 'demo-levi.json')}`);
    const again = await passend('audit', 'archive', '--archive', archive, '--address', address);
    expect(again.stdout).toContain('0 case(s) archived, 1 already there, 0 failed');
  });

  it('answers for a case only the archive holds when the server is out of reach', async () => {
    const state = await at('demo-levi', '2019-09-20', '--address', NOWHERE, '--archive', archive);
    expect(state).toMatchObject({ caseId: 'demo-levi', stage: 'arrangement', regisseur: 'cjg-levi-02' });
    const report = await passend('audit', 'report', 'demo-levi', '--address', NOWHERE, '--archive', archive);
    expect(report.code).toBe(0);
    expect(report.stderr).toContain('reading the archive');
    const verify = await passend('audit', 'verify', 'demo-levi', '--address', NOWHERE, '--archive', archive);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toContain(`archive ${join(archive, 'demo-levi.json')}`);
  });

  it('names both places when neither has the case', async () => {
    const run = await passend(
      'audit',
      'at',
      'nergens-1',
      '2019-09-20',
      '--address',
      address,
      '--archive',
      archive,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Temporal at ${address} (namespace default) does not have it`);
    expect(run.stderr).toContain(join(archive, 'nergens-1.json'));
  });
});
