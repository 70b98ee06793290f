// Differential for the new shipped routes: their scenarios (scenarios/routes/) through the pure core and through the
// live workflow on the time-skipping server give the same report. A route counting calendar days only is compared
// with the core run on the scenario's exact dates; one counting working days, school weeks or to the end of a day
// with the core run on the dates the live run was shifted to, since its moments depend on the weekday and the day.
import { describe, expect, it } from 'vitest';
import { runScenarioLive } from '../../client/index.js';
import type { Scenario } from '../../core/index.js';
import { reportOf, resolveNorms, shiftedRunCaveats, simulate, viewCase } from '../../core/index.js';
import { routeScenarios } from '../../scenarios/index.js';
import { SHIPPED_ROUTES } from '../../machines/index.js';
import { useCaseServer } from '../support/case-env.js';
import { relativeReport } from '../support/relative-report.js';

const server = useCaseServer('time-skipping', 'route-scenarios-live');
const sleep = (ms: number) => server().env.sleep(ms);
// Shifted to the server's now, only scenarios whose norms count calendar days can agree to the millisecond.
const differential = new Map(
  [...routeScenarios()].filter(([, scenario]) => {
    const route = SHIPPED_ROUTES.get(scenario.route)!;
    return shiftedRunCaveats(scenario, resolveNorms(route.norms, scenario.start.normOverrides)).length === 0;
  }),
);

const shifted = new Map([...routeScenarios()].filter(([name]) => !differential.has(name)));

/** The scenario moved by `by` milliseconds: every event's moment and the end of the run. */
function shiftedBy(scenario: Scenario, by: number): Scenario {
  const move = (moment: string): string => new Date(Date.parse(moment) + by).toISOString();
  return {
    ...scenario,
    events: scenario.events.map((event) => ({ ...event, at: move(event.at) })),
    ...(scenario.until === undefined ? {} : { until: move(scenario.until) }),
  };
}

describe('the new shipped routes on the time-skipping server', () => {
  it('runs the differential over the route scenarios that count calendar days only', () => {
    expect([...differential.keys()].sort()).toEqual(['drechtsteden', 'gooi-mdo']);
  });

  it.each([...differential.keys()])('core and workflow agree on %s (differential)', async (name) => {
    const scenario = differential.get(name)!;
    const caseId = `diff-route-${name}`;
    const live = await runScenarioLive(server().client, scenario, sleep, { caseId });
    const core = simulate(scenario);
    const liveReport = relativeReport(reportOf(live.view, live.rejected), live.shift.to);
    const coreReport = relativeReport(
      reportOf({ ...viewCase(core.state), caseId }, core.rejected),
      live.shift.from,
    );
    expect(liveReport).toEqual(coreReport);
    expect(live.view.breaches).toBeGreaterThan(0);
    expect(live.rejected.length).toBeGreaterThan(0);
  });

  it('runs every other new route shifted, against the core on the same shifted dates', () => {
    expect([...shifted.keys()].sort()).toEqual(['ijw-toewijzing', 'jeugdwet-besluit', 'veilig-thuis']);
  });

  it.each([...shifted.keys()])('core and workflow agree on %s on the shifted dates', async (name) => {
    const scenario = shifted.get(name)!;
    const caseId = `shift-route-${name}`;
    const live = await runScenarioLive(server().client, scenario, sleep, { caseId });
    const moved = shiftedBy(scenario, Date.parse(live.shift.to) - Date.parse(live.shift.from));
    const core = simulate(moved);
    const liveReport = relativeReport(reportOf(live.view, live.rejected), live.shift.to);
    const coreReport = relativeReport(
      reportOf({ ...viewCase(core.state), caseId }, core.rejected),
      live.shift.to,
    );
    expect(liveReport).toEqual(coreReport);
    expect(live.view.journal.length).toBeGreaterThan(scenario.events.length - live.rejected.length);
  });
});
