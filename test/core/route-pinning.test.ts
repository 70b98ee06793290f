import { describe, expect, it } from 'vitest';
import type { RouteSource } from '../../core/index.js';
import {
  applyEvent,
  createRouteRegistry,
  openCase,
  restoreCase,
  persistCase,
  RouteUnavailableError,
} from '../../core/index.js';
import { SHIPPED_ROUTE_SOURCES, toeleidingDefinition } from '../../machines/index.js';
import { accepted, ev, START, T0 } from '../support/core-cases.js';

const V1_1: RouteSource = {
  source: 'toeleiding-1.1.0.json',
  definition: { ...(toeleidingDefinition as object), version: '1.1.0' },
};
const BOTH = createRouteRegistry([...SHIPPED_ROUTE_SOURCES, V1_1]);
const ONLY_V1_1 = createRouteRegistry([V1_1]);
const signaal = () => ev('signaal.gemeld', { regisseur: 'ib-1' }, T0);

describe('route versions in the core', () => {
  it('opens a case on the latest version unless its start pins one, and names an unknown version', () => {
    expect(accepted(openCase(START, signaal(), T0, { routes: BOTH })).state.route).toEqual({
      id: 'toeleiding',
      version: '1.1.0',
    });
    const pinned = accepted(openCase({ ...START, routeVersion: '1.0.0' }, signaal(), T0, { routes: BOTH }));
    expect(pinned.state.route).toEqual({ id: 'toeleiding', version: '1.0.0' });
    const unknown = openCase({ ...START, routeVersion: '2.0.0' }, signaal(), T0, { routes: BOTH });
    expect(unknown.ok ? undefined : unknown.rejection.issues).toEqual([
      {
        path: 'routeVersion',
        message:
          'unknown version of toeleiding; known: toeleiding@1.0.0, toeleiding@1.1.0, ' +
          BOTH.routes
            .slice(2)
            .map((route) => `${route.id}@${route.version}`)
            .join(', '),
      },
    ]);
  });

  it('never runs another version: a host without the pinned one throws naming it', () => {
    const opened = accepted(
      openCase({ ...START, routeVersion: '1.0.0' }, signaal(), T0, { routes: BOTH }),
    ).state;
    const later = ev('intake.gehouden', {}, T0);
    expect(() => applyEvent(opened, later, T0, ONLY_V1_1)).toThrow(RouteUnavailableError);
    expect(() => applyEvent(opened, later, T0, ONLY_V1_1)).toThrow(
      /^route toeleiding@1\.0\.0 is not available on this host \(it has toeleiding@1\.1\.0\)/,
    );
    expect(() => restoreCase(persistCase(opened, BOTH), ONLY_V1_1)).toThrow(RouteUnavailableError);
    expect(accepted(applyEvent(opened, later, T0, BOTH)).state.route.version).toBe('1.0.0');
  });

  it("runs a norm on the route's own triggers, and says so in the norm's version", () => {
    const own = createRouteRegistry([
      {
        source: 'eigen.json',
        definition: {
          ...(toeleidingDefinition as object),
          version: '2.0.0',
          norms: [{ norm: 'intake-na-signaal', metBy: ['plaatsingscommissie.aangevraagd'] }],
        },
      },
    ]);
    const opened = accepted(openCase(START, signaal(), T0, { routes: own })).state;
    expect(opened.norms[0]).toMatchObject({
      id: 'intake-na-signaal',
      metBy: ['plaatsingscommissie.aangevraagd'],
    });
    expect(opened.norms[0]?.version).toMatch(/\+toeleiding@2\.0\.0$/);
    const met = accepted(applyEvent(opened, ev('plaatsingscommissie.aangevraagd', {}, T0), T0, own)).state;
    expect(met.deadlines.find((deadline) => deadline.normId === 'intake-na-signaal')?.status).toBe('gehaald');
  });
});
