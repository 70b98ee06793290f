import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseState, RouteRegistry } from '../../core/index.js';
import {
  applyEvent,
  canonical,
  createRouteRegistry,
  openCase,
  persistCase,
  restoreCase,
  statesOf,
  verifyChain,
} from '../../core/index.js';
import type { MigrationDecision } from '../../core/route-migration.js';
import { migrateCase } from '../../core/route-migration.js';
import { SHIPPED_ROUTE_SOURCES } from '../../machines/index.js';
import { accepted, ACTOR, ev } from '../support/core-cases.js';

const V2_FILE = new URL('../fixtures/routes/zorgplicht-2.0.0.json', import.meta.url);
const V2 = JSON.parse(readFileSync(V2_FILE, 'utf8')) as Record<string, unknown>;
const ROUTES: RouteRegistry = createRouteRegistry([
  ...SHIPPED_ROUTE_SOURCES,
  { source: 'test/fixtures/routes/zorgplicht-2.0.0.json', definition: V2 },
]);
const TO = { id: 'zorgplicht', version: '2.0.0' };
const START = {
  caseId: 'case-migrate-1',
  routeId: 'zorgplicht',
  organisatie: 'swv-test',
  regio: 'regio-test',
};
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number): string =>
  new Date(Date.parse('2026-02-02T09:00:00.000Z') + days * DAY).toISOString();

/** A zorgplicht@1.0.0 case: registered, admitted, placed (the OPP term running), then the given events. */
function placedCase(...more: [string, Record<string, unknown>, number][]): CaseState {
  const opened = openCase(
    { ...START, routeVersion: '1.0.0' },
    ev('aanmelding.ontvangen', { regisseur: 'ib-1', school: 'school-1' }, at(0)),
    at(0),
    { routes: ROUTES },
  );
  let state = accepted(opened).state;
  const events: [string, Record<string, unknown>, number][] = [
    ['toelating.besloten', { besluit: 'toegelaten' }, 10],
    ['plaatsing.gestart', { school: 'school-1' }, 20],
    ...more,
  ];
  for (const [type, payload, day] of events)
    state = accepted(applyEvent(state, ev(type, payload, at(day)), at(day), ROUTES)).state;
  return state;
}

function migrated(decision: MigrationDecision): Extract<MigrationDecision, { ok: true }> {
  if (!decision.ok) expect.fail(`expected the migration, got ${JSON.stringify(decision.rejection)}`);
  return decision;
}

function refused(decision: MigrationDecision): Extract<MigrationDecision, { ok: false }>['rejection'] {
  if (decision.ok) expect.fail('expected the migration to be refused');
  return decision.rejection;
}

describe('migrating a running case to a new version of its route', () => {
  it('maps a renamed stage into its new place and keeps the context', () => {
    const state = placedCase(['opp.vastgesteld', {}, 30]);
    expect(statesOf(state.snapshot)).toEqual(['opp']);
    const { state: next, entry } = migrated(migrateCase(state, { to: TO, actor: ACTOR }, at(31), ROUTES));
    expect(next.route).toEqual(TO);
    expect(statesOf(next.snapshot)).toEqual(['ontwikkelingsperspectief.vastgesteld']);
    expect(next.snapshot.context).toEqual({ ...state.snapshot.context, evaluaties: 0 });
    expect(entry).toMatchObject({
      kind: 'gebeurtenis',
      type: 'route.gemigreerd',
      actor: ACTOR,
      occurredAt: at(31),
      recordedAt: at(31),
      stageBefore: 'opp',
      stageAfter: 'ontwikkelingsperspectief',
      payload: {
        from: { id: 'zorgplicht', version: '1.0.0' },
        to: TO,
        statesBefore: ['opp'],
        statesAfter: ['ontwikkelingsperspectief.vastgesteld'],
        normsBefore: state.norms,
      },
    });
    // The case runs on as v2: the OPP evaluated in the new stage.
    const evaluated = accepted(
      applyEvent(next, ev('opp.geevalueerd', { uitkomst: 'doorgaan' }, at(40)), at(40), ROUTES),
    );
    expect(statesOf(evaluated.state.snapshot)).toEqual(['ontwikkelingsperspectief.vastgesteld']);
  });

  it('carries running deadlines unchanged and recomputes a new norm from the journal', () => {
    const state = placedCase();
    const { state: next, entry } = migrated(migrateCase(state, { to: TO, actor: ACTOR }, at(25), ROUTES));
    for (const deadline of state.deadlines)
      expect(next.deadlines.find((each) => each.id === deadline.id)).toEqual(deadline);
    const added = next.deadlines.filter((each) => each.normId === 'intake-na-signaal');
    // Started by plaatsing.gestart (journal entry 3) on day 20, as if the norm had run from the start.
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ id: 'intake-na-signaal#3', startedAt: at(20), status: 'lopend' });
    expect(entry.deadlines.gestart).toEqual(['intake-na-signaal#3']);
    expect(entry.payload.meegenomen).toEqual(state.deadlines.map((each) => each.id));
    // The recomputed norm is met by v2's own trigger.
    const set = accepted(applyEvent(next, ev('opp.vastgesteld', {}, at(26)), at(26), ROUTES)).state;
    expect(set.deadlines.find((each) => each.id === 'intake-na-signaal#3')?.status).toBe('gehaald');
  });

  it('chains the migration into the journal, and the chain verifies after persisting', () => {
    const state = placedCase(['opp.vastgesteld', {}, 30]);
    const { state: next } = migrated(migrateCase(state, { to: TO, actor: ACTOR }, at(31), ROUTES));
    expect(next.journal).toHaveLength(state.journal.length + 1);
    expect(verifyChain(next.journal, next.caseId).ok).toBe(true);
    const restored = restoreCase(JSON.parse(JSON.stringify(persistCase(next, ROUTES))), ROUTES);
    expect(statesOf(restored.snapshot)).toEqual(['ontwikkelingsperspectief.vastgesteld']);
    expect(verifyChain(restored.journal, restored.caseId).ok).toBe(true);
    const later = accepted(
      applyEvent(restored, ev('opp.geevalueerd', { uitkomst: 'doorgaan' }, at(40)), at(40), ROUTES),
    ).state;
    expect(verifyChain(later.journal, next.caseId).ok).toBe(true);
    const seq = state.journal.length + 1;
    const tampered = later.journal.map((entry) =>
      entry.seq === seq && entry.kind === 'gebeurtenis'
        ? { ...entry, payload: { ...(entry.payload as object), to: { id: 'zorgplicht', version: '9.0.0' } } }
        : entry,
    );
    expect(verifyChain(tampered, next.caseId)).toMatchObject({ ok: false, break: { kind: 'altered', seq } });
  });

  it('records the old version breaches first, then migrates', () => {
    const state = placedCase();
    const late = at(200);
    const { state: next, effects } = migrated(migrateCase(state, { to: TO, actor: ACTOR }, late, ROUTES));
    const kinds = next.journal.slice(state.journal.length).map((entry) => entry.kind);
    expect(next.journal.at(-1)).toMatchObject({ type: 'route.gemigreerd' });
    expect(kinds.slice(0, -1)).toContain('deadline.overschreden');
    expect(kinds.at(-1)).toBe('gebeurtenis');
    expect(effects.length).toBe(kinds.length - 1);
  });

  it('refuses a case in a stage the new version does not map, and leaves it as it was', () => {
    const opened = openCase(
      { ...START, routeVersion: '1.0.0' },
      ev('aanmelding.ontvangen', { regisseur: 'ib-1', school: 'school-1' }, at(0)),
      at(0),
      { routes: ROUTES },
    );
    const state = accepted(
      applyEvent(accepted(opened).state, ev('tijdelijk.ingeschreven', {}, at(5)), at(5), ROUTES),
    ).state;
    const before = canonical(persistCase(state, ROUTES));
    const rejection = refused(migrateCase(state, { to: TO, actor: ACTOR }, at(6), ROUTES));
    expect(rejection.code).toBe('migration-refused');
    expect(rejection.issues).toContainEqual({
      path: 'states.tijdelijkIngeschreven',
      message: 'has no place in zorgplicht@2.0.0: its migration from 1.0.0 maps it nowhere',
    });
    expect(canonical(persistCase(state, ROUTES))).toBe(before);
  });

  it('refuses a case with a running deadline of a norm the new version drops', () => {
    const state = placedCase(['verzuim.gemeld', {}, 22]);
    const rejection = refused(migrateCase(state, { to: TO, actor: ACTOR }, at(23), ROUTES));
    expect(rejection.issues).toEqual([
      {
        path: 'deadlines.thuiszitter#4',
        message: 'norm "thuiszitter" is still running here and the new version has no such norm',
      },
    ]);
  });

  it('refuses a mapping that would break an invariant: a running case mapped into the final stage', () => {
    const closing = {
      ...V2,
      version: '2.0.1',
      migrations: [{ from: '1.0.0', states: { geplaatst: 'afgesloten' } }],
    };
    const routes = createRouteRegistry([
      ...SHIPPED_ROUTE_SOURCES,
      { source: 'closing.json', definition: closing },
    ]);
    const opened = openCase(
      { ...START, routeVersion: '1.0.0' },
      ev('aanmelding.ontvangen', { regisseur: 'ib-1', school: 'school-1' }, at(0)),
      at(0),
      { routes },
    );
    let state = accepted(opened).state;
    state = accepted(
      applyEvent(state, ev('toelating.besloten', { besluit: 'toegelaten' }, at(1)), at(1), routes),
    ).state;
    state = accepted(applyEvent(state, ev('plaatsing.gestart', { school: 's' }, at(2)), at(2), routes)).state;
    const rejection = refused(
      migrateCase(state, { to: { id: 'zorgplicht', version: '2.0.1' }, actor: ACTOR }, at(3), routes),
    );
    expect(rejection.issues).toContainEqual({
      path: 'states',
      message: 'the mapped states would close the case; close it with its event',
    });
  });

  it('refuses an unknown, older or same version, another route, and a version without a migration', () => {
    const state = placedCase();
    const reasons = [
      { id: 'zorgplicht', version: '3.0.0' },
      { id: 'zorgplicht', version: '1.0.0' },
      { id: 'toeleiding', version: '1.0.0' },
    ].map((to) => refused(migrateCase(state, { to, actor: ACTOR }, at(21), ROUTES)).message);
    expect(reasons).toEqual([
      'route zorgplicht@3.0.0 is not available here',
      'case case-migrate-1 runs zorgplicht@1.0.0; zorgplicht@1.0.0 is not newer',
      'a case of zorgplicht cannot move to another route (toeleiding)',
    ]);
    const bare = { ...V2, version: '2.1.0', migrations: [] };
    const routes = createRouteRegistry([...SHIPPED_ROUTE_SOURCES, { source: 'bare.json', definition: bare }]);
    const rejection = refused(
      migrateCase(state, { to: { id: 'zorgplicht', version: '2.1.0' }, actor: ACTOR }, at(21), routes),
    );
    expect(rejection.message).toBe('zorgplicht@2.1.0 declares no migration from 1.0.0');
  });
});
