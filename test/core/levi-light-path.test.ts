import { describe, expect, it } from 'vitest';
import { isClosed, simulate, viewCase } from '../../core/index.js';
import { breachesOf, eventsOf, notificationsOf, seed } from '../support/core-cases.js';

// Levi (seed 004): support agreed at the table, evaluated and closed early, without the committee.
describe('Levi: the light path closes early without a breach', () => {
  const result = simulate(seed('levi'));
  const { state } = result;
  const view = viewCase(state);

  it('accepts every event and closes the case', () => {
    expect(result.rejected).toEqual([]);
    expect(isClosed(state)).toBe(true);
    expect(view.closed).toBe(true);
    expect(view.stage).toBe('afgesloten');
    expect(view.states).toEqual(['afgesloten']);
  });

  it('records no breach and sends no notification', () => {
    expect(breachesOf(state)).toEqual([]);
    expect(view.breaches).toBe(0);
    expect(notificationsOf(result.effects)).toEqual([]);
  });

  it('leaves every deadline met or lapsed, none running', () => {
    expect(state.deadlines.length).toBeGreaterThan(0);
    for (const deadline of state.deadlines) expect(['gehaald', 'vervallen']).toContain(deadline.status);
    expect(state.deadlines.find((deadline) => deadline.normId === 'breda-route')?.status).toBe('gehaald');
    expect(view.nextDueAt).toBeNull();
  });

  it('never involves the plaatsingscommissie', () => {
    const types = eventsOf(state).map((entry) => entry.type);
    expect(types.some((type) => type.startsWith('plaatsingscommissie.'))).toBe(false);
    expect(types).toContain('mdo.afgesproken');
    expect(eventsOf(state).some((entry) => entry.stageAfter === 'plaatsingscommissie')).toBe(false);
  });
});
