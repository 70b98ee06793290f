// The SVG route diagram is laid out by ELK from the compiled machine: every state and transition of each shipped
// route is drawn, final, history and parallel states are marked, and the same machine always draws the same SVG.
import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { routeGraph } from '../../core/route-graph.js';
import { layoutRouteGraph, svgDiagram } from '../../core/route-svg.js';
import { ROUTES, toeleiding } from '../../machines/index.js';

function statesOf(node: AnyStateNode): AnyStateNode[] {
  return (Object.values(node.states) as AnyStateNode[]).flatMap((child) => [child, ...statesOf(child)]);
}

describe('SVG route diagrams', () => {
  for (const route of ROUTES.values()) {
    it(`draw every state and transition of ${route.id}, with final states marked`, async () => {
      const svg = await svgDiagram(route.machine);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="route-diagram"/);
      for (const state of statesOf(route.machine.root)) {
        const path = state.path.join('.');
        expect(svg).toContain(`<g class="state ${state.type}`);
        expect(svg, path).toMatch(new RegExp(`<g class="state ${state.type}[^"]*" data-state="${path}">`));
      }
      for (const state of statesOf(route.machine.root)) {
        for (const [event, definitions] of state.transitions) {
          if (definitions.some((definition) => (definition.target ?? []).length > 0))
            expect(svg).toContain(`data-event="${event}" data-source="${state.path.join('.')}"`);
        }
      }
      expect(svg).toMatch(/<g class="state final" data-state="afgesloten">.*<rect class="inner"/);
    });
  }

  it('draw the same SVG each time for the same machine', async () => {
    const [first, second] = await Promise.all([
      svgDiagram(toeleiding.machine),
      svgDiagram(toeleiding.machine),
    ]);
    expect(second).toBe(first);
  });

  it('nest children inside their parents, parallel regions side by side, and label guarded transitions', async () => {
    const placed = await layoutRouteGraph(routeGraph(toeleiding.machine));
    const box = (state: string) => {
      const found = placed.nodes.find((node) => node.node.state === state && node.node.kind !== 'initial');
      if (found === undefined) throw new Error(`no box for ${state}`);
      return found;
    };
    const inside = (inner: string, outer: string) => {
      const [a, b] = [box(inner), box(outer)];
      return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
    };
    expect(inside('arrangement.lopend.kind.wachten.intake', 'arrangement.lopend.kind.wachten')).toBe(true);
    expect(inside('arrangement.lopend.kind', 'arrangement.lopend')).toBe(true);
    expect(inside('arrangement.lopend', 'arrangement')).toBe(true);
    expect(inside('signaal', 'arrangement')).toBe(false);
    const regions = ['kind', 'gezin', 'leerkracht'].map((region) => box(`arrangement.lopend.${region}`));
    expect(regions.every((region) => region.node.region)).toBe(true);
    expect(new Set(regions.map((region) => region.y)).size).toBe(1);
    const svg = await svgDiagram(toeleiding.machine);
    expect(svg).toContain('>plaatsingscommissie.besloten [intakeGehouden]</text>');
    expect(svg).toContain('<g class="state history" data-state="arrangement.hervat">');
    expect(svg).toContain('>H*</text>');
  });
});
