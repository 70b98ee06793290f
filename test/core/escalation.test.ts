// Issue 12, item 3: a norm declares steps of escalation after a breach; each is a journal entry and a notification
// at its moment, and they stop when the norm is met.
import { describe, expect, it } from 'vitest';
import type { CaseState, Deadline } from '../../core/index.js';
import {
  advanceTo,
  applyEvent,
  NORM_PRESETS,
  NormSchema,
  nextWakeAt,
  openCase,
  runClockTo,
} from '../../core/index.js';
import { buildReport, renderText } from '../../audit/index.js';
import { viewCase } from '../../core/index.js';
import { accepted, ev, notificationsOf } from '../support/core-cases.js';
import { exportOf } from '../support/audit-export.js';

const at = (local: string) => new Date(local).toISOString();
const RECEIVED = at('2025-10-31T14:00:00+01:00');
const DUE = at('2025-12-30T00:00:00+01:00');
const COORDINATOR = at('2026-01-07T00:00:00+01:00');
const LEERPLICHT = at('2026-01-21T00:00:00+01:00');

function breachable(): CaseState {
  const start = {
    caseId: 'opschalen-1',
    routeId: 'zorgplicht',
    organisatie: 'po-school-1',
    regio: 'regio-1',
    normOverrides: { zorgplicht: { term: { amount: 8, unit: 'weken' } } },
  };
  const first = ev('aanmelding.ontvangen', { regisseur: 'zc-1', school: 'school-1' }, RECEIVED);
  return accepted(openCase(start, first, RECEIVED)).state;
}

const zorgplicht = (state: CaseState): Deadline =>
  state.deadlines.find((deadline) => deadline.normId === 'zorgplicht')!;

describe('escalation after a breach (opschalen)', () => {
  it('the zorgplicht preset escalates to the regisseur at the breach, the coordinator after 5 and a role after 15 working days', () => {
    expect(NORM_PRESETS.get('zorgplicht')?.opschalen?.map((step) => step.rol)).toEqual([
      'regisseur',
      'coordinator',
      'leerplichtambtenaar',
    ]);
  });

  it('plans the steps when the breach is recorded, sends each at its moment, and wakes the clock for the next', () => {
    const state = breachable();
    const breached = advanceTo(state, DUE);
    expect(zorgplicht(breached.state).opschaling).toEqual([
      { stap: 1, rol: 'regisseur', at: DUE, sentAt: DUE },
      { stap: 2, rol: 'coordinator', at: COORDINATOR, sentAt: null },
      { stap: 3, rol: 'leerplichtambtenaar', at: LEERPLICHT, sentAt: null },
    ]);
    expect(notificationsOf(breached.effects).map((n) => [n.kind, n.rol])).toEqual([
      ['deadline.waarschuwing', undefined],
      ['deadline.overschreden', undefined],
      ['deadline.opgeschaald', 'regisseur'],
    ]);
    // The one timer the workflow keeps now waits for the next step (working days skip New Year's Day).
    expect(nextWakeAt([zorgplicht(breached.state)])).toBe(COORDINATOR);

    const later = advanceTo(breached.state, COORDINATOR);
    expect(later.state.journal.at(-1)).toMatchObject({
      kind: 'deadline.opgeschaald',
      stap: 2,
      rol: 'coordinator',
      at: COORDINATOR,
      detectedAt: COORDINATOR,
    });
    expect(notificationsOf(later.effects).filter((n) => n.normId === 'zorgplicht')).toEqual([
      expect.objectContaining({
        kind: 'deadline.opgeschaald',
        stap: 2,
        rol: 'coordinator',
        regisseur: 'zc-1',
      }),
    ]);
    expect(nextWakeAt([zorgplicht(later.state)])).toBe(LEERPLICHT);
  });

  it('stops when the norm is met: no more steps, no more timers', () => {
    const breached = advanceTo(breachable(), COORDINATOR).state;
    const decidedAt = at('2026-01-12T10:00:00+01:00');
    const decided = accepted(
      applyEvent(breached, ev('toelating.besloten', { besluit: 'toegelaten' }, decidedAt), decidedAt),
    ).state;
    expect(zorgplicht(decided).status).toBe('gehaald-na-overschrijding');
    expect(nextWakeAt([zorgplicht(decided)])).toBeUndefined();
    const after = advanceTo(decided, at('2026-02-01T00:00:00+01:00'));
    expect(after.state.journal.filter((entry) => entry.kind === 'deadline.opgeschaald')).toHaveLength(2);
  });

  it('an event registered after several due moments records each step once, in time order', () => {
    const lateTick = advanceTo(breachable(), at('2026-01-25T12:00:00+01:00'));
    expect(
      lateTick.state.journal
        .filter((entry) => entry.kind !== 'gebeurtenis' && entry.normId === 'zorgplicht')
        .map((entry) => (entry.kind === 'deadline.opgeschaald' ? `${entry.kind}:${entry.stap}` : entry.kind)),
    ).toEqual([
      'deadline.waarschuwing',
      'deadline.overschreden',
      'deadline.opgeschaald:1',
      'deadline.opgeschaald:2',
      'deadline.opgeschaald:3',
    ]);
  });

  it('the audit report lists each step sent, citing its entry', () => {
    const escalated = advanceTo(breachable(), COORDINATOR).state;
    const report = buildReport(exportOf(viewCase(escalated), COORDINATOR));
    expect(report.escalations.map((fact) => [fact.stap, fact.rol, fact.at])).toEqual([
      [1, 'regisseur', DUE],
      [2, 'coordinator', COORDINATOR],
    ]);
    expect(renderText(report)).toMatch(/zorgplicht: step 2 to coordinator, .* \[#\d+\]/);
  });

  it('refuses steps out of time order, naming the field', () => {
    const parsed = NormSchema.safeParse({
      ...NORM_PRESETS.get('zorgplicht'),
      opschalen: [
        { na: { amount: 10, unit: 'werkdagen' }, rol: 'coordinator' },
        { na: { amount: 5, unit: 'werkdagen' }, rol: 'regisseur' },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['opschalen', 'escalation steps must be in time order'],
    ]);
  });
});

describe('the simulator clock after a case closes with escalation pending', () => {
  it('runs on past the skipped steps instead of waking for them forever', () => {
    const breached = advanceTo(breachable(), DUE).state;
    const WITHDRAWN = at('2026-01-02T10:00:00+01:00');
    const closed = accepted(
      applyEvent(breached, ev('aanmelding.ingetrokken', {}, WITHDRAWN), WITHDRAWN),
    ).state;
    // The pending steps stay on the deadline; only a closed case's clock leaves them out.
    expect(nextWakeAt(closed.deadlines)).toBe(COORDINATOR);
    expect(nextWakeAt(closed.deadlines, { escalation: false })).toBeUndefined();

    const ran = runClockTo(closed, at('2026-03-01T00:00:00+01:00'));
    expect(ran.state.journal).toHaveLength(closed.journal.length);
    expect(ran.effects).toEqual([]);
  });
});
