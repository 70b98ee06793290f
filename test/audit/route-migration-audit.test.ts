import { describe, expect, it } from 'vitest';
import { buildReport, caseAt, checkChain } from '../../audit/index.js';
import type { CaseState } from '../../core/index.js';
import { applyEvent, viewCase } from '../../core/index.js';
import { installHostRoutes } from '../../machines/host-routes.js';
import { accepted, ev } from '../support/core-cases.js';
import { dayOf, migratedZorgplichtCase, ZORGPLICHT_V2 } from '../support/zorgplicht-v2.js';
import { exportOf } from '../support/audit-export.js';

// This host runs zorgplicht@1.0.0 (shipped) and the test fixture zorgplicht@2.0.0, as an auditor's would.
const routes = installHostRoutes([ZORGPLICHT_V2]);
const at = dayOf;

function migratedCase(): CaseState {
  const migrated = migratedZorgplichtCase('case-audit-migrated', routes);
  return accepted(applyEvent(migrated, ev('opp.vastgesteld', {}, at(30)), at(30), routes)).state;
}

describe('the audit commands on a migrated case', () => {
  const exported = exportOf(viewCase(migratedCase()), at(40));

  it('audit at shows the version, states and deadlines of each moment, before and after the migration', () => {
    const before = caseAt(exported, at(24));
    expect(before.route).toEqual({ id: 'zorgplicht', version: '1.0.0' });
    expect(before.states).toEqual(['geplaatst']);
    expect(before.deadlines.map((deadline) => deadline.normId)).not.toContain('intake-na-signaal');
    const after = caseAt(exported, at(35));
    expect(after.route).toEqual({ id: 'zorgplicht', version: '2.0.0' });
    expect(after.states).toEqual(['ontwikkelingsperspectief.vastgesteld']);
    expect(after.deadlines.find((deadline) => deadline.normId === 'intake-na-signaal')).toMatchObject({
      id: 'intake-na-signaal#3',
      // Recomputed from the placement (day 20) by its rules, due before the OPP was set on day 30: met late.
      status: 'gehaald-na-overschrijding',
      startedAt: at(20),
    });
    expect(before.findings).toEqual([]);
    expect(after.findings).toEqual([]);
    expect(after.chain).toEqual({ ok: true });
  });

  it('audit verify finds the chain intact, and the report names the migration', () => {
    expect(checkChain(exported)).toMatchObject({ ok: true, entries: exported.journal.length });
    const report = buildReport(exported);
    const item = report.timeline.find((entry) => entry.what === 'route.gemigreerd');
    expect(item?.details.join('; ')).toContain(
      'zorgplicht@1.0.0 to zorgplicht@2.0.0; states geplaatst to geplaatst',
    );
    expect(item?.by).toBe('swv:swv-test-1');
  });
});
