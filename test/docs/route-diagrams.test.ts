// The README's route diagrams are drawn from the machines (npm run diagrams), and this fails when they drift.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mermaidDiagram } from '../../core/index.js';
import { ROUTES, toeleiding } from '../../machines/index.js';
import { withDiagrams } from '../../scripts/diagrams.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('route diagrams', () => {
  it('in the README are the ones the machines draw today', () => {
    expect(withDiagrams(readme)).toBe(readme);
    for (const id of ROUTES.keys()) expect(readme).toContain(`<!-- diagram:${id} `);
  });

  it('fail the check when the README drifts from a machine', () => {
    const drifted = readme.replace(
      'signaal --> intake: intake.gehouden',
      'signaal --> evaluatie: intake.gehouden',
    );
    expect(drifted).not.toBe(readme);
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
