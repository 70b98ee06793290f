import type { CaseState, CaseVisibility, Scenario } from '../core/index.js';
import {
  applyEvent,
  checkNewCase,
  checkNewEvent,
  currentPin,
  listedVisibility,
  openCase,
  simulate,
  summariseUpdatedCase,
  viewCase,
  visibilityOf,
} from '../core/index.js';
import { changedSearchAttributes } from '../workflows/changed-attributes.js';
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
 * The case workflow version whose per-event work `hostedPass` mirrors; test/bench checks that it is the current one,
 * so a new version that changes that work updates the pass.
 */
export const HOSTED_WORKFLOW_VERSION = 4;

/** The record the case workflow publishes (`visible()` in workflows/case-workflow.ts), and its upserts since `held`. */
function published(state: CaseState, held: CaseVisibility | undefined): CaseVisibility {
  const visibility = listedVisibility(visibilityOf(state));
  if (JSON.stringify(visibility) !== JSON.stringify(held)) changedSearchAttributes(held, visibility);
  return visibility;
}

/**
 * The same route with the core work a hosted case of the current workflow version does. At the start: the client's
 * checks and `openCase` with the attributes it starts the workflow with, the workflow's own `openCase`, and the
 * `getCase` view that `startCase` answers with. Per later event: the client's check; the Update validator's check
 * and `applyEvent` (the handler takes that decision after comparing the event's JSON); the answer (the summary and
 * the entries the event added) serialised; the listed record compared, and the changed attributes when it moved.
 * At the close: the summary the workflow returns.
 */
function hostedPass(cases: number, tag: string): number {
  for (let index = 0; index < cases; index++) {
    const caseId = `hosted-${tag}-${index}`;
    const [first, ...rest] = benchEvents(caseId);
    const start = benchStart(caseId);
    if (checkNewCase(start, [first]) !== undefined) throw new Error('bench start refused');
    const pin = currentPin();
    const client = must(openCase(start, first, BASE, { pin }), 'client start');
    let held: CaseVisibility | undefined = listedVisibility(visibilityOf(client));
    let state = must(openCase(start, first, BASE, { pin }), 'start');
    held = published(state, held);
    JSON.stringify(viewCase(state));
    rest.forEach((event, step) => {
      const now = BASE + (step + 1) * HOUR;
      // The client checks the event before it sends it, and the Update validator checks it again.
      for (const side of ['client', 'validator'])
        if (checkNewEvent(event) !== undefined)
          throw new Error(`bench event ${event.type} refused (${side})`);
      const validated = JSON.stringify(event);
      const decided = must(applyEvent(state, event, now), `${event.type} (validator)`);
      if (JSON.stringify(event) !== validated) throw new Error('the handler would decide again');
      const before = state.journal.length;
      state = decided;
      JSON.stringify({
        view: summariseUpdatedCase(state),
        recorded: state.journal.slice(before),
        duplicate: false,
      });
      held = published(state, held);
    });
    JSON.stringify(summariseUpdatedCase(state));
  }
  return cases * ROUTE_EVENTS;
}

/**
 * The bench route's case before its closing event, and an event of it that a correction can withdraw (the first
 * whose withdrawal leaves every later one applicable).
 */
function correctableCase(): { state: CaseState; seq: number; now: number } {
  const [first, ...rest] = benchEvents('core-correctie');
  let state = must(openCase(benchStart('core-correctie'), first, BASE), 'start');
  rest.slice(0, -1).forEach((event, step) => {
    state = must(applyEvent(state, event, BASE + (step + 1) * HOUR), event.type);
  });
  const now = BASE + rest.length * HOUR;
  const seq = state.journal.find(
    (entry) =>
      entry.seq > 1 && entry.kind === 'gebeurtenis' && applyEvent(state, correction(entry.seq), now).ok,
  )?.seq;
  if (seq === undefined) throw new Error('no event of the bench route can be corrected');
  return { state, seq, now };
}

function correction(seq: number): Record<string, unknown> {
  return {
    type: 'correctie',
    payload: { seq, reden: 'anders' },
    actor: { role: 'swv', id: 'swv-bench' },
    idempotencyKey: `core-correctie-${seq}`,
  };
}

/**
 * The pure core alone: the bench route, the same route as the workflow drives the core, the seed scenarios, and a
 * correction on the bench route's case (each recomputes the case from its opening: compare with the first row).
 */
export function benchCore(
  cases: number,
  scenarios: ReadonlyMap<string, Scenario>,
  minSeconds = 1.5,
): CoreFigure[] {
  let passes = 0;
  const route = measure('core: bench route (openCase + applyEvent)', minSeconds, () =>
    routePass(cases, `${passes++}`),
  );
  const hosted = measure(
    `core as hosted by workflow v${HOSTED_WORKFLOW_VERSION} (+ checks, answer, upserts)`,
    minSeconds,
    () => hostedPass(cases, `${passes++}`),
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
  const corrected = correctableCase();
  const corrections = measure(
    `core: a correction on the bench route (recomputes ${corrected.state.journal.length} entries)`,
    minSeconds,
    () => {
      for (let index = 0; index < cases; index++)
        must(applyEvent(corrected.state, correction(corrected.seq), corrected.now), 'correctie');
      return cases;
    },
  );
  return [route, hosted, simulated, corrections];
}
