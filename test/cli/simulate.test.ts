import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { passend } from '../support/cli-run.js';
import type { SimulationOutput } from '../../cli/simulate.js';
import { mergeNormOverrides } from '../../cli/simulate.js';
import type { Scenario } from '../../core/index.js';
import { loadRegionConfig } from '../../config/index.js';
import { reportOf, simulate, viewCase } from '../../core/index.js';
import { loadScenario } from '../../scenarios/index.js';
import { bredaSuspensionEvents } from '../support/breda-suspension.js';
import { relativeReport } from '../support/relative-report.js';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const SEEDS = ['breda-op-tijd', 'breda-te-laat', 'case-m', 'levi'].map((name) => `scenarios/${name}.json`);
const ZORGPLICHT = 'test/fixtures/scenarios/zorgplicht-verlengd-te-laat.json';
const BREDA_REGION = 'config/regions/breda.json';

const coreReport = (scenario: Scenario) => {
  const result = simulate(scenario);
  return reportOf(viewCase(result.state), result.rejected);
};

const temp = mkdtempSync(join(tmpdir(), 'passend-simulate-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Writes a variant of a seed scenario (or raw text) to a temp file and returns its path. */
function variant(name: string, change: ((raw: Record<string, unknown>) => void) | string): string {
  const path = join(temp, `${name}.json`);
  if (typeof change === 'string') {
    writeFileSync(path, change);
    return path;
  }
  const raw = JSON.parse(readFileSync(repo('scenarios/breda-te-laat.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  change(raw);
  writeFileSync(path, JSON.stringify(raw, null, 2));
  return path;
}

describe('passend simulate --json', () => {
  it.each([...SEEDS, ZORGPLICHT])(
    '%s: exit 0 and the report of the pure core on exact dates',
    async (file) => {
      const { code, stdout, stderr } = await passend('simulate', repo(file), '--json');
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const output = JSON.parse(stdout) as SimulationOutput;
      const scenario = loadScenario(repo(file));
      expect(output.mode).toBe('core');
      expect(output.shift).toBeUndefined();
      expect(output.scenario).toEqual({
        title: scenario.title,
        route: scenario.route,
        caseId: scenario.caseId,
      });
      expect(output.report).toEqual(coreReport(scenario));
    },
  );

  it('--until overrides the scenario until and runs the clock on to it', async () => {
    const { code, stdout } = await passend(
      'simulate',
      repo('scenarios/breda-op-tijd.json'),
      '--json',
      '--until',
      '2026-09-01T00:00:00+02:00',
    );
    expect(code).toBe(0);
    const scenario = loadScenario(repo('scenarios/breda-op-tijd.json'));
    const report = (JSON.parse(stdout) as SimulationOutput).report;
    expect(report).toEqual(coreReport({ ...scenario, until: '2026-09-01T00:00:00+02:00' }));
  });

  it("--region-config applies the region's norm overrides beneath the scenario's own", async () => {
    const { code, stdout } = await passend(
      'simulate',
      repo('scenarios/breda-te-laat.json'),
      '--json',
      '--region-config',
      repo(BREDA_REGION),
    );
    expect(code).toBe(0);
    const scenario = loadScenario(repo('scenarios/breda-te-laat.json'));
    // The scenario has no overrides of its own, so the region's apply as they are.
    expect(scenario.start.normOverrides).toEqual({});
    const region = loadRegionConfig(repo(BREDA_REGION));
    const withRegion: Scenario = { ...scenario, start: { ...scenario.start, normOverrides: region.norms } };
    const report = (JSON.parse(stdout) as SimulationOutput).report;
    expect(report).toEqual(coreReport(withRegion));
    expect(report.deadlines.find((deadline) => deadline.normId === 'intake-na-signaal')?.normVersion).toMatch(
      /\+override$/,
    );
  });

  it('the scenario wins a conflict with the region, field by field; norms of another route are skipped', () => {
    const werkdagen = { kind: 'werkdagen', goedeVrijdag: false, bevrijdingsdag: 'lustrum' } as const;
    const { merged, skipped } = mergeNormOverrides(
      {
        'intake-na-signaal': { term: { amount: 5, unit: 'werkdagen' }, calendar: werkdagen },
        zorgplicht: { termijnenwet: true },
      },
      { 'intake-na-signaal': { term: { amount: 10, unit: 'dagen' } }, 'breda-route': { warning: null } },
      ['breda-route', 'intake-na-signaal'],
    );
    expect(merged).toEqual({
      'intake-na-signaal': { term: { amount: 10, unit: 'dagen' }, calendar: werkdagen },
      'breda-route': { warning: null },
    });
    expect(skipped).toEqual(['zorgplicht']);
  });

  it('notes on stderr when the region is not the case region or has norms the route lacks', async () => {
    const { code, stderr } = await passend(
      'simulate',
      repo(ZORGPLICHT),
      '--json',
      '--region-config',
      repo(BREDA_REGION),
    );
    expect(code).toBe(0);
    expect(stderr).toContain('regio breda, the case is in regio midden');
    expect(stderr).toContain('no norm intake-na-signaal');
  });
});

describe('passend simulate (tables)', () => {
  it('case M.: the header, the stages, both Treeknorm breaches and the final state', async () => {
    const { code, stdout } = await passend('simulate', repo('scenarios/case-m.json'));
    expect(code).toBe(0);
    expect(stdout).toContain('scenario   Case M. (seed 004, bijlage 4)');
    expect(stdout).toContain('case       demo-casus-m  (vo-school-m, regio regio-m)');
    expect(stdout).toMatch(/norms {6}breda-route 2013-1, .*treeknorm-intake 2013-1/);
    expect(stdout).toMatch(/run {8}pure core on exact dates; the clock runs on to 01-08-2013, 00:00/);
    expect(stdout).toMatch(/^signaal {6}24-01-2013, 10:00 {2}24-01-2013, 11:00$/m);
    expect(stdout).toMatch(/^arrangement {2}24-01-2013, 11:00 {2}-$/m);
    // Breached on 21 February 2013 (four weeks after the registration), met on 3 April.
    expect(stdout).toMatch(
      /^treeknorm-intake \(gezin\) +gehaald-na-overschrijding +24-01-2013, 12:00 +21-02-2013, 12:00 +14-02-2013, 12:00 +03-04-2013, 10:00 +21-02-2013, 12:00 +- +0 +-$/m,
    );
    expect(stdout).toMatch(
      /^treeknorm-behandeling \(gezin\) +gehaald-na-overschrijding .* 12-06-2013, 10:00 +- +0 +-$/m,
    );
    expect(stdout).toContain('rejected events\n(none)');
    expect(stdout).toContain('final      stage arrangement, regisseur jz-m-07, plan revisie 1');
    expect(stdout).toContain('findings   2 breaches, 2 warnings, 0 rejected events');
  });

  it('zorgplicht: the extended due moment with the original, and the refused second extension', async () => {
    const { code, stdout } = await passend('simulate', repo(ZORGPLICHT));
    expect(code).toBe(0);
    expect(stdout).toMatch(
      // Six weeks from the day after receipt to the end of Monday 23 February, extended to the end of 23 March.
      /^zorgplicht +gehaald-na-overschrijding +12-01-2026, 09:00 +t\/m 23-03-2026 \(was t\/m 23-02-2026\) .* 1 +-$/m,
    );
    expect(stdout).toMatch(
      /^events\.2 +deadline\.verlengd +deadline-refused +norm "zorgplicht" was already extended .* +type: at most 1 extension\(s\)$/m,
    );
    expect(stdout).toContain('final      stage toegelaten, regisseur zc-po-7, plan -');
    expect(stdout).toContain('1 rejected event');
  });

  it('a suspension: the due moment moved by the whole days the clock stood still, and those days in the table', async () => {
    const file = variant('breda-opgeschort', (raw) => {
      (raw['events'] as unknown[]).splice(1, 0, ...bredaSuspensionEvents());
    });
    const { code, stdout } = await passend('simulate', file);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^breda-route +gehaald +02-03-2026, 09:00 +25-03-2026, 09:00 \(was 23-03-2026, 09:00\) .* 0 +2$/m,
    );
  });

  it('Breda with the region configuration: the overridden norm version and the region in the header', async () => {
    const { code, stdout } = await passend(
      'simulate',
      repo('scenarios/breda-te-laat.json'),
      '--region-config',
      repo(BREDA_REGION),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('intake-na-signaal 2026-1+override');
    expect(stdout).toMatch(
      /region {5}.*config\/regions\/breda\.json \(regio breda; the scenario's overrides win\)/,
    );
  });
});

describe('passend simulate refuses what it cannot run', () => {
  const malformed: [string, string | ((raw: Record<string, unknown>) => void), RegExp[]][] = [
    ['bad-json', '{ "title": "half', [/not valid JSON/]],
    ['no-events', (raw) => delete raw['events'], [/not a valid scenario/, /^ {2}events: /m]],
    [
      'at-without-offset',
      (raw) => ((raw['events'] as { at: string }[])[1]!.at = '2026-03-05T15:00:00'),
      [/^ {2}events\.1\.at: must be an ISO 8601 date-time with an offset/m, /"2026-03-05T15:00:00"/],
    ],
    ['unknown-route', (raw) => (raw['route'] = 'omweg'), [/route: unknown route "omweg"; known: toeleiding/]],
    [
      'reserved-case-id',
      (raw) => (raw['caseId'] = 'overdue'),
      [/^ {2}caseId: "overdue" is reserved \(GET \/cases\/overdue lists the overdue cases\)/m],
    ],
    [
      'wrong-first-event',
      (raw) => (raw['events'] as unknown[]).shift(),
      [
        /the case cannot be opened: events\.0: .*starts with "signaal\.gemeld", not "intake\.gehouden"/,
        /type: /,
      ],
    ],
    [
      'unknown-norm',
      (raw) =>
        ((raw['start'] as Record<string, unknown>)['normOverrides'] = { zorgplicht: { termijnenwet: true } }),
      [/start\.normOverrides\.zorgplicht: this route has no norm "zorgplicht"/],
    ],
    [
      'equated-day-without-termijnenwet',
      (raw) =>
        ((raw['start'] as Record<string, unknown>)['normOverrides'] = {
          'breda-route': { gelijkgesteldeDagen: ['2026-05-15'] },
        }),
      [/normOverrides\.breda-route\.gelijkgesteldeDagen: days equated .* need termijnenwet: true/],
    ],
    [
      'equated-day-not-a-date',
      (raw) =>
        ((raw['start'] as Record<string, unknown>)['normOverrides'] = {
          'breda-route': { termijnenwet: true, gelijkgesteldeDagen: ['2026-02-30'] },
        }),
      [/start\.normOverrides\.breda-route\.gelijkgesteldeDagen\.0: not a calendar date: 2026-02-30/],
    ],
    [
      'until-before-last-event',
      (raw) => (raw['until'] = '2026-03-10T00:00:00+01:00'),
      [/until: lies before the last event \(events\.3\.at/],
    ],
  ];

  it.each(malformed)(
    '%s: exit 1, the file, the field and the reason on stderr (and, with --json, as JSON on stdout)',
    async (name, change, expected) => {
      const path = variant(name, change);
      const { code, stdout, stderr } = await passend('simulate', path, '--json');
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toEqual({ error: 'failed', message: expect.stringContaining(`${path}: `) });
      expect(stderr).toContain(`passend: ${path}: `);
      for (const pattern of expected) expect(stderr).toMatch(pattern);
    },
  );

  it('a missing file: exit 1 naming it', async () => {
    const path = join(temp, 'nowhere.json');
    const { code, stderr } = await passend('simulate', path);
    expect(code).toBe(1);
    expect(stderr).toContain(`passend: ${path}: cannot read the scenario (ENOENT`);
  });

  it('a malformed region configuration: exit 1 naming the file and field', async () => {
    const path = join(temp, 'region.json');
    writeFileSync(path, JSON.stringify({ regio: 'breda', source: 'x', norms: { 'breda-route': {} } }));
    const { code, stderr } = await passend('simulate', repo('scenarios/levi.json'), '--region-config', path);
    expect(code).toBe(1);
    expect(stderr).toContain(`${path}: not a valid region configuration`);
    expect(stderr).toContain('norms.breda-route: an override must change something');
  });

  it.each([
    [['simulate'], /expected <scenario\.json>, got 0 argument/],
    [['simulate', 'a.json', 'b.json'], /got 2 argument/],
    [['simulate', 'scenarios/levi.json', '--verbose'], /unknown flag --verbose/],
    [
      ['simulate', 'scenarios/levi.json', '--until', '2019-12-01'],
      /--until must be an ISO 8601 date-time with an offset/,
    ],
    [
      ['simulate', 'scenarios/levi.json', '--until', '2019-09-01T00:00:00+02:00'],
      /--until .* lies before the last event/,
    ],
  ])('bad command line %j: exit 2 with the usage', async (argv, expected) => {
    const [command, file, ...rest] = argv;
    const { code, stderr } = await passend(
      command!,
      ...(file === undefined ? [] : [file.startsWith('scenarios/') ? repo(file) : file]),
      ...rest,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(expected);
    expect(stderr).toContain('passend simulate <scenario.json> [--json] [--temporal]');
  });

  it('--temporal checks the scenario in the core first: a malformed one never starts a server', async () => {
    const path = variant('temporal-wrong-first-event', (raw) => (raw['events'] as unknown[]).shift());
    const { code, stderr } = await passend('simulate', path, '--temporal');
    expect(code).toBe(1);
    expect(stderr).toContain('the case cannot be opened');
    expect(stderr).not.toContain('starting the time-skipping server');
  });
});

describe('passend simulate --temporal (time-skipping server)', () => {
  it('Breda te laat: the same report relative to the start as the core run, shifted to the server now', async () => {
    const file = repo('scenarios/breda-te-laat.json');
    const { code, stdout, stderr } = await passend('simulate', file, '--temporal', '--json');
    expect(code, stderr).toBe(0);
    const output = JSON.parse(stdout) as SimulationOutput;
    const scenario = loadScenario(file);
    expect(output.mode).toBe('temporal');
    expect(output.shift?.from).toBe(new Date(scenario.events[0]!.at).toISOString());
    // The server's now is today, not the scenario's 2026-03-02.
    expect(Math.abs(Date.parse(output.shift!.to) - Date.now())).toBeLessThan(3_600_000);
    expect(relativeReport(output.report, output.shift!.to)).toEqual(
      relativeReport(coreReport(scenario), scenario.events[0]!.at),
    );
    expect(output.report.breaches.map((breach) => breach.deadlineId)).toEqual([
      output.report.deadlines.find((deadline) => deadline.normId === 'breda-route')!.id,
    ]);
    expect(stderr).toContain('[passend] starting the time-skipping server…');
    expect(stderr).toContain('[passend] event 4/4 plaatsingscommissie.besloten (day 22.1)');
    expect(stderr).not.toContain('note:');
  });

  it('with working-day norms: notes that weekday-dependent moments differ, and prints the shift', async () => {
    const { code, stdout, stderr } = await passend(
      'simulate',
      repo('scenarios/breda-op-tijd.json'),
      '--temporal',
      '--region-config',
      repo(BREDA_REGION),
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/note {7}this case has norms that count working days/);
    expect(stdout).toMatch(/run {8}time-skipping server, shifted 02-03-2026, 09:00 → /);
    expect(stdout).toContain('final      stage arrangement, regisseur swv-breda-cl-04, plan revisie 1');
    expect(stdout).toContain('findings   0 breaches');
  });
});
