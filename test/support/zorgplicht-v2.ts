// The test route zorgplicht@2.0.0 (test/fixtures/routes: "opp" mapped to "ontwikkelingsperspectief.vastgesteld", a
// norm added) and the case the migration tests share: placed on zorgplicht@1.0.0 and migrated to 2.0.0.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { CaseState, RouteRegistry, RouteSource } from '../../core/index.js';
import { applyEvent, migrateCase, openCase } from '../../core/index.js';
import { accepted, ACTOR, ev } from './core-cases.js';

/** The folder of the test route files, as `--routes DIR` takes it. */
export const ROUTE_FIXTURES = new URL('../fixtures/routes/', import.meta.url).pathname;

export const ZORGPLICHT_V2: RouteSource = {
  source: 'test/fixtures/routes/zorgplicht-2.0.0.json',
  definition: JSON.parse(readFileSync(`${ROUTE_FIXTURES}zorgplicht-2.0.0.json`, 'utf8')) as unknown,
};

const DAY = 86_400_000;

/** The moment `days` days after Monday 2 February 2026, 09:00 UTC, when the shared case opens. */
export const dayOf = (days: number): string =>
  new Date(Date.parse('2026-02-02T09:00:00.000Z') + days * DAY).toISOString();

/**
 * A zorgplicht@1.0.0 case of swv-test: aanmelding on day 0, toelating on day 10, plaatsing on day 20, migrated to
 * 2.0.0 on day 25 by `routes` (which must hold both versions).
 */
export function migratedZorgplichtCase(
  caseId: string,
  routes: RouteRegistry,
  regio = 'regio-test',
): CaseState {
  let state = accepted(
    openCase(
      { caseId, routeId: 'zorgplicht', routeVersion: '1.0.0', organisatie: 'swv-test', regio },
      ev('aanmelding.ontvangen', { regisseur: 'ib-1', school: 'school-1' }, dayOf(0)),
      dayOf(0),
      { routes },
    ),
  ).state;
  for (const [type, payload, day] of [
    ['toelating.besloten', { besluit: 'toegelaten' }, 10],
    ['plaatsing.gestart', { school: 'school-1' }, 20],
  ] as const)
    state = accepted(applyEvent(state, ev(type, payload, dayOf(day)), dayOf(day), routes)).state;
  const migrated = migrateCase(
    state,
    { to: { id: 'zorgplicht', version: '2.0.0' }, actor: ACTOR },
    dayOf(25),
    routes,
  );
  if (!migrated.ok) expect.fail(JSON.stringify(migrated.rejection));
  return migrated.state;
}
