import type { CaseEffect, CaseState, OpenOptions } from './case.js';
import { advanceTo, applyEvent, openCase } from './case.js';
import { nextWakeAt } from './deadlines.js';
import type { Rejection } from './errors.js';
import type { Scenario } from './scenario.js';
import { scenarioEventInput } from './scenario.js';
import type { Instant } from './time.js';
import { toInstant } from './time.js';

/** The outcome of running a scenario through the pure core. */
export interface SimulationResult {
  readonly state: CaseState;
  readonly effects: readonly CaseEffect[];
  readonly rejected: readonly {
    readonly index: number;
    readonly type: string;
    readonly rejection: Rejection;
  }[];
}

/**
 * Moves a case's clock to `moment` the way the workflow's timer would: every warning and due moment fires at
 * that moment, so a breach is detected exactly when it happens.
 */
export function runClockTo(state: CaseState, moment: Instant): { state: CaseState; effects: CaseEffect[] } {
  const effects: CaseEffect[] = [];
  let current = state;
  for (
    let due = nextWakeAt(current.deadlines);
    due !== undefined && due <= moment;
    due = nextWakeAt(current.deadlines)
  ) {
    const advanced = advanceTo(current, due, due);
    current = advanced.state;
    effects.push(...advanced.effects);
  }
  return { state: current, effects };
}

/**
 * Runs a scenario on exact dates through the pure core: each event at its moment, every timer at its due
 * moment, then the clock on to `until`. Rejected events are reported, not thrown: they are findings.
 * `options.norms` replays with the exact norms a case ran under (an auditor's replay of an export); `options.pin`
 * with the rules and preset versions it was pinned to.
 * Throws a `ScenarioStartError` when the case cannot be opened at all.
 */
export function simulate(scenario: Scenario, options: OpenOptions = {}): SimulationResult {
  const first = scenario.events[0];
  if (first === undefined) throw new ScenarioStartError('events: a scenario needs at least one event');
  const start = { caseId: scenario.caseId, routeId: scenario.route, ...scenario.start };
  const opened = openCase(start, scenarioEventInput(scenario, 0), first.at, options);
  if (!opened.ok) {
    const issues = opened.rejection.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new ScenarioStartError(
      `events[0]: ${opened.rejection.message}${issues === '' ? '' : ` (${issues})`}`,
    );
  }
  let state = opened.state;
  const effects: CaseEffect[] = [...opened.effects];
  const rejected: { index: number; type: string; rejection: Rejection }[] = [];
  scenario.events.forEach((event, index) => {
    if (index === 0) return;
    const at = toInstant(event.at);
    const clocked = runClockTo(state, at);
    state = clocked.state;
    effects.push(...clocked.effects);
    const decision = applyEvent(state, scenarioEventInput(scenario, index), at, options.routes);
    if (!decision.ok) {
      rejected.push({ index, type: event.type, rejection: decision.rejection });
      return;
    }
    state = decision.state;
    effects.push(...decision.effects);
  });
  if (scenario.until !== undefined) {
    const clocked = runClockTo(state, toInstant(scenario.until));
    state = clocked.state;
    effects.push(...clocked.effects);
  }
  return { state, effects, rejected };
}

/** A scenario whose case cannot be opened; the message names the field and the reason. */
export class ScenarioStartError extends Error {
  override readonly name = 'ScenarioStartError';
}
