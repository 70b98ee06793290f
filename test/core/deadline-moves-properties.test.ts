import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../core/index.js';
import { dueMoment, ScenarioSchema, simulate } from '../../core/index.js';

const DAY = 86_400_000;
const actor = { role: 'zorgcoordinator', id: 'zc-1' } as const;

// Event pools per route, including the deadline events that move clocks. Refusals are fine: they are findings.
const toeleidingPool: [string, Record<string, unknown>][] = [
  ['intake.gehouden', {}],
  ['plaatsingscommissie.aangevraagd', {}],
  ['plaatsingscommissie.besloten', { soort: 'regulier', sporen: ['gezin'] }],
  ['mdo.afgesproken', { soort: 'regulier', sporen: ['gezin'] }],
  ['zorg.aangemeld', { spoor: 'gezin', aanbieder: 'aanbieder-1' }],
  ['zorg.intake-gehouden', { spoor: 'gezin' }],
  ['zorg.gestart', { spoor: 'gezin' }],
  ['deadline.opgeschort', { normId: 'breda-route', reden: 'wacht-op-gezin' }],
  ['deadline.hervat', { normId: 'breda-route' }],
  ['deadline.opgeschort', { normId: 'treeknorm-intake', spoor: 'gezin', reden: 'wacht-op-derde' }],
  ['deadline.hervat', { normId: 'treeknorm-intake', spoor: 'gezin' }],
  ['deadline.opgeschort', { normId: 'intake-na-signaal', reden: 'wacht-op-gezin' }],
  ['deadline.hervat', { normId: 'intake-na-signaal' }],
];
const zorgplichtPool: [string, Record<string, unknown>][] = [
  ['deadline.verlengd', { normId: 'zorgplicht', reden: 'nader-onderzoek', ouderGeinformeerd: true }],
  ['deadline.verlengd', { normId: 'zorgplicht', reden: 'capaciteit' }],
  ['toelating.besloten', { besluit: 'toegelaten' }],
  ['tijdelijk.ingeschreven', {}],
  ['plaatsing.gestart', { school: 'school-1' }],
  ['opp.vastgesteld', {}],
  ['opp.geevalueerd', { uitkomst: 'doorgaan' }],
  ['verzuim.gemeld', {}],
  ['verzuim.beeindigd', {}],
];

function scenarioArb(route: 'toeleiding' | 'zorgplicht'): fc.Arbitrary<Scenario> {
  const pool = route === 'toeleiding' ? toeleidingPool : zorgplichtPool;
  const first =
    route === 'toeleiding'
      ? { type: 'signaal.gemeld', payload: { regisseur: 'r-1' } }
      : { type: 'aanmelding.ontvangen', payload: { regisseur: 'r-1', school: 'school-1' } };
  const step = fc.record({
    pick: fc.nat(pool.length - 1),
    gapHours: fc.integer({ min: 0, max: 20 * 24 }),
    // Now and then a suspension is followed by its resumption, so resumed clocks are common, not a fluke.
    resumeAfterHours: fc.option(fc.integer({ min: 1, max: 10 * 24 }), { freq: 3 }),
  });
  return fc
    .record({
      startDay: fc.integer({ min: 0, max: 3000 }),
      steps: fc.array(step, { maxLength: 14 }),
      tailDays: fc.nat(120),
    })
    .map(({ startDay, steps, tailDays }) => {
      let at = Date.parse('2023-01-02T08:00:00.000Z') + startDay * DAY;
      const events: Record<string, unknown>[] = [{ at: new Date(at).toISOString(), actor, ...first }];
      for (const { pick, gapHours, resumeAfterHours } of steps) {
        at += gapHours * 3_600_000;
        const [type, payload] = pool[pick]!;
        events.push({ at: new Date(at).toISOString(), actor, type, payload });
        if (type === 'deadline.opgeschort' && resumeAfterHours !== null) {
          at += resumeAfterHours * 3_600_000;
          const { reden: _reden, ...target } = payload;
          events.push({ at: new Date(at).toISOString(), actor, type: 'deadline.hervat', payload: target });
        }
      }
      return ScenarioSchema.parse({
        title: 'random',
        route,
        caseId: 'eigenschap',
        start: { organisatie: 'o-1', regio: 'r-1' },
        events,
        until: new Date(at + tailDays * DAY).toISOString(),
      });
    });
}

const seen = { extended: 0, suspended: 0, resumed: 0, breached: 0 };

function checkInvariants(scenario: Scenario): void {
  const { state } = simulate(scenario);
  seen.extended += state.deadlines.filter((deadline) => deadline.extensions.length > 0).length;
  seen.suspended += state.deadlines.filter((deadline) => deadline.suspensions.length > 0).length;
  seen.resumed += state.deadlines.filter((deadline) =>
    deadline.suspensions.some((s) => s.to !== null),
  ).length;
  const breaches = state.journal.filter((entry) => entry.kind === 'deadline.overschreden');
  const warnings = state.journal.filter((entry) => entry.kind === 'deadline.waarschuwing');
  for (const deadline of state.deadlines) {
    const norm = state.norms.find((candidate) => candidate.id === deadline.normId)!;
    // The norm's own term is the floor: extensions and suspensions only ever move the due moment later.
    expect(deadline.originalDueAt).toBe(dueMoment(norm, deadline.startedAt));
    expect(deadline.dueAt >= deadline.originalDueAt).toBe(true);
    expect(deadline.extensions.length).toBeLessThanOrEqual(norm.extension?.maxTimes ?? 0);
    if (deadline.suspensions.length > 0) expect(norm.suspendable).toBe(true);
    const own = breaches.filter((entry) => entry.deadlineId === deadline.id);
    seen.breached += own.length;
    expect(own.length).toBeLessThanOrEqual(1);
    if (deadline.status === 'gehaald') expect(own).toEqual([]);
    for (const breach of own) {
      expect(breach.dueAt).toBe(deadline.dueAt);
      for (const warning of warnings.filter((entry) => entry.deadlineId === deadline.id)) {
        expect(warning.seq).toBeLessThan(breach.seq);
      }
    }
  }
}

describe('deadlines under random extensions and suspensions', () => {
  it('property (toeleiding, with suspensions): due moments never move earlier, a met deadline never breaches, one breach per deadline, warnings first', () => {
    fc.assert(fc.property(scenarioArb('toeleiding'), checkInvariants), { numRuns: 150, seed: 20261122 });
  });

  it('property (zorgplicht, with extensions): the same, and never more extensions than the norm allows', () => {
    fc.assert(fc.property(scenarioArb('zorgplicht'), checkInvariants), { numRuns: 150, seed: 20261122 });
  });

  it('the random scenarios really extend, suspend, resume and breach (the properties are not vacuous)', () => {
    expect(seen.extended).toBeGreaterThan(10);
    expect(seen.suspended).toBeGreaterThan(10);
    expect(seen.resumed).toBeGreaterThan(5);
    expect(seen.breached).toBeGreaterThan(10);
  });
});
