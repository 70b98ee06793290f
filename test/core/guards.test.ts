import { describe, expect, it } from 'vitest';
import type { CaseState, PersistedCase } from '../../core/index.js';
import { applyEvent, persistCase, restoreCase, viewCase } from '../../core/index.js';
import { accepted, ev, openTestCase, rejected, viewJson } from '../support/core-cases.js';

const at = (day: number, hour = 9): string => new Date(Date.UTC(2026, 0, 5 + day, hour)).toISOString();

function apply(state: CaseState, type: string, payload: Record<string, unknown>, moment: string): CaseState {
  return accepted(applyEvent(state, ev(type, payload, moment), moment)).state;
}

function refuse(state: CaseState, type: string, payload: Record<string, unknown>, moment: string): void {
  const before = viewJson(state);
  const rejection = rejected(applyEvent(state, ev(type, payload, moment), moment));
  expect(rejection.code).toBe('not-allowed-in-stage');
  expect(rejection.issues.map((issue) => issue.path)).toEqual(['type']);
  expect(viewJson(state)).toBe(before);
}

describe('guards of the toeleiding route', () => {
  it('refuses an evaluation in the signaal stage, before any arrangement', () => {
    const state = openTestCase();
    refuse(state, 'evaluatie.gestart', {}, at(1));
  });

  it('refuses an evaluation in an arrangement before any spoor started, and accepts it after', () => {
    let state = openTestCase();
    state = apply(state, 'mdo.afgesproken', { soort: 'integraal', sporen: ['kind', 'gezin'] }, at(1));
    expect(viewCase(state).stage).toBe('arrangement');
    refuse(state, 'evaluatie.gestart', {}, at(2));
    // Registered with a provider is not started either.
    state = apply(state, 'zorg.aangemeld', { spoor: 'gezin', aanbieder: 'aanbieder-1' }, at(2));
    state = apply(state, 'zorg.intake-gehouden', { spoor: 'gezin' }, at(3));
    refuse(state, 'evaluatie.gestart', {}, at(4));
    state = apply(state, 'ondersteuning.gestart', { spoor: 'kind' }, at(5));
    state = apply(state, 'evaluatie.gestart', {}, at(6));
    expect(viewCase(state).stage).toBe('evaluatie');
  });

  it('refuses a committee decision before an intake, and accepts it after intake.gehouden', () => {
    let state = openTestCase();
    state = apply(state, 'plaatsingscommissie.aangevraagd', {}, at(1));
    expect(viewCase(state).stage).toBe('plaatsingscommissie');
    refuse(state, 'plaatsingscommissie.besloten', { soort: 'regulier', sporen: ['kind'] }, at(2));
    state = apply(state, 'intake.gehouden', { locatie: 'thuis' }, at(3));
    expect(viewCase(state).stage).toBe('plaatsingscommissie');
    state = apply(state, 'plaatsingscommissie.besloten', { soort: 'regulier', sporen: ['kind'] }, at(4));
    const view = viewCase(state);
    expect(view.stage).toBe('arrangement');
    expect(view.plan).toMatchObject({ revisie: 1, soort: 'regulier', sporen: ['kind'] });
  });

  it('accepts a committee decision when the intake came first, in its own stage', () => {
    let state = openTestCase();
    state = apply(state, 'intake.gehouden', {}, at(1));
    state = apply(state, 'plaatsingscommissie.aangevraagd', {}, at(2));
    state = apply(
      state,
      'plaatsingscommissie.besloten',
      { soort: 'integraal', sporen: ['kind', 'gezin'] },
      at(3),
    );
    expect(viewCase(state).stage).toBe('arrangement');
  });

  it('refuses to close a case in the arrangement stage', () => {
    let state = openTestCase();
    state = apply(state, 'mdo.afgesproken', { soort: 'licht', sporen: ['kind'] }, at(1));
    state = apply(state, 'ondersteuning.gestart', { spoor: 'kind' }, at(2));
    refuse(state, 'casus.afgesloten', { reden: 'doelen-bereikt' }, at(3));
    expect(viewCase(state).closed).toBe(false);
  });

  describe('arrangement.voortgezet resumes every spoor where it was (deep history)', () => {
    function inEvaluation(): { state: CaseState; states: readonly string[] } {
      let state = openTestCase();
      state = apply(
        state,
        'mdo.afgesproken',
        { soort: 'integraal', sporen: ['kind', 'gezin', 'leerkracht'] },
        at(1),
      );
      state = apply(state, 'ondersteuning.gestart', { spoor: 'kind' }, at(2));
      state = apply(state, 'zorg.aangemeld', { spoor: 'gezin', aanbieder: 'aanbieder-1' }, at(3));
      state = apply(state, 'zorg.intake-gehouden', { spoor: 'gezin' }, at(4));
      state = apply(state, 'wachtlijst.geplaatst', { spoor: 'gezin' }, at(5));
      state = apply(
        state,
        'overbrugging.gestart',
        { spoor: 'gezin', aanbieder: 'jgz-1', maxContacten: 3 },
        at(6),
      );
      state = apply(state, 'overbrugging.contact', { spoor: 'gezin' }, at(7));
      const states = viewCase(state).states;
      expect([...states].sort()).toEqual([
        'arrangement.lopend.gezin.wachten.wachtlijst',
        'arrangement.lopend.kind.gestart',
        'arrangement.lopend.leerkracht.voorbereiding',
      ]);
      state = apply(state, 'evaluatie.gestart', {}, at(8));
      expect(viewCase(state).states).toEqual(['evaluatie']);
      return { state, states };
    }

    it('in memory', () => {
      const { state, states } = inEvaluation();
      const resumed = apply(state, 'arrangement.voortgezet', {}, at(9));
      const view = viewCase(resumed);
      expect(view.states).toEqual(states);
      expect(view.context).toMatchObject({
        sporen: { gezin: { overbrugging: { contacten: 1, maxContacten: 3 } } },
      });
      expect(view.plan).toMatchObject({ revisie: 1 });
      // The resumed sporen accept exactly what they accepted before the evaluation.
      apply(resumed, 'zorg.gestart', { spoor: 'gezin' }, at(10));
      apply(resumed, 'ondersteuning.gestart', { spoor: 'leerkracht' }, at(10));
      refuse(resumed, 'ondersteuning.gestart', { spoor: 'kind' }, at(10));
    });

    it('after persistCase, a JSON round trip and restoreCase', () => {
      const { state, states } = inEvaluation();
      const persisted = JSON.parse(JSON.stringify(persistCase(state))) as PersistedCase;
      const restored = restoreCase(persisted);
      expect(viewCase(restored)).toEqual(viewCase(state));
      const voortgezet = ev('arrangement.voortgezet', {}, at(9));
      const resumed = accepted(applyEvent(restored, voortgezet, at(9))).state;
      const original = accepted(applyEvent(state, voortgezet, at(9))).state;
      expect(viewCase(resumed).states).toEqual(states);
      expect(viewCase(resumed)).toEqual(viewCase(original));
      apply(resumed, 'zorg.gestart', { spoor: 'gezin' }, at(10));
      refuse(resumed, 'ondersteuning.gestart', { spoor: 'kind' }, at(10));
    });
  });
});
