// A correction in a case migrated to another version of its route (issue 12, item 5): the recomputation opens the
// case on the version it started on, with the norms it had then, and migrates it where the journal says it did.
import { describe, expect, it } from 'vitest';
import { caseAt } from '../../audit/index.js';
import type { CaseState } from '../../core/index.js';
import { applyEvent, statesOf, verifyChain, viewCase } from '../../core/index.js';
import { installHostRoutes } from '../../machines/host-routes.js';
import { exportOf } from '../support/audit-export.js';
import { accepted, ev } from '../support/core-cases.js';
import { dayOf, migratedZorgplichtCase, ZORGPLICHT_V2 } from '../support/zorgplicht-v2.js';

const routes = installHostRoutes([ZORGPLICHT_V2]);
const at = dayOf;

/** zorgplicht@1.0.0, placed, migrated to 2.0.0 on day 25, and an OPP registered on day 30 that was another pupil's. */
function migratedWithMistake(): CaseState {
  const migrated = migratedZorgplichtCase('correctie-gemigreerd', routes);
  return accepted(applyEvent(migrated, ev('opp.vastgesteld', {}, at(30)), at(30), routes)).state;
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
