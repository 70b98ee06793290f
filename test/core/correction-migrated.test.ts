// A correction in a case migrated to another version of its route (issue 12, item 5): the recomputation opens the
// case on the version it started on, with the norms it had then, and migrates it where the journal says it did.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseAt } from '../../audit/index.js';
import type { CaseState } from '../../core/index.js';
import { applyEvent, migrateCase, openCase, statesOf, verifyChain, viewCase } from '../../core/index.js';
import { installHostRoutes } from '../../machines/host-routes.js';
import { exportOf } from '../support/audit-export.js';
import { accepted, ACTOR, ev } from '../support/core-cases.js';

const routes = installHostRoutes([
  {
    source: 'test/fixtures/routes/zorgplicht-2.0.0.json',
    definition: JSON.parse(
      readFileSync(new URL('../fixtures/routes/zorgplicht-2.0.0.json', import.meta.url), 'utf8'),
    ) as unknown,
  },
]);
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.parse('2026-02-02T09:00:00.000Z') + days * DAY).toISOString();

/** zorgplicht@1.0.0, placed, migrated to 2.0.0 on day 25, and an OPP registered on day 30 that was another pupil's. */
function migratedWithMistake(): CaseState {
  const start = { caseId: 'correctie-gemigreerd', routeId: 'zorgplicht', routeVersion: '1.0.0' };
  let state = accepted(
    openCase(
      { ...start, organisatie: 'swv-test', regio: 'regio-test' },
      ev('aanmelding.ontvangen', { regisseur: 'ib-1', school: 'school-1' }, at(0)),
      at(0),
      { routes },
    ),
  ).state;
  for (const [type, payload, day] of [
    ['toelating.besloten', { besluit: 'toegelaten' }, 10],
    ['plaatsing.gestart', { school: 'school-1' }, 20],
  ] as const)
    state = accepted(applyEvent(state, ev(type, payload, at(day)), at(day), routes)).state;
  const migrated = migrateCase(
    state,
    { to: { id: 'zorgplicht', version: '2.0.0' }, actor: ACTOR },
    at(25),
    routes,
  );
  if (!migrated.ok) expect.fail(JSON.stringify(migrated.rejection));
  return accepted(applyEvent(migrated.state, ev('opp.vastgesteld', {}, at(30)), at(30), routes)).state;
}

describe('a correction in a migrated case', () => {
  it('withdraws an event after the migration: the case stays on the new version, as it stood before the event', () => {
    const mistaken = migratedWithMistake();
    const opp = mistaken.journal.find(
      (entry) => entry.kind === 'gebeurtenis' && entry.type === 'opp.vastgesteld',
    )!;
    const corrected = accepted(
      applyEvent(
        mistaken,
        ev('correctie', { seq: opp.seq, reden: 'verkeerde-casus' }, at(31)),
        at(31),
        routes,
      ),
    ).state;
    expect(corrected.route).toEqual({ id: 'zorgplicht', version: '2.0.0' });
    expect(statesOf(corrected.snapshot)).toEqual(['geplaatst']);
    expect(corrected.norms).toEqual(mistaken.norms);
    expect(verifyChain(corrected.journal, corrected.caseId)).toMatchObject({ ok: true });
    const audited = caseAt(exportOf(viewCase(corrected), at(32)), at(32), routes);
    expect(audited.states).toEqual(['geplaatst']);
    expect(audited.route).toEqual({ id: 'zorgplicht', version: '2.0.0' });
    expect(audited.deadlines.map(({ id, status }) => ({ id, status }))).toEqual(
      corrected.deadlines.map(({ id, status }) => ({ id, status })),
    );
  });
});
