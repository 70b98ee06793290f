import type { CaseState, Scenario } from '../core/index.js';
import { applyEvent, openCase, simulate, viewCase, visibilityOf } from '../core/index.js';
import { benchEvents, benchStart, ROUTE_EVENTS } from './route.js';

/** One in-process measurement: how many events went through in how long. */
export interface CoreFigure {
  readonly label: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

const HOUR = 3_600_000;
const BASE = Date.parse('2026-03-02T08:00:00Z');

/** Repeats `pass` (which returns the events it handled) until `minSeconds` have passed, after one warm-up pass. */
function measure(label: string, minSeconds: number, pass: () => number): CoreFigure {
  pass();
  let events = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    events += pass();
    elapsed = (performance.now() - start) / 1000;
  } while (elapsed < minSeconds);
  return { label, events, seconds: elapsed, eventsPerSecond: events / elapsed };
}

function must(decision: ReturnType<typeof applyEvent>, what: string): CaseState {
  if (!decision.ok) throw new Error(`bench route refused at ${what}: ${decision.rejection.message}`);
  return decision.state;
}

/** The bench route through `openCase`/`applyEvent`, one hour between events, for `cases` cases. */
function routePass(cases: number, tag: string): number {
  for (let index = 0; index < cases; index++) {
    const caseId = `core-${tag}-${index}`;
    const [first, ...rest] = benchEvents(caseId);
    let state = must(openCase(benchStart(caseId), first, BASE), 'start');
    rest.forEach((event, step) => {
      state = must(applyEvent(state, event, BASE + (step + 1) * HOUR), event.type);
    });
  }
  return cases * ROUTE_EVENTS;
}

/**
 * The same route with the core work the hosted case does per event: the client's `openCase` and the
 * workflow's at the start plus a `getCase` view; per later event `applyEvent` once (the Update validator
 * decides, and the handler takes that decision after comparing the event's JSON), `viewCase` serialised as
 * the Update's result, and the visibility record the workflow compares before it upserts search attributes.
 */
function hostedPass(cases: number, tag: string): number {
  for (let index = 0; index < cases; index++) {
    const caseId = `hosted-${tag}-${index}`;
    const [first, ...rest] = benchEvents(caseId);
    must(openCase(benchStart(caseId), first, BASE), 'client start');
    let state = must(openCase(benchStart(caseId), first, BASE), 'start');
    JSON.stringify(viewCase(state));
    rest.forEach((event, step) => {
      const now = BASE + (step + 1) * HOUR;
      const validated = JSON.stringify(event);
      const decided = must(applyEvent(state, event, now), `${event.type} (validator)`);
      if (JSON.stringify(event) !== validated) throw new Error('the handler would decide again');
      state = decided;
      JSON.stringify({ view: viewCase(state), duplicate: false });
      JSON.stringify(visibilityOf(state));
    });
  }
  return cases * ROUTE_EVENTS;
}

/** The pure core alone: the bench route, the same route as the workflow drives the core, and the seed scenarios. */
export function benchCore(
  cases: number,
  scenarios: ReadonlyMap<string, Scenario>,
  minSeconds = 1.5,
): CoreFigure[] {
  let passes = 0;
  const route = measure('core: bench route (openCase + applyEvent)', minSeconds, () =>
    routePass(cases, `${passes++}`),
  );
  const hosted = measure('core as hosted (applyEvent + view + visibility)', minSeconds, () =>
    hostedPass(cases, `${passes++}`),
  );
  const seeds = [...scenarios.values()];
  const seedEvents = seeds.reduce((sum, scenario) => sum + scenario.events.length, 0);
  const simulated = measure(`core: seed scenarios via simulate (${seeds.length})`, minSeconds, () => {
    for (const scenario of seeds) {
      const result = simulate(scenario);
      if (result.rejected.length > 0) throw new Error(`seed scenario ${scenario.caseId} has rejected events`);
    }
    return seedEvents;
  });
  return [route, hosted, simulated];
}
