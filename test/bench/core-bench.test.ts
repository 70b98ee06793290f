import { describe, expect, it } from 'vitest';
import { benchCore, HOSTED_WORKFLOW_VERSION } from '../../bench/core-bench.js';
import { ROUTE_EVENTS } from '../../bench/route.js';
import { seedScenarios } from '../../scenarios/index.js';
import { CASE_WORKFLOW_VERSION } from '../../workflows/definitions.js';

describe('the in-process core bench', () => {
  it('mirrors the per-event work of the current case workflow version', () => {
    // A new version that changes what the workflow does per event must update hostedPass, and then this number.
    expect(HOSTED_WORKFLOW_VERSION).toBe(CASE_WORKFLOW_VERSION);
  });

  it('runs the bench route alone, as hosted, the seed scenarios, whole routes each, and a correction', () => {
    const figures = benchCore(2, seedScenarios(), 0.01);
    expect(figures.map((figure) => figure.label)).toEqual([
      'core: bench route (openCase + applyEvent)',
      `core as hosted by workflow v${CASE_WORKFLOW_VERSION} (+ checks, answer, upserts)`,
      `core: seed scenarios via simulate (${seedScenarios().size})`,
      expect.stringMatching(/^core: a correction on the bench route \(recomputes \d+ entries\)$/),
    ]);
    for (const figure of figures.slice(0, 2)) expect(figure.events % (2 * ROUTE_EVENTS)).toBe(0);
    for (const figure of figures) expect(figure.eventsPerSecond).toBeGreaterThan(0);
  });
});
