import { describe, expect, it } from 'vitest';
import type { CaseState, Decision, Rejection } from '../../core/index.js';
import { applyEvent, checkEventWithoutCase, openCase } from '../../core/index.js';
import { accepted, ACTOR, ev, openTestCase, rejected, START, T0, viewJson } from '../support/core-cases.js';

const NOW = '2026-01-06T09:00:00.000Z';

/** Offers `input` to `state` and checks that it is refused and the state left as it was. */
function refusedBy(state: CaseState, input: unknown, now: string = NOW): Rejection {
  const before = viewJson(state);
  const journalLength = state.journal.length;
  const rejection = rejected(applyEvent(state, input, now));
  expect(viewJson(state)).toBe(before);
  expect(state.journal).toHaveLength(journalLength);
  return rejection;
}

const paths = (rejection: Rejection): string[] => rejection.issues.map((issue) => issue.path);

describe('bad input is refused with a code and the path of the problem', () => {
  it('a malformed envelope (no actor): invalid-event at actor', () => {
    const state = openTestCase();
    const { actor: _actor, ...withoutActor } = ev('intake.gehouden', {}, NOW);
    const rejection = refusedBy(state, withoutActor);
    expect(rejection.code).toBe('invalid-event');
    expect(paths(rejection)).toEqual(['actor']);
    expect(rejection.stage).toBe('signaal');
  });

  it('an actor with a name instead of an id: invalid-event at actor.id', () => {
    const state = openTestCase();
    const input = { ...ev('intake.gehouden', {}, NOW), actor: { role: 'ouder', id: 'Moeder van M.' } };
    const rejection = refusedBy(state, input);
    expect(rejection.code).toBe('invalid-event');
    expect(paths(rejection)).toEqual(['actor.id']);
  });

  it('an unknown event type: unknown-event-type at type', () => {
    const state = openTestCase();
    const rejection = refusedBy(state, ev('leerling.geschorst', {}, NOW));
    expect(rejection.code).toBe('unknown-event-type');
    expect(paths(rejection)).toEqual(['type']);
  });

  it('a payload failing its schema: invalid-payload at payload.spoor', () => {
    let state = openTestCase();
    state = accepted(
      applyEvent(state, ev('mdo.afgesproken', { soort: 'licht', sporen: ['kind'] }, NOW), NOW),
    ).state;
    const rejection = refusedBy(state, ev('ondersteuning.gestart', { spoor: 'opa' }, NOW));
    expect(rejection.code).toBe('invalid-payload');
    expect(paths(rejection)).toEqual(['payload.spoor']);
    expect(rejection.stage).toBe('arrangement');
  });

  it('an arrangement naming a spoor twice: invalid-payload at payload.sporen', () => {
    const state = openTestCase();
    const rejection = refusedBy(
      state,
      ev('mdo.afgesproken', { soort: 'integraal', sporen: ['kind', 'kind'] }, NOW),
    );
    expect(rejection.code).toBe('invalid-payload');
    expect(paths(rejection)).toContain('payload.sporen');
  });

  it('an event not allowed in the stage: not-allowed-in-stage at type', () => {
    const state = openTestCase();
    const rejection = refusedBy(state, ev('zorg.gestart', { spoor: 'kind' }, NOW));
    expect(rejection.code).toBe('not-allowed-in-stage');
    expect(paths(rejection)).toEqual(['type']);
    expect(rejection.stage).toBe('signaal');
  });

  it('an event that occurred after now: occurred-in-future at occurredAt', () => {
    const state = openTestCase();
    const rejection = refusedBy(state, ev('intake.gehouden', {}, '2026-01-06T09:00:00.001Z'), NOW);
    expect(rejection.code).toBe('occurred-in-future');
    expect(paths(rejection)).toEqual(['occurredAt']);
  });

  it('an event that occurred before the previous one: occurred-before-previous at occurredAt', () => {
    const state = openTestCase();
    const rejection = refusedBy(state, ev('intake.gehouden', {}, '2026-01-05T08:59:59.999Z'), NOW);
    expect(rejection.code).toBe('occurred-before-previous');
    expect(paths(rejection)).toEqual(['occurredAt']);
  });

  it('the same event twice under one idempotency key: accepted once, the repeat is a no-op', () => {
    const state = openTestCase();
    const input = ev('intake.gehouden', { locatie: 'school' }, NOW, 'key-intake');
    const first = accepted(applyEvent(state, input, NOW));
    expect(first.duplicate).toBe(false);
    const journalLength = first.state.journal.length;
    const before = viewJson(first.state);
    const again = accepted(applyEvent(first.state, { ...input }, '2026-01-07T09:00:00.000Z'));
    expect(again.duplicate).toBe(true);
    expect(again.state).toBe(first.state);
    expect(again.effects).toEqual([]);
    expect(again.state.journal).toHaveLength(journalLength);
    expect(viewJson(first.state)).toBe(before);
  });

  it('the same idempotency key for a different event: idempotency-conflict at idempotencyKey', () => {
    const state = openTestCase();
    const first = accepted(
      applyEvent(state, ev('intake.gehouden', { locatie: 'thuis' }, NOW, 'key-x'), NOW),
    ).state;
    const rejection = refusedBy(first, ev('intake.gehouden', { locatie: 'school' }, NOW, 'key-x'), NOW);
    expect(rejection.code).toBe('idempotency-conflict');
    expect(paths(rejection)).toEqual(['idempotencyKey']);
    const other = refusedBy(first, ev('plaatsingscommissie.aangevraagd', {}, NOW, 'key-x'), NOW);
    expect(other.code).toBe('idempotency-conflict');
  });

  it('any event after the case closed: case-closed', () => {
    let state = openTestCase();
    state = accepted(
      applyEvent(state, ev('casus.afgesloten', { reden: 'geen-ondersteuning-nodig' }, NOW), NOW),
    ).state;
    for (const input of [
      ev('intake.gehouden', {}, NOW),
      ev('regie.overgedragen', { regisseur: 'regisseur-2', reden: 'anders' }, NOW),
      ev('casus.afgesloten', { reden: 'anders' }, NOW),
    ]) {
      const rejection = refusedBy(state, input);
      expect(rejection.code).toBe('case-closed');
      expect(rejection.issues).toEqual([]);
      expect(rejection.stage).toBe('afgesloten');
    }
  });

  it.each(['toString', 'constructor', '__proto__'])(
    'an event type named like a built-in property (%s): unknown-event-type at type',
    (type) => {
      const rejection = refusedBy(openTestCase(), ev(type, {}, NOW));
      expect(rejection.code).toBe('unknown-event-type');
      expect(paths(rejection)).toEqual(['type']);
    },
  );

  it('an idempotency key named like a built-in property is an ordinary new key', () => {
    let state = openTestCase();
    for (const key of ['constructor', 'toString', '__proto__']) {
      const event = ev('regie.overgedragen', { regisseur: `r-${key.length}`, reden: 'anders' }, NOW, key);
      const decision = accepted(applyEvent(state, event, NOW));
      expect(decision.duplicate).toBe(false);
      state = decision.state;
      expect(accepted(applyEvent(state, event, NOW)).duplicate).toBe(true);
    }
  });

  it.each([
    ['year 10000 (9999-12-31 at UTC-12)', '9999-12-31T23:59:59-12:00'],
    ['year 0050 (Date.UTC would read it as 1950)', '0050-03-02T09:00:00Z'],
  ])('an occurredAt outside 1900-2199, %s: invalid-event at occurredAt', (_name, occurredAt) => {
    const rejection = refusedBy(openTestCase(), ev('intake.gehouden', {}, occurredAt));
    expect(rejection.code).toBe('invalid-event');
    expect(paths(rejection)).toEqual(['occurredAt']);
  });

  it('suspending a norm that runs per spoor without naming the spoor: deadline-refused at payload.spoor', () => {
    let state = openTestCase();
    for (const event of [
      ev('mdo.afgesproken', { soort: 'integraal', sporen: ['kind', 'gezin'] }, NOW),
      ev('zorg.aangemeld', { spoor: 'kind', aanbieder: 'a-1' }, NOW),
      ev('zorg.aangemeld', { spoor: 'gezin', aanbieder: 'a-2' }, NOW),
    ]) {
      state = accepted(applyEvent(state, event, NOW)).state;
    }
    const rejection = refusedBy(
      state,
      ev('deadline.opgeschort', { normId: 'treeknorm-intake', reden: 'wacht-op-gezin' }, NOW),
    );
    expect(rejection.code).toBe('deadline-refused');
    expect(paths(rejection)).toEqual(['payload.spoor']);
    expect(rejection.message).toMatch(/per spoor \(kind, gezin\)/);
  });

  it('an event whose deadline needs a school year the engine lacks: deadline-refused at occurredAt, naming it', () => {
    const now = '2026-11-30T10:00:00.000Z';
    const start = {
      ...START,
      normOverrides: {
        thuiszitter: {
          term: { amount: 4, unit: 'schoolweken' },
          calendar: { kind: 'schoolweken', regio: 'zuid' },
        },
      },
    };
    const state = accepted(openCase(start, ev('signaal.gemeld', { regisseur: 'r-1' }, now), now)).state;
    const rejection = refusedBy(state, ev('verzuim.gemeld', {}, now), now);
    expect(rejection.code).toBe('deadline-refused');
    expect(rejection.message).toMatch(/no school holidays known for regio zuid in school year 2026-2027/);
    expect(paths(rejection)).toEqual(['occurredAt']);
  });

  describe('openCase', () => {
    const first = (
      type = 'signaal.gemeld',
      payload: Record<string, unknown> = { regisseur: 'regisseur-1' },
    ) => ({
      type,
      payload,
      actor: ACTOR,
      occurredAt: T0,
      idempotencyKey: 'open-1',
    });
    const refusal = (decision: Decision): Rejection => {
      const rejection = rejected(decision);
      expect(rejection.stage).toBeNull();
      return rejection;
    };
    /** A start with these norm overrides, refused. */
    const refusedOverrides = (normOverrides: unknown): Rejection =>
      refusal(openCase({ ...START, normOverrides } as typeof START, first(), T0));

    it('opens with a valid start and signaal.gemeld', () => {
      const opened = accepted(openCase(START, first(), T0));
      expect(opened.state.journal).toHaveLength(1);
    });

    it('refuses an unknown route: invalid-event at routeId', () => {
      const rejection = refusal(openCase({ ...START, routeId: 'rechtspraak' }, first(), T0));
      expect(rejection.code).toBe('invalid-event');
      expect(paths(rejection)).toEqual(['routeId']);
    });

    it('refuses an override of a norm the route lacks: invalid-event at normOverrides', () => {
      const rejection = refusedOverrides({
        'zorgplicht-bestaat-niet': { term: { amount: 6, unit: 'weken' } },
      });
      expect(rejection.code).toBe('invalid-event');
      expect(paths(rejection)).toEqual(['normOverrides']);
    });

    it('refuses an override with a bad term: invalid-event at its path', () => {
      const rejection = refusedOverrides({ 'breda-route': { term: { amount: -3, unit: 'weken' } } });
      expect(rejection.code).toBe('invalid-event');
      expect(paths(rejection)).toEqual(['normOverrides.breda-route.term.amount']);
    });

    it('refuses a first event other than signaal.gemeld: not-allowed-in-stage at type', () => {
      const rejection = refusal(openCase(START, first('intake.gehouden', { locatie: 'thuis' }), T0));
      expect(rejection.code).toBe('not-allowed-in-stage');
      expect(paths(rejection)).toEqual(['type']);
    });

    it('refuses a first event whose deadline counts working days in a year without holiday data', () => {
      const start = {
        ...START,
        normOverrides: {
          'intake-na-signaal': { term: { amount: 5, unit: 'werkdagen' }, calendar: { kind: 'werkdagen' } },
        },
      };
      const backdated = { ...first(), occurredAt: '1985-03-04T09:00:00.000Z' };
      const rejection = refusal(openCase(start, backdated, T0));
      expect(rejection.code).toBe('deadline-refused');
      expect(rejection.message).toMatch(/Dutch public holidays are known for 1990-2199, not for 1985/);
      expect(paths(rejection)).toEqual(['occurredAt']);
    });

    it.each([
      [
        'a "__proto__" norm id',
        JSON.parse('{"__proto__": {"term": {"amount": 1, "unit": "dagen"}}}') as unknown,
        'normOverrides.__proto__',
      ],
      [
        'a term of 100,000 months',
        { 'breda-route': { term: { amount: 100_000, unit: 'maanden' } } },
        'normOverrides.breda-route.term.amount',
      ],
      [
        'a warning 100,000,000 days ahead',
        { 'breda-route': { warning: { amount: 100_000_000, unit: 'dagen' } } },
        'normOverrides.breda-route.warning.amount',
      ],
    ])('refuses an override with %s: invalid-event at its path', (_name, normOverrides, path) => {
      const rejection = refusedOverrides(normOverrides);
      expect(rejection.code).toBe('invalid-event');
      expect(paths(rejection)).toEqual([path]);
    });

    it('refuses schoolweken on a calendar without a region: invalid-event at normOverrides, naming the calendar', () => {
      const rejection = refusedOverrides({ 'breda-route': { term: { amount: 3, unit: 'schoolweken' } } });
      expect(rejection.code).toBe('invalid-event');
      expect(paths(rejection)).toEqual(['normOverrides']);
      expect(rejection.issues[0]?.message).toMatch(
        /^normOverrides\.breda-route\.calendar: a term in schoolweken needs/,
      );
    });

    it('refuses a first event with a bad payload: invalid-payload at payload.regisseur', () => {
      const rejection = refusal(
        openCase(START, first('signaal.gemeld', { regisseur: 'mevrouw de Vries' }), T0),
      );
      expect(rejection.code).toBe('invalid-payload');
      expect(paths(rejection)).toEqual(['payload.regisseur']);
    });
  });
});

describe('an event checked without its case (what the CLI refuses before it connects)', () => {
  it('passes an event that some route takes, whichever route that is, and a deadline event', () => {
    expect(checkEventWithoutCase(ev('intake.gehouden', { locatie: 'thuis' }, NOW), NOW)).toBeUndefined();
    const zorgplicht = ev('plaatsing.gestart', { school: 'school-1' }, NOW);
    expect(checkEventWithoutCase(zorgplicht, NOW)).toBeUndefined();
    const hervat = ev('deadline.hervat', { normId: 'jeugdhulp-beschikking' }, NOW);
    expect(checkEventWithoutCase(hervat, NOW)).toBeUndefined();
  });

  it('refuses a type no route knows, naming every route and listing the known types', () => {
    const rejection = checkEventWithoutCase(ev('intake.gedaan', {}, NOW), NOW);
    expect(rejection?.code).toBe('unknown-event-type');
    expect(rejection?.message).toBe(
      '"intake.gedaan" is not an event of any route (toeleiding, zorgplicht, drechtsteden, gooi-mdo, ijw-toewijzing, jeugdwet-besluit, veilig-thuis)',
    );
    expect(rejection?.issues[0]?.message).toMatch(
      /known: .*intake\.gehouden.*plaatsing\.gestart.*deadline\./,
    );
  });

  it("refuses a payload that no route takes for its type, with that route's reason", () => {
    const rejection = checkEventWithoutCase(ev('plaatsing.gestart', { school: 'een school' }, NOW), NOW);
    expect(rejection?.code).toBe('invalid-payload');
    expect(paths(rejection as Rejection)).toEqual(['payload.school']);
  });

  it('refuses a malformed envelope and a moment after now', () => {
    expect(checkEventWithoutCase({ type: 'intake.gehouden' }, NOW)?.code).toBe('invalid-event');
    const later = ev('intake.gehouden', { locatie: 'thuis' }, '2026-01-06T09:00:00.001Z');
    expect(checkEventWithoutCase(later, NOW)?.code).toBe('occurred-in-future');
  });
});
