import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario, SimulationResult } from '../../core/index.js';
import { ScenarioSchema, simulate, viewCase } from '../../core/index.js';
import type { PlainEvent } from '../support/core-arbitraries.js';
import { after, REGISSEURS, startArb, stepsArb } from '../support/core-arbitraries.js';
import { ACTOR, breachesOf } from '../support/core-cases.js';

function scenarioOf(
  start: string,
  regisseur: string,
  steps: readonly { event: PlainEvent; gap: { days: number; minutes: number } }[],
  tail: { days: number; minutes: number } | null,
): Scenario {
  let moment = start;
  const events: { at: string; type: string; payload: Record<string, unknown>; actor: typeof ACTOR }[] = [
    { at: start, type: 'signaal.gemeld', payload: { regisseur }, actor: ACTOR },
  ];
  for (const { event, gap } of steps) {
    moment = after(moment, gap);
    events.push({ at: moment, type: event.type, payload: event.payload, actor: ACTOR });
  }
  return ScenarioSchema.parse({
    title: 'random',
    caseId: 'case-prop-1',
    start: { organisatie: 'swv-prop', regio: 'regio-prop' },
    events,
    ...(tail === null ? {} : { until: after(moment, tail) }),
  });
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(
    startArb,
    fc.constantFrom(...REGISSEURS),
    stepsArb,
    fc.option(fc.record({ days: fc.integer({ min: 0, max: 120 }), minutes: fc.constant(0) })),
  )
  .map(([start, regisseur, steps, tail]) => scenarioOf(start, regisseur, steps, tail));

/** The deadline invariants of a simulated case. */
function expectDeadlineInvariants(scenario: Scenario, result: SimulationResult): void {
  const { state } = result;
  const breaches = breachesOf(state);
  const byId = new Map(state.deadlines.map((deadline) => [deadline.id, deadline]));
  expect(byId.size).toBe(state.deadlines.length);

  // A breach is recorded at most once per deadline, for a deadline the case has, at its due moment.
  const breachedIds = breaches.map((breach) => breach.deadlineId);
  expect(new Set(breachedIds).size).toBe(breachedIds.length);
  for (const breach of breaches) {
    const deadline = byId.get(breach.deadlineId);
    expect(deadline).toBeDefined();
    expect(breach.normId).toBe(deadline?.normId);
    expect(breach.dueAt).toBe(deadline?.dueAt);
    expect(breach.detectedAt >= breach.dueAt).toBe(true);
    // The simulator fires every timer on its due moment.
    expect(breach.detectedAt).toBe(breach.dueAt);
    expect(deadline?.detectedAt).toBe(breach.detectedAt);
    expect(['overschreden', 'gehaald-na-overschrijding']).toContain(deadline?.status);
  }

  // A deadline met on time was never breached; one marked breached has its breach entry.
  for (const deadline of state.deadlines) {
    const breached = breachedIds.includes(deadline.id);
    if (deadline.status === 'gehaald') {
      expect(breached, `${deadline.id} is gehaald but has a breach entry`).toBe(false);
      expect(deadline.metAt !== null && deadline.metAt <= deadline.dueAt).toBe(true);
    }
    if (deadline.status === 'overschreden' || deadline.status === 'gehaald-na-overschrijding') {
      expect(breached, `${deadline.id} is ${deadline.status} without a breach entry`).toBe(true);
    }
    if (deadline.status === 'gehaald-na-overschrijding') {
      expect(deadline.metAt !== null && deadline.metAt >= deadline.dueAt).toBe(true);
    }
  }

  // nextDueAt is the earliest due moment of the running deadlines, and lies after the clock.
  const running = state.deadlines.filter((deadline) => deadline.status === 'lopend').map((d) => d.dueAt);
  const view = viewCase(state);
  expect(view.nextDueAt).toBe(running.length === 0 ? null : [...running].sort()[0]);
  const clock = scenario.until ?? scenario.events.at(-1)?.at ?? '';
  if (view.nextDueAt !== null) expect(view.nextDueAt > new Date(clock).toISOString()).toBe(true);
  expect(view.breaches).toBe(breaches.length);
  const warnings = state.journal.filter((entry) => entry.kind === 'deadline.waarschuwing');
  expect(result.effects).toHaveLength(breaches.length + warnings.length);
  // Warnings precede breaches: a deadline's warning, when it has one, is recorded before its breach.
  for (const breach of breaches) {
    const warning = warnings.find((entry) => entry.deadlineId === breach.deadlineId);
    if (warning !== undefined) expect(warning.seq).toBeLessThan(breach.seq);
  }
  // At most one warning per deadline, and never for a deadline met before its warning moment.
  expect(new Set(warnings.map((entry) => entry.deadlineId)).size).toBe(warnings.length);
  for (const warning of warnings) {
    const deadline = state.deadlines.find((candidate) => candidate.id === warning.deadlineId);
    if (deadline !== undefined && deadline.metAt !== null && deadline.warnAt !== null)
      expect(deadline.metAt >= deadline.warnAt).toBe(true);
  }
}

// Signal on Monday 5 January 2026 09:00 CET; the intake deadline (7 days) is due Monday 12 January 09:00.
const intakeExactlyOnDue = scenarioOf(
  '2026-01-05T08:00:00.000Z',
  'regisseur-1',
  [{ event: { type: 'intake.gehouden', payload: { locatie: 'thuis' } }, gap: { days: 7, minutes: 0 } }],
  null,
);

describe('deadline invariants over random scenarios', () => {
  it('property: met deadlines have no breach; each breach once, at its due moment; nextDueAt is the earliest', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        expectDeadlineInvariants(scenario, simulate(scenario));
      }),
      { numRuns: 150, examples: [[intakeExactlyOnDue]] },
    );
  });

  it('a deadline met by an event at exactly its due moment is not both met on time and breached', () => {
    const result = simulate(intakeExactlyOnDue);
    expect(result.rejected).toEqual([]);
    const intake = result.state.deadlines.find((deadline) => deadline.normId === 'intake-na-signaal');
    expect(intake?.dueAt).toBe('2026-01-12T08:00:00.000Z');
    expect(intake?.metAt).toBe('2026-01-12T08:00:00.000Z');
    const breached = breachesOf(result.state).some((breach) => breach.deadlineId === intake?.id);
    // Either the moment itself still counts as on time (no breach, gehaald) or it is late (breach, met late).
    expect({ status: intake?.status, breached }).toEqual(
      breached ? { status: 'gehaald-na-overschrijding', breached } : { status: 'gehaald', breached },
    );
  });
});
