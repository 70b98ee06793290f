import type { CaseEffect, CaseState, OpenOptions } from './case.js';
import { advanceTo, applyEvent, isClosed, openCase } from './case.js';
import { nextWakeAt } from './deadlines.js';
import type { Rejection } from './errors.js';
import type { MigrationRefusal, MigrationRequest } from './route-migration.js';
import { migrateCase } from './route-migration.js';
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
  /** Migrations (`options.migrations`, by their index) the core refused; the case stayed on its version. */
  readonly refusedMigrations?: readonly { readonly index: number; readonly refusal: MigrationRefusal }[];
}

/** A migration to another route version, made once `afterEvents` of the scenario's events were applied, at `at`. */
export interface ScheduledMigration {
  readonly afterEvents: number;
  readonly at: Instant;
  readonly request: MigrationRequest;
}

/** How a scenario runs: as a case opens (see `OpenOptions`), on which route version, and its migrations. */
export interface SimulateOptions extends OpenOptions {
  /** The route version the case opens on (absent: the registry's latest of the scenario's route). */
  readonly routeVersion?: string;
  readonly migrations?: readonly ScheduledMigration[];
}

/**
 * Moves a case's clock to `moment` the way the workflow's timer would: every warning and due moment fires at
 * that moment, so a breach is detected exactly when it happens.
 */
export function runClockTo(state: CaseState, moment: Instant): { state: CaseState; effects: CaseEffect[] } {
  const effects: CaseEffect[] = [];
  let current = state;
  // A closed case's escalation steps never fire (`advanceTo` skips them), so they must not wake the clock either.
  const wake = (): Instant | undefined => nextWakeAt(current.deadlines, { escalation: !isClosed(current) });
  for (let due = wake(); due !== undefined && due <= moment; due = wake()) {
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
export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const first = scenario.events[0];
  if (first === undefined) throw new ScenarioStartError('events: a scenario needs at least one event');
  const start = {
    caseId: scenario.caseId,
    routeId: scenario.route,
    ...(options.routeVersion === undefined ? {} : { routeVersion: options.routeVersion }),
    ...scenario.start,
  };
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
  const refusedMigrations: { index: number; refusal: MigrationRefusal }[] = [];
  const migrateAfter = (applied: number, last: boolean): void => {
    (options.migrations ?? []).forEach((migration, index) => {
      if (migration.afterEvents !== applied && !(last && migration.afterEvents > applied)) return;
      const clocked = runClockTo(state, migration.at);
      const decision = migrateCase(clocked.state, migration.request, migration.at, options.routes);
      if (!decision.ok) {
        refusedMigrations.push({ index, refusal: decision.rejection });
        return;
      }
      state = decision.state;
      effects.push(...clocked.effects, ...decision.effects);
    });
  };
  scenario.events.forEach((event, index) => {
    if (index === 0) return;
    migrateAfter(index, false);
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
  migrateAfter(scenario.events.length, true);
  if (scenario.until !== undefined) {
    const clocked = runClockTo(state, toInstant(scenario.until));
    state = clocked.state;
    effects.push(...clocked.effects);
  }
  return { state, effects, rejected, ...(refusedMigrations.length > 0 ? { refusedMigrations } : {}) };
}

/** A scenario whose case cannot be opened; the message names the field and the reason. */
export class ScenarioStartError extends Error {
  override readonly name = 'ScenarioStartError';
}
