// Every norm preset can start in some case: at least one shipped route runs it and takes an event that starts it
// (its start event, or an event one of its stages takes), with the route's own triggers where it names them.
import { describe, expect, it } from 'vitest';
import { NORM_PRESETS } from '../../core/index.js';
import { SHIPPED_ROUTES } from '../../machines/index.js';
import { stagesAccepting } from '../../machines/event-table.js';

/** The presets each shipped route can start, with the event that starts it. */
function startedPresets(): Map<string, string[]> {
  const started = new Map<string, string[]>();
  for (const route of SHIPPED_ROUTES.routes) {
    const taken = new Set([route.startEvent, ...stagesAccepting(route).keys()]);
    for (const id of route.norms) {
      const preset = NORM_PRESETS.get(id);
      const startsOn = route.normTriggers[id]?.startsOn ?? preset?.startsOn ?? [];
      const by = startsOn.filter((type) => taken.has(type));
      if (by.length > 0)
        started.set(id, [...(started.get(id) ?? []), `${route.id}@${route.version} on ${by.join(', ')}`]);
    }
  }
  return started;
}

describe('the shipped routes and the norm presets', () => {
  it('start every preset in at least one route', () => {
    const started = startedPresets();
    const never = [...NORM_PRESETS.keys()].filter((id) => !started.has(id));
    expect(never).toEqual([]);
  });

  it('name only presets that exist', () => {
    for (const route of SHIPPED_ROUTES.routes) {
      for (const id of route.norms) expect(NORM_PRESETS.has(id), `${route.id}: ${id}`).toBe(true);
    }
  });
});
