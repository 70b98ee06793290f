// The route diagrams in docs/routes-and-events.md are drawn from the machines (npm run diagrams), and this fails when they drift.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mermaidDiagram } from '../../core/index.js';
import { ROUTES, toeleiding } from '../../machines/index.js';
import { DIAGRAM_PAGE, withDiagrams } from '../../scripts/diagrams.js';

const page = readFileSync(new URL(`../../${DIAGRAM_PAGE}`, import.meta.url), 'utf8');

describe('route diagrams', () => {
  it('in the docs are the ones the machines draw today', () => {
    expect(withDiagrams(page)).toBe(page);
    for (const id of ROUTES.keys()) expect(page).toContain(`<!-- diagram:${id} `);
  });

  it('fail the check when the page drifts from a machine', () => {
    const drifted = page.replace(
      'signaal --> intake: intake.gehouden',
      'signaal --> evaluatie: intake.gehouden',
    );
    expect(drifted).not.toBe(page);
    expect(withDiagrams(drifted)).not.toBe(drifted);
  });

  it('draw every state of each route, its parallel regions, history and guarded transitions', () => {
    const diagram = mermaidDiagram(toeleiding.machine);
    const states = (node: { states: Record<string, unknown>; path: string[] }): string[] =>
      Object.values(
        node.states as Record<string, { states: Record<string, unknown>; path: string[] }>,
      ).flatMap((child) => [child.path.join('__'), ...states(child)]);
    for (const id of states(toeleiding.machine.root)) expect(diagram).toContain(` as ${id}`);
    expect(diagram).toContain('--\n');
    expect(diagram).toContain('state "H*" as arrangement__hervat');
    expect(diagram).toContain(
      'plaatsingscommissie --> arrangement: plaatsingscommissie.besloten [intakeGehouden]',
    );
    expect(diagram).toContain('afgesloten --> [*]');
  });
});
