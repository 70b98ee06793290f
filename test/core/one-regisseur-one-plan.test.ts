import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseState, EventEntry } from '../../core/index.js';
import { applyEvent, openCase, viewCase } from '../../core/index.js';
import type { PlainEvent } from '../support/core-arbitraries.js';
import { after, REGISSEURS, startArb, stepsArb } from '../support/core-arbitraries.js';
import { accepted, ACTOR, ev, openTestCase, rejected, START, T0, viewJson } from '../support/core-cases.js';

const REVISES_PLAN = new Set([
  'mdo.afgesproken',
  'plaatsingscommissie.besloten',
  'arrangement.opgeschaald',
  'arrangement.afgeschaald',
  'plan.herzien',
]);
const SETS_FIRST_PLAN = new Set(['mdo.afgesproken', 'plaatsingscommissie.besloten']);

const revisieOf = (state: CaseState): number | null => {
  const plan = viewCase(state).plan as { revisie: number } | null;
  return plan === null ? null : plan.revisie;
};

/** Exactly one regisseur: a single non-empty id in the context, the view and every journal entry. */
function expectOneRegisseur(state: CaseState): void {
  const view = viewCase(state);
  expect(typeof view.regisseur).toBe('string');
  expect(view.regisseur).not.toBe('');
  expect((view.context as { regisseur: unknown }).regisseur).toBe(view.regisseur);
  for (const entry of state.journal) {
    expect(typeof entry.regisseur).toBe('string');
    expect(entry.regisseur.length).toBeGreaterThan(0);
  }
  expect(state.journal.at(-1)?.regisseur).toBe(view.regisseur);
}

/** The regisseur changes only on a regie.overgedragen entry whose payload names the new one. */
function expectRegieOnlyHandedOver(state: CaseState): void {
  for (const [index, entry] of state.journal.entries()) {
    const previous = state.journal[index - 1];
    if (previous === undefined || previous.regisseur === entry.regisseur) continue;
    expect(entry.kind).toBe('gebeurtenis');
    const event = entry as EventEntry;
    expect(event.type).toBe('regie.overgedragen');
    expect((event.payload as { regisseur: string }).regisseur).toBe(entry.regisseur);
  }
}

describe('één kind, één gezin, één plan, één regisseur', () => {
  it('property: every accepted prefix has one regisseur and one plan whose revisie counts its revisions', () => {
    fc.assert(
      fc.property(startArb, fc.constantFrom(...REGISSEURS), stepsArb, (start, firstRegisseur, steps) => {
        let state = accepted(
          openCase(START, ev('signaal.gemeld', { regisseur: firstRegisseur }, start), start),
        ).state;
        expect(viewCase(state).regisseur).toBe(firstRegisseur);
        expect(viewCase(state).plan).toBeNull();
        expectOneRegisseur(state);
        let moment = start;
        for (const { event, gap } of steps) {
          moment = after(moment, gap);
          const before = state;
          const beforeJson = viewJson(before);
          const beforeRegisseur = viewCase(before).regisseur;
          const beforeRevisie = revisieOf(before);
          const decision = applyEvent(before, ev(event.type, event.payload, moment), moment);
          // A refused event changes nothing, not even in place.
          expect(viewJson(before)).toBe(beforeJson);
          if (!decision.ok) {
            expect(['not-allowed-in-stage', 'case-closed']).toContain(decision.rejection.code);
            continue;
          }
          expect(decision.duplicate).toBe(false);
          state = decision.state;
          expectOneRegisseur(state);
          const added = state.journal.slice(before.journal.length);
          const entry = added.at(-1) as EventEntry;
          expect(entry.kind).toBe('gebeurtenis');
          expect(entry.type).toBe(event.type);
          // Warnings and breaches recorded on the way keep the regisseur of the moment.
          for (const signal of added.slice(0, -1)) {
            expect(['deadline.overschreden', 'deadline.waarschuwing']).toContain(signal.kind);
            expect(signal.regisseur).toBe(beforeRegisseur);
          }
          if (event.type === 'regie.overgedragen') {
            const named = (event.payload as { regisseur: string }).regisseur;
            expect(named).not.toBe(beforeRegisseur);
            expect(entry.regisseur).toBe(named);
          } else {
            expect(entry.regisseur).toBe(beforeRegisseur);
          }
          const revisie = revisieOf(state);
          expect(entry.planRevisie).toBe(revisie);
          if (REVISES_PLAN.has(event.type)) {
            if (beforeRevisie === null) expect(SETS_FIRST_PLAN.has(event.type)).toBe(true);
            expect(revisie).toBe((beforeRevisie ?? 0) + 1);
          } else {
            expect(revisie).toBe(beforeRevisie);
          }
        }
        expectRegieOnlyHandedOver(state);
        // The plan is null until the first arrangement, then never null again.
        const revisies = state.journal
          .filter((entry): entry is EventEntry => entry.kind === 'gebeurtenis')
          .map((entry) => entry.planRevisie);
        const firstPlan = revisies.findIndex((revisie) => revisie !== null);
        if (firstPlan >= 0) expect(revisies.slice(firstPlan).includes(null)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses regie.overgedragen to the current regisseur, leaving the state untouched', () => {
    const state = openTestCase('regisseur-1');
    const before = viewJson(state);
    const moment = '2026-01-06T09:00:00.000Z';
    const rejection = rejected(
      applyEvent(
        state,
        ev('regie.overgedragen', { regisseur: 'regisseur-1', reden: 'anders' }, moment),
        moment,
      ),
    );
    expect(rejection.code).toBe('not-allowed-in-stage');
    expect(viewJson(state)).toBe(before);
    const handedOver = accepted(
      applyEvent(
        state,
        ev('regie.overgedragen', { regisseur: 'regisseur-2', reden: 'anders' }, moment),
        moment,
      ),
    ).state;
    expect(viewCase(handedOver).regisseur).toBe('regisseur-2');
  });

  it('refuses plan.herzien before there is a plan', () => {
    const state = openTestCase();
    const before = viewJson(state);
    const moment = '2026-01-06T09:00:00.000Z';
    const decision = applyEvent(state, ev('plan.herzien', { onderdelen: ['doelen'] }, moment), moment);
    expect(rejected(decision).code).toBe('not-allowed-in-stage');
    expect(viewJson(state)).toBe(before);
    expect(viewCase(state).plan).toBeNull();
  });

  it('keeps one plan through revisions: revisie 1, 2, 3 in place', () => {
    const steps: PlainEvent[] = [
      { type: 'mdo.afgesproken', payload: { soort: 'regulier', sporen: ['kind'] } },
      { type: 'plan.herzien', payload: { onderdelen: ['doelen'] } },
      { type: 'ondersteuning.gestart', payload: { spoor: 'kind' } },
      { type: 'evaluatie.gestart', payload: {} },
      {
        type: 'arrangement.opgeschaald',
        payload: { soort: 'integraal', sporen: ['kind', 'gezin'], reden: 'veiligheid' },
      },
    ];
    let state = openTestCase('regisseur-1', T0);
    let moment = T0;
    const revisies: (number | null)[] = [revisieOf(state)];
    for (const step of steps) {
      moment = after(moment, { days: 1, minutes: 0 });
      state = accepted(
        applyEvent(state, { ...ev(step.type, step.payload, moment), actor: ACTOR }, moment),
      ).state;
      revisies.push(revisieOf(state));
    }
    expect(revisies).toEqual([null, 1, 2, 2, 2, 3]);
    expect(viewCase(state).plan).toMatchObject({ soort: 'integraal', sporen: ['kind', 'gezin'] });
  });
});
