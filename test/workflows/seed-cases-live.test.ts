import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenarioLive } from '../../client/index.js';
import type { BreachEntry } from '../../core/index.js';
import { reportOf, resolveNorms, shiftedRunCaveats, simulate, viewCase } from '../../core/index.js';
import { scenariosIn, seedScenarios } from '../../scenarios/index.js';
import { ROUTES } from '../../machines/index.js';
import { fileURLToPath } from 'node:url';
import { useCaseServer } from '../support/case-env.js';
import { relativeReport } from '../support/relative-report.js';

const DAY = 86_400_000;
const server = useCaseServer('time-skipping', 'seed-cases-live');
const scenarios = seedScenarios();
const fixtures = scenariosIn(fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url)));
// A scenario shifted to the server's now lands on other weekdays, holidays and times of day: only the scenarios
// whose moments do not depend on those can agree to the millisecond.
const differentialScenarios = new Map(
  [...scenarios, ...fixtures].filter(([, candidate]) => {
    const route = ROUTES.get(candidate.route);
    if (route === undefined) return false;
    return (
      shiftedRunCaveats(candidate, resolveNorms(route.norms, candidate.start.normOverrides)).length === 0
    );
  }),
);

function scenario(name: string) {
  const found = scenarios.get(name);
  if (found === undefined) throw new Error(`seed scenario ${name} is missing`);
  return found;
}

const sleep = (ms: number) => server().env.sleep(ms);
const breachesOf = (journal: readonly { kind: string }[]) =>
  journal.filter((entry): entry is BreachEntry => entry.kind === 'deadline.overschreden');

describe('the seed cases on the time-skipping server, with real durable timers', () => {
  it('runs the differential over every seed and fixture scenario that counts calendar days only', () => {
    // The zorgplicht fixture counts as the law does since issue 12 (to the end of the day, the Algemene
    // termijnenwet): shifted to the server's now, its moments depend on the weekday and the time of day.
    expect([...differentialScenarios.keys()].sort()).toEqual(
      ['breda-op-tijd', 'breda-te-laat', 'case-m', 'levi'].sort(),
    );
  });

  it('case M. (seed 004): breaches the intake norm after 4 weeks and the care-start norm 10 weeks after the intake', async () => {
    const { view, shift } = await runScenarioLive(server().client, scenario('case-m'), sleep, {
      caseId: 'live-casus-m',
    });
    const start = Date.parse(shift.to);
    const breaches = breachesOf(view.journal);
    expect(breaches.map((breach) => breach.normId)).toEqual(['treeknorm-intake', 'treeknorm-behandeling']);
    const [intake, behandeling] = breaches;
    // 24 January → 21 February 2013: exactly four weeks (no daylight-saving change in between here).
    expect(Math.round((Date.parse(intake!.dueAt) - start) / DAY)).toBe(28);
    // 3 April + 10 weeks = 12 June 2013: 139 days after 24 January.
    expect(Math.round((Date.parse(behandeling!.dueAt) - start) / DAY)).toBe(139);
    for (const breach of breaches) {
      // Detected by the durable timer at the due moment, not when a later event happened to arrive.
      expect(Date.parse(breach.detectedAt) - Date.parse(breach.dueAt)).toBeLessThan(60_000);
      expect(Date.parse(breach.detectedAt)).toBeGreaterThanOrEqual(Date.parse(breach.dueAt));
    }
    const context = view.context as { sporen: { gezin: { overbrugging: { contacten: number } } } };
    expect(context.sporen.gezin.overbrugging.contacten).toBe(5);
    expect(view.regisseur).toBe('jz-m-07');
    const outbox = readFileSync(server().outboxPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { caseId: string; normId: string; kind: string });
    const breachLines = outbox.filter(
      (line) => line.caseId === 'live-casus-m' && line.kind === 'deadline.overschreden',
    );
    expect(breachLines.map((line) => line.normId)).toEqual(['treeknorm-intake', 'treeknorm-behandeling']);
  });

  it('Breda (seed 002): intake and placement decision within 15 days raise no breach', async () => {
    const { view } = await runScenarioLive(server().client, scenario('breda-op-tijd'), sleep, {
      caseId: 'live-breda-op-tijd',
    });
    expect(view.breaches).toBe(0);
    expect(view.deadlines.find((deadline) => deadline.normId === 'breda-route')?.status).toBe('gehaald');
  });

  it('Breda (seed 002): a decision on day 22 is breached on day 21, detected while the case was waiting', async () => {
    const { view, shift } = await runScenarioLive(server().client, scenario('breda-te-laat'), sleep, {
      caseId: 'live-breda-te-laat',
    });
    const [breach] = breachesOf(view.journal);
    expect(breach?.normId).toBe('breda-route');
    expect(Math.round((Date.parse(breach!.detectedAt) - Date.parse(shift.to)) / DAY)).toBe(21);
    const decision = view.journal.find(
      (entry) => entry.kind === 'gebeurtenis' && entry.type === 'plaatsingscommissie.besloten',
    );
    expect(breach!.seq).toBeLessThan(decision!.seq);
    expect(breach!.stage).toBe('plaatsingscommissie');
    expect(view.deadlines.find((deadline) => deadline.normId === 'breda-route')?.status).toBe(
      'gehaald-na-overschrijding',
    );
  });

  it('Levi (seed 004): the light path closes with no breach', async () => {
    const { view } = await runScenarioLive(server().client, scenario('levi'), sleep, { caseId: 'live-levi' });
    expect(view.closed).toBe(true);
    expect(view.stage).toBe('afgesloten');
    expect(view.breaches).toBe(0);
  });

  it.each([...differentialScenarios.keys()])('core and workflow agree on %s (differential)', async (name) => {
    const seed = differentialScenarios.get(name)!;
    const caseId = `diff-${name}`;
    const live = await runScenarioLive(server().client, seed, sleep, { caseId });
    const core = simulate(seed);
    const liveReport = relativeReport(reportOf(live.view, live.rejected), live.shift.to);
    const coreReport = relativeReport(
      reportOf({ ...viewCase(core.state), caseId }, core.rejected),
      live.shift.from,
    );
    expect(liveReport).toEqual(coreReport);
  });
});
