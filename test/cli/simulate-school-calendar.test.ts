import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { SimulationOutput } from '../../cli/simulate.js';
import { passend } from '../support/cli-run.js';

// From a school calendar file through the command that reads it: `passend simulate --regio-config FILE`.
const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const EXAMPLE = repo('config/regions/utrecht-schoolweken.json');

const temp = mkdtempSync(join(tmpdir(), 'passend-school-calendar-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const path = join(temp, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** A signal in midden on Monday 14 December 2026: school year 2026-2027, which the engine does not ship. */
const scenario = write('utrecht.json', {
  title: 'Utrecht counts the toeleiding in school weeks',
  route: 'toeleiding',
  caseId: 'schoolweken-utrecht',
  start: { organisatie: 'swv-utrecht', regio: 'utrecht' },
  events: [
    {
      at: '2026-12-14T09:00:00+01:00',
      type: 'signaal.gemeld',
      payload: { regisseur: 'swv-utrecht-cl-01' },
      actor: { role: 'intern-begeleider', id: 'ib-utrecht-03' },
    },
  ],
  until: '2027-01-04T09:00:00+01:00',
});

const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;

describe('passend simulate --regio-config with a school calendar', () => {
  it('counts the three school weeks across the supplied kerstvakantie 2026-2027', async () => {
    const { code, stdout } = await passend('simulate', scenario, '--regio-config', EXAMPLE, '--json');
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as SimulationOutput;
    const deadline = output.report.deadlines.find((d) => d.normId === 'breda-route');
    // 15-18 December, then from 4 January on (19 December - 3 January is the supplied kerstvakantie).
    expect(deadline).toMatchObject({
      startedAt: '2026-12-14T08:00:00.000Z',
      dueAt: '2027-01-20T08:00:00.000Z',
    });
    expect(output.report.rejected).toEqual([]);
  });

  it('without the school calendar the case cannot be opened: the year is refused by name', async () => {
    const { schoolCalendar: _dropped, $schema: _schema, ...bare } = example;
    const { code, stderr } = await passend('simulate', scenario, '--regio-config', write('bare.json', bare));
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${scenario}: the case cannot be opened: events.0: a deadline of this event cannot be counted: ` +
        'no school holidays known for regio midden in school year 2026-2027 (needed for 2026-12-15)',
    );
  });

  it('a bad school calendar: exit 1, the file and every path at fault, nothing simulated', async () => {
    const calendar = example['schoolCalendar'] as { regio: string; schoolYears: Record<string, unknown>[] };
    const year = calendar.schoolYears[0] as { vakanties: Record<string, unknown> };
    const bad = write('bad.json', {
      ...example,
      $schema: undefined,
      schoolCalendar: {
        regio: 'midden',
        schoolYears: [
          {
            ...year,
            vakanties: { ...year.vakanties, meivakantie: { from: '2027-05-02', to: '2027-04-24' } },
          },
          { ...year, schoolYear: '2025-2026' },
        ],
      },
    });
    const { code, stdout, stderr } = await passend('simulate', scenario, '--regio-config', bad);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${bad}: not a valid region configuration`);
    expect(stderr).toContain(
      'schoolCalendar.schoolYears.0.vakanties.meivakantie.to: 2027-04-24 lies before from',
    );
    expect(stderr).toContain(
      'schoolCalendar.schoolYears.1.vakanties.herfstvakantie.from: 2026-10-17 lies outside',
    );
  });
});
