import { describe, expect, it } from 'vitest';
import type { Issue, RouteDefinitionInput } from '../../core/index.js';
import { checkRouteDefinition, createRouteRegistry, RouteDefinitionError } from '../../core/index.js';

/** A small valid route: signal, intake, closed; every test breaks it in its own way. */
function route(): RouteDefinitionInput & Record<string, unknown> {
  return {
    id: 'proef',
    version: '1.0.0',
    title: 'Proefroute',
    startEvent: 'signaal.gemeld',
    context: { regisseur: { fromStart: 'regisseur' }, intake: null, plan: null },
    events: {
      'signaal.gemeld': { doc: 'the signal', payload: { regisseur: { type: 'identifier' } } },
      'intake.gehouden': {
        doc: 'the intake',
        payload: { locatie: { type: 'code', values: ['thuis', 'school'], default: 'thuis' } },
      },
      'casus.afgesloten': { doc: 'closed' },
    },
    norms: ['intake-na-signaal'],
    machine: {
      initial: 'signaal',
      states: {
        signaal: { on: { 'intake.gehouden': { target: 'intake', actions: 'registreerIntake' } } },
        intake: { on: { 'casus.afgesloten': 'afgesloten' } },
        afgesloten: { type: 'final' },
      },
    },
  };
}

function issuesOf(definition: unknown): Issue[] {
  return checkRouteDefinition(definition).issues;
}

describe('a route definition is refused with every problem by its path', () => {
  it('accepts the small route it starts from', () => {
    expect(issuesOf(route())).toEqual([]);
  });

  it('refuses an unknown guard and an unknown action, naming the library', () => {
    const definition = route();
    definition.machine = {
      initial: 'signaal',
      states: {
        signaal: {
          on: {
            'intake.gehouden': {
              target: 'intake',
              guard: 'magAltijd',
              actions: ['registreerIntake', 'belOuders'],
            },
          },
        },
        intake: { on: { 'casus.afgesloten': 'afgesloten' } },
        afgesloten: { type: 'final' },
      },
    };
    const issues = issuesOf(definition);
    expect(issues.map((issue) => issue.path)).toEqual([
      'machine.states.signaal.on["intake.gehouden"].guard',
      'machine.states.signaal.on["intake.gehouden"].actions.1',
    ]);
    expect(issues[0]?.message).toMatch(
      /^unknown guard "magAltijd"; the library has intakeGehouden, heeftPlan/,
    );
    expect(issues[1]?.message).toMatch(/^unknown action "belOuders"/);
  });

  it('refuses a library entry used where its payload field is missing, and parameters that do not fit', () => {
    const definition = route();
    definition.machine = {
      initial: 'signaal',
      states: {
        signaal: {
          on: {
            'intake.gehouden': {
              target: 'intake',
              guard: { type: 'voorSpoor', params: { spoor: 'kind' } },
              actions: { type: 'vlagAan', params: { flag: 'verzuim' } },
            },
          },
        },
        intake: { on: { 'casus.afgesloten': 'afgesloten' } },
        afgesloten: { type: 'final' },
      },
    };
    expect(issuesOf(definition)).toEqual([
      {
        path: 'machine.states.signaal.on["intake.gehouden"].actions.params.vlag',
        message: 'action "vlagAan": Invalid input: expected string, received undefined',
      },
      {
        path: 'machine.states.signaal.on["intake.gehouden"].actions.params',
        message: 'action "vlagAan": Unrecognized key: "flag"',
      },
      {
        path: 'machine.states.signaal.on["intake.gehouden"].guard',
        message:
          '"voorSpoor" reads the payload field "spoor": not on "intake.gehouden", whose payload has no "spoor"',
      },
    ]);
  });

  it('refuses an unreachable stage and a target that is no stage', () => {
    const definition = route();
    definition.machine = {
      initial: 'signaal',
      states: {
        signaal: { on: { 'intake.gehouden': { target: 'intak', actions: 'registreerIntake' } } },
        intake: { on: { 'casus.afgesloten': 'afgesloten' } },
        afgesloten: { type: 'final' },
      },
    };
    expect(issuesOf(definition)).toEqual([
      {
        path: 'machine.states.signaal.on["intake.gehouden"]',
        message: 'target "intak" is not a stage of the route',
      },
      { path: 'machine.states.intake', message: 'stage "intake" can never be reached' },
      { path: 'machine.states.afgesloten', message: 'stage "afgesloten" can never be reached' },
    ]);
  });

  it('refuses an event whose payload differs between the stages that declare it', () => {
    const definition = route();
    definition.machine = {
      initial: 'signaal',
      states: {
        signaal: { on: { 'intake.gehouden': { target: 'intake', actions: 'registreerIntake' } } },
        intake: {
          events: {
            'casus.afgesloten': { doc: 'closed', payload: { reden: { type: 'code', values: ['klaar'] } } },
          },
          on: { 'casus.afgesloten': 'afgesloten' },
        },
        afgesloten: { type: 'final' },
      },
    };
    expect(issuesOf(definition)).toEqual([
      {
        path: 'machine.states.intake.events["casus.afgesloten"]',
        message:
          'the payload of "casus.afgesloten" differs from its declaration at events["casus.afgesloten"]; an event has one payload in every stage',
      },
    ]);
  });

  it('refuses a norm triggered by an event no stage takes, an unknown norm, and an event nobody takes', () => {
    const definition = route();
    definition.events = { ...definition.events, 'zorg.gestart': { doc: 'never taken' } };
    definition.norms = [
      { norm: 'intake-na-signaal', metBy: ['intake.gehouden', 'zorg.gestart'] },
      'breda-route',
      'geen-norm',
    ];
    const issues = issuesOf(definition);
    expect(issues).toContainEqual({
      path: 'events["zorg.gestart"]',
      message: 'no stage takes "zorg.gestart"',
    });
    expect(issues).toContainEqual({
      path: 'norms.0.metBy.1',
      message: 'norm "intake-na-signaal" metBy "zorg.gestart", an event no stage of the route takes',
    });
    // The preset's own triggers: the Breda route is met by the committee or the mdo, which this route lacks.
    expect(issues).toContainEqual({
      path: 'norms.1',
      message:
        'norm "breda-route" metBy plaatsingscommissie.besloten, mdo.afgesproken (the preset\'s), events no stage of the route takes; give the route\'s own "metBy"',
    });
    expect(issues.find((issue) => issue.path === 'norms.2')?.message).toMatch(
      /^"geen-norm" is not a norm preset; known: /,
    );
  });

  it('refuses duplicate state ids, a non-semver version, and a migration to a stage that does not exist', () => {
    const definition = route();
    definition.version = '1.0';
    expect(issuesOf(definition)).toEqual([
      { path: 'version', message: 'must be a semantic version such as "1.0.0"' },
    ]);
    const twice = route();
    twice.machine = {
      initial: 'signaal',
      states: {
        signaal: { id: 'stap', on: { 'intake.gehouden': { target: 'intake', actions: 'registreerIntake' } } },
        intake: { id: 'stap', on: { 'casus.afgesloten': 'afgesloten' } },
        afgesloten: { type: 'final' },
      },
    };
    twice.migrations = [{ from: '0.9.0', states: { signaal: 'signaal', wacht: 'wachten' } }];
    expect(issuesOf(twice)).toEqual([
      {
        path: 'machine.states.intake.id',
        message: 'duplicate state id "stap" (also at machine.states.signaal.id)',
      },
      { path: 'migrations.0.states.wacht', message: '"wachten" is not a stage of version 1.0.0' },
    ]);
  });

  it('registers nothing when one of several definitions is refused, listing every problem by file', () => {
    const broken = route();
    broken.id = 'kapot';
    broken.startEvent = 'melding.ontvangen';
    let thrown: unknown;
    try {
      createRouteRegistry([
        { source: 'routes/proef.json', definition: route() },
        { source: 'routes/proef-kopie.json', definition: route() },
        { source: 'routes/kapot.json', definition: broken },
      ]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RouteDefinitionError);
    expect((thrown as RouteDefinitionError).issues).toEqual([
      {
        path: 'routes/proef-kopie.json: version',
        message: 'proef@1.0.0 is defined twice (also in routes/proef.json)',
      },
      {
        path: 'routes/kapot.json: events["signaal.gemeld"]',
        message: 'no stage takes "signaal.gemeld"',
      },
      {
        path: 'routes/kapot.json: startEvent',
        message: '"melding.ontvangen" is not an event of the route; declare it under events',
      },
      {
        path: 'routes/kapot.json: context.regisseur.fromStart',
        message: 'the start event "melding.ontvangen" has no payload field "regisseur"',
      },
      {
        path: 'routes/kapot.json: norms.0',
        message:
          'norm "intake-na-signaal" startsOn signaal.gemeld (the preset\'s), events no stage of the route takes; give the route\'s own "startsOn"',
      },
    ]);
    expect((thrown as Error).message).toMatch(
      /^the routes cannot be registered: 5 problems\n {2}routes\/proef-kopie\.json: version: /,
    );
  });

  it('refuses a migration from a stage the earlier registered version does not have', () => {
    const next = route();
    next.version = '1.1.0';
    next.migrations = [{ from: '1.0.0', states: { beoordeling: 'intake' } }];
    expect(() =>
      createRouteRegistry([
        { source: 'v1.json', definition: route() },
        { source: 'v1.1.json', definition: next },
      ]),
    ).toThrow('v1.1.json: migrations.0.states.beoordeling: "beoordeling" is not a stage of proef@1.0.0');
  });
});
