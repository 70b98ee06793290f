// Differential for the new shipped routes: their scenarios (scenarios/routes/) through the pure core on exact dates
// and through the live workflow on the time-skipping server give the same report, relative to each run's start.
import { describe, expect, it } from 'vitest';
import { runScenarioLive } from '../../client/index.js';
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
});
