import { describe, expect, it } from 'vitest';
import type { CaseState, Decision, PersistedCase, Scenario } from '../../core/index.js';
import {
  applyEvent,
  persistCase,
  restoreCase,
  runClockTo,
  scenarioEventInput,
  simulate,
  viewCase,
} from '../../core/index.js';
import { seedScenarios } from '../../scenarios/index.js';
import { ev } from '../support/core-cases.js';

/** persist → JSON text → parse → restore, as a workflow's continue-as-new or an auditor's store would. */
function roundTrip(state: CaseState): CaseState {
  return restoreCase(JSON.parse(JSON.stringify(persistCase(state))) as PersistedCase);
}

/** A decision as comparable data: the view of its state, or its rejection. */
function outcome(decision: Decision): unknown {
  return decision.ok
    ? { ok: true, duplicate: decision.duplicate, effects: decision.effects, view: viewCase(decision.state) }
    : { ok: false, rejection: decision.rejection };
}

/** The scenario cut after `count` events, without its closing clock. */
function prefix(scenario: Scenario, count: number): Scenario {
  const { until: _until, ...rest } = scenario;
  return { ...rest, events: scenario.events.slice(0, count) };
}

const seeds = [...seedScenarios()];

describe('persistCase → JSON → restoreCase keeps a case exactly', () => {
  it('has the four seed scenarios', () => {
    expect(seeds.map(([name]) => name)).toEqual(['breda-op-tijd', 'breda-te-laat', 'case-m', 'levi']);
  });

  describe.each(seeds)('%s', (_name, scenario) => {
    it('restores the final state to the same view, and persists it to the same JSON again', () => {
      const { state } = simulate(scenario);
      const persisted = JSON.stringify(persistCase(state));
      const restored = roundTrip(state);
      expect(viewCase(restored)).toEqual(viewCase(state));
      expect(JSON.stringify(persistCase(restored))).toBe(persisted);
      expect(restored.snapshot.status).toBe(state.snapshot.status);
    });

    it('gives the same outcome for the next event, after every prefix of the scenario', () => {
      for (let count = 1; count < scenario.events.length; count++) {
        const { state } = simulate(prefix(scenario, count));
        const restored = roundTrip(state);
        expect(viewCase(restored)).toEqual(viewCase(state));
        const at = new Date(scenario.events[count]?.at ?? '').toISOString();
        const input = scenarioEventInput(scenario, count);
        const original = applyEvent(runClockTo(state, at).state, input, at);
        const fromRestored = applyEvent(runClockTo(restored, at).state, input, at);
        expect(original.ok).toBe(true);
        expect(outcome(fromRestored)).toEqual(outcome(original));
      }
    });

    it('gives the same outcome for events after the scenario ends', () => {
      const { state } = simulate(scenario);
      const restored = roundTrip(state);
      const at = new Date(Date.parse(state.lastOccurredAt) + 7 * 86_400_000).toISOString();
      for (const input of [
        ev('regie.overgedragen', { regisseur: 'regisseur-nieuw', reden: 'capaciteit' }, at, 'rt-regie'),
        ev('plan.herzien', { onderdelen: ['evaluatiemoment'] }, at, 'rt-plan'),
        ev('evaluatie.gestart', {}, at, 'rt-evaluatie'),
      ]) {
        expect(outcome(applyEvent(restored, input, at))).toEqual(outcome(applyEvent(state, input, at)));
      }
    });
  });
});
