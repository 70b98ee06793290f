// Each shipped route beyond the seed cases has a scenario on exact dates (scenarios/routes/<id>.json); this runs
// each through the pure core and checks the breaches, refusals and outcome its title promises. The due moments
// are worked out by hand in the comments, from the norm's term, calendar and telwijze (core/norm-presets.ts).
import { describe, expect, it } from 'vitest';
import type { BreachEntry, Scenario } from '../../core/index.js';
import { simulate, viewCase } from '../../core/index.js';
import { routeScenarios } from '../../scenarios/index.js';
import { SHIPPED_ROUTES } from '../../machines/index.js';

const scenarios = routeScenarios();

function run(name: string) {
  const scenario: Scenario | undefined = scenarios.get(name);
  if (scenario === undefined) throw new Error(`scenarios/routes/${name}.json is missing`);
  const result = simulate(scenario);
  const view = viewCase(result.state);
  const breaches = view.journal
    .filter((entry): entry is BreachEntry => entry.kind === 'deadline.overschreden')
    .map((breach) => ({ normId: breach.normId, dueAt: breach.dueAt, stage: breach.stage }));
  const deadlines = Object.fromEntries(
    view.deadlines.map((deadline) => [
      `${deadline.normId}${deadline.spoor === null || deadline.spoor === undefined ? '' : `/${deadline.spoor}`}`,
      { status: deadline.status, dueAt: deadline.dueAt },
    ]),
  );
  const refused = result.rejected.map((rejected) => `${rejected.index}:${rejected.type}`);
  return { view, breaches, deadlines, refused };
}

describe('the shipped routes, each on its own scenario with exact dates', () => {
  it('has one scenario per shipped route besides toeleiding and zorgplicht, each naming its route', () => {
    const others = SHIPPED_ROUTES.ids.filter((id) => id !== 'toeleiding' && id !== 'zorgplicht');
    expect([...scenarios.keys()].sort()).toEqual([...others].sort());
    for (const [name, scenario] of scenarios) expect(scenario.route).toBe(name);
  });

  it('Drechtsteden: the gezin spoor waits five weeks for the provider intake (treeknorm breached on 5 March); the weighing without the parents is refused', () => {
    const { view, breaches, deadlines, refused } = run('drechtsteden');
    // Signal Monday 19 January 10:00, intake Friday 23 January: within the week to 26 January 10:00 (CET).
    expect(deadlines['intake-na-signaal']).toEqual({ status: 'gehaald', dueAt: '2026-01-26T09:00:00.000Z' });
    // Registered with the provider 5 February 09:00: four weeks to 5 March 09:00 CET; its intake on 10 March.
    expect(breaches).toEqual([
      { normId: 'treeknorm-intake', dueAt: '2026-03-05T08:00:00.000Z', stage: 'arrangementen' },
    ]);
    // Intake 10 March 10:00 CET + 10 weeks = 19 May 10:00 CEST; care started 2 April.
    expect(deadlines['treeknorm-behandeling/gezin']).toEqual({
      status: 'gehaald',
      dueAt: '2026-05-19T08:00:00.000Z',
    });
    expect(refused).toEqual(['3:beoordeling.afgerond']);
    expect(view.stage).toBe('afgesloten');
    expect(view.plan).toMatchObject({ revisie: 2, soort: 'integraal', sporen: ['kind', 'gezin'] });
  });

  it('Gooi: no conversation and no MDO within the week breaches the intake norm; an MDO or an evaluation without the parents, and closing before the evaluation, are refused', () => {
    const { view, breaches, refused } = run('gooi-mdo');
    expect(breaches).toEqual([
      { normId: 'intake-na-signaal', dueAt: '2026-02-09T08:00:00.000Z', stage: 'mdo' },
    ]);
    expect(refused).toEqual(['1:mdo.gepland', '5:casus.afgesloten', '6:evaluatie.gehouden']);
    expect(view.stage).toBe('afgesloten');
    expect(view.context).toMatchObject({
      deelnemers: ['leerkracht', 'intern-begeleider', 'ouders', 'deskundige'],
    });
  });

  it('iJw: the JW315 of Wednesday 22 April is due Thursday 30 April (Koningsdag does not count) and met; the JW305 is late, the JW307 on time', () => {
    const { breaches, deadlines, refused } = run('ijw-toewijzing');
    expect(deadlines['ijw-toewijzing-antwoord']).toEqual({
      status: 'gehaald',
      dueAt: '2026-04-30T08:00:00.000Z',
    });
    // Care started Monday 4 May 09:00: five working days to Monday 11 May 09:00; reported 13 May.
    expect(breaches).toEqual([
      { normId: 'ijw-startbericht', dueAt: '2026-05-11T07:00:00.000Z', stage: 'inZorg' },
    ]);
    // Ended Friday 31 July 17:00: five working days to Friday 7 August 17:00; reported 5 August.
    expect(deadlines['ijw-stopbericht/kind']).toEqual({
      status: 'gehaald',
      dueAt: '2026-08-07T15:00:00.000Z',
    });
    // A start message before the care started is refused.
    expect(refused).toEqual(['2:startbericht.verzonden']);
  });

  it('Jeugdwet: 8 weeks from Monday 2 March end on Koningsdag, so the Algemene termijnenwet moves them to the end of Tuesday 28 April; the hulpverleningsplan is two days late', () => {
    const { breaches, deadlines, refused, view } = run('jeugdwet-besluit');
    expect(deadlines['jeugdhulp-beschikking']).toEqual({
      status: 'gehaald',
      dueAt: '2026-04-28T22:00:00.000Z',
    });
    // No family group plan on Monday 4 May: six weeks to the end of Monday 15 June; set 17 June.
    expect(breaches).toEqual([
      { normId: 'hulpverleningsplan', dueAt: '2026-06-15T22:00:00.000Z', stage: 'hulpverleningsplan' },
    ]);
    expect(refused).toEqual([]);
    expect(view.plan).toMatchObject({ revisie: 1 });
  });

  it('Veilig Thuis: a report on Thursday 23 April 14:00 is due Friday 1 May 14:00 (Koningsdag does not count); assessed 4 May, it is breached', () => {
    const { breaches, refused, view } = run('veilig-thuis');
    expect(breaches).toEqual([
      { normId: 'veilig-thuis-beoordeling', dueAt: '2026-05-01T12:00:00.000Z', stage: 'melding' },
    ]);
    expect(refused).toEqual([]);
    expect(view.regisseur).toBe('wijkteam-dr-09');
    expect(view.stage).toBe('afgesloten');
  });
});
