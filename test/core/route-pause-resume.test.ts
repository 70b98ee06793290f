// A route definition can stop and restart a suspendable norm's clock on its own events (issue 11, item 1:
// "which norms start, stop, pause and resume on which events"): the due moment moves by the time it stood still,
// exactly as `deadline.opgeschort`/`deadline.hervat` move it.
import { describe, expect, it } from 'vitest';
import type { CaseState, Deadline } from '../../core/index.js';
import { applyEvent, checkRouteDefinition, createRouteRegistry, openCase } from '../../core/index.js';
import { accepted, ev } from '../support/core-cases.js';

const at = (local: string) => new Date(local).toISOString();

function route(
  triggers: Record<string, unknown> = { pausesOn: ['gezin.afwezig'], resumesOn: ['gezin.terug'] },
) {
  return {
    id: 'pauze-proef',
    version: '1.0.0',
    title: 'Een route die de treeknorm stilzet',
    sources: [{ citation: 'test' }],
    startEvent: 'zorg.aangemeld',
    context: { regisseur: { fromStart: 'regisseur' }, plan: null },
    events: {
      'zorg.aangemeld': { doc: 'registered with a provider', payload: { regisseur: { type: 'identifier' } } },
      'gezin.afwezig': { doc: 'the family is away; the provider cannot hold the intake' },
      'gezin.terug': { doc: 'the family is back' },
      'zorg.intake-gehouden': { doc: 'the intake was held' },
    },
    norms: [{ norm: 'treeknorm-intake', ...triggers }],
    machine: {
      initial: 'wachten',
      states: {
        wachten: {
          on: {
            'gezin.afwezig': { target: 'afwezig' },
            'zorg.intake-gehouden': { target: 'klaar' },
          },
        },
        afwezig: { on: { 'gezin.terug': { target: 'wachten' } } },
        klaar: { type: 'final' },
      },
    },
  };
}

const routes = createRouteRegistry([{ source: 'pauze-proef.json', definition: route() }]);
const intake = (state: CaseState): Deadline => state.deadlines.find((d) => d.normId === 'treeknorm-intake')!;

describe('a route pausing and resuming a norm', () => {
  it('stops the clock on its pausing event and moves the due moment by the days it stood still', () => {
    const START = at('2026-03-02T09:00:00+01:00');
    const opened = accepted(
      openCase(
        { caseId: 'pauze-1', routeId: 'pauze-proef', organisatie: 'zorg-1', regio: 'regio-1' },
        ev('zorg.aangemeld', { regisseur: 'r-1' }, START),
        START,
        { routes },
      ),
    ).state;
    const due = intake(opened).dueAt;
    expect(due).toBe(at('2026-03-30T09:00:00+02:00'));

    const AWAY = at('2026-03-09T09:00:00+01:00');
    const away = accepted(applyEvent(opened, ev('gezin.afwezig', {}, AWAY), AWAY, routes)).state;
    expect(intake(away)).toMatchObject({
      status: 'opgeschort',
      suspensions: [{ from: AWAY, to: null, reden: 'gezin.afwezig' }],
    });
    expect(away.journal.at(-1)).toMatchObject({ deadlines: { opgeschort: [intake(opened).id] } });

    const BACK = at('2026-03-16T09:00:00+01:00');
    const back = accepted(applyEvent(away, ev('gezin.terug', {}, BACK), BACK, routes)).state;
    // Seven days stood still: due seven days later.
    expect(intake(back)).toMatchObject({ status: 'lopend', dueAt: at('2026-04-06T09:00:00+02:00') });
    expect(back.journal.at(-1)).toMatchObject({
      deadlines: { hervat: [{ id: intake(opened).id, from: due, to: at('2026-04-06T09:00:00+02:00') }] },
    });

    const HELD = at('2026-04-03T09:00:00+02:00');
    const held = accepted(applyEvent(back, ev('zorg.intake-gehouden', {}, HELD), HELD, routes)).state;
    expect(intake(held).status).toBe('gehaald');
  });

  it('refuses pausing a norm that allows no suspension, and a pause without a resume, by path', () => {
    const statutory = {
      ...route(),
      norms: [
        {
          norm: 'veilig-thuis-beoordeling',
          startsOn: ['zorg.aangemeld'],
          metBy: ['zorg.intake-gehouden'],
          pausesOn: ['gezin.afwezig'],
          resumesOn: ['gezin.terug'],
        },
      ],
    };
    expect(checkRouteDefinition(statutory).issues).toContainEqual({
      path: 'norms.0.pausesOn',
      message:
        'norm "veilig-thuis-beoordeling" cannot be paused: its preset allows no suspension (opschorting)',
    });
    expect(checkRouteDefinition(route({ pausesOn: ['gezin.afwezig'] })).issues).toContainEqual({
      path: 'norms.0.resumesOn',
      message:
        'norm "treeknorm-intake" needs both pausesOn and resumesOn: a clock the route stops must be able to run again',
    });
    expect(
      checkRouteDefinition(route({ pausesOn: ['gezin.weg'], resumesOn: ['gezin.terug'] })).issues,
    ).toContainEqual({
      path: 'norms.0.pausesOn.0',
      message: 'norm "treeknorm-intake" pausesOn "gezin.weg", an event no stage of the route takes',
    });
  });
});
