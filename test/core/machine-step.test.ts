import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { createMachine, initialTransition, transition } from 'xstate';
import type { EventEntry } from '../../core/index.js';
import { simulate } from '../../core/index.js';
import { initialStep, transitionStep } from '../../core/machine-step.js';
import { ROUTES } from '../../machines/index.js';
import { seedScenarios } from '../../scenarios/index.js';

/** A snapshot as comparable data, with its history-state memory. */
function persisted(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): unknown {
  return JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot))) as unknown;
}

const actionTypes = (actions: readonly { type: string; params?: unknown }[]) =>
  actions.map((action) => ({ type: action.type, params: action.params }));

describe('the cached inert scope steps a route machine exactly as XState’s transition() does', () => {
  it.each([...seedScenarios()])('%s: every event of the seed scenario', (_name, scenario) => {
    const { state } = simulate(scenario);
    const machine = ROUTES.get(state.route.id)?.machine;
    if (machine === undefined) throw new Error(`no route ${state.route.id}`);
    const entries = state.journal.filter(
      (entry): entry is EventEntry => entry.kind === 'gebeurtenis' && !entry.type.startsWith('deadline.'),
    );
    const [first, ...rest] = entries;
    if (first === undefined) throw new Error('the scenario has no events');
    const route = ROUTES.get(state.route.id);
    const input = route?.startInput(first.payload);
    const [ours, ourActions] = initialStep(machine, input);
    const [theirs, theirActions] = initialTransition(machine, input);
    expect(persisted(machine, ours)).toEqual(persisted(machine, theirs));
    expect(actionTypes(ourActions)).toEqual(actionTypes(theirActions));
    let snapshot = ours;
    for (const entry of rest) {
      const event = {
        type: entry.type,
        payload: entry.payload,
        actor: entry.actor,
        occurredAt: entry.occurredAt,
      } as EventObject;
      const [next, actions] = transitionStep(machine, snapshot, event);
      const [expected, expectedActions] = transition(machine, snapshot, event);
      expect(persisted(machine, next)).toEqual(persisted(machine, expected));
      expect(actionTypes(actions)).toEqual(actionTypes(expectedActions));
      snapshot = next;
    }
    expect(snapshot.status).toBe(state.snapshot.status);
    expect(persisted(machine, snapshot)).toEqual(persisted(machine, state.snapshot));
  });

  it('hands back a delayed raise, so the core can still refuse XState after-timers', () => {
    const machine = createMachine({
      initial: 'wachten',
      states: { wachten: { on: { start: 'lopend' } }, lopend: { after: { 1000: 'klaar' } }, klaar: {} },
    });
    const [initial] = initialStep(machine, undefined);
    const [, actions] = transitionStep(machine, initial, { type: 'start' });
    expect(actions).toContainEqual(
      expect.objectContaining({ type: 'xstate.raise', params: expect.objectContaining({ delay: 1000 }) }),
    );
  });
});
