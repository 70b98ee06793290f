// Issue 12, item 2: a breach the timer recorded is retracted when an event registered later shows the norm was met
// before its due moment; the live case, the KPIs and `audit at` then give the same answer.
import { describe, expect, it } from 'vitest';
import type { CaseState, Deadline } from '../../core/index.js';
import {
  advanceTo,
  applyEvent,
  kpiReport,
  openCase,
  UNPINNED,
  viewCase,
  visibilityOf,
} from '../../core/index.js';
import { buildReport, caseAt, renderText } from '../../audit/index.js';
import { accepted, ev, notificationsOf } from '../support/core-cases.js';
import { exportOf } from '../support/audit-export.js';

const at = (local: string) => new Date(local).toISOString();

// The example: a signal backdated to 1 March, its intake of 5 March registered on 12 March, against an
// intake norm due on 9 March (a region counting the intake week to the end of its last day).
const SIGNAL = at('2026-03-01T10:00:00+01:00');
const OPENED = at('2026-03-02T09:00:00+01:00');
const INTAKE = at('2026-03-05T14:00:00+01:00');
const REGISTERED = at('2026-03-12T11:00:00+01:00');
const DUE = at('2026-03-09T00:00:00+01:00');

function signalled(pin = {}): CaseState {
  const start = {
    caseId: 'laat-geregistreerd',
    organisatie: 'swv-1',
    regio: 'regio-1',
    normOverrides: {
      'intake-na-signaal': { telwijze: { vanaf: 'dag-na-ontvangst', tot: 'einde-dag', bron: 'regio-1' } },
    },
  };
  return accepted(openCase(start, ev('signaal.gemeld', { regisseur: 'ib-1' }, SIGNAL), OPENED, pin)).state;
}

const intakeNorm = (state: CaseState): Deadline =>
  state.deadlines.find((deadline) => deadline.normId === 'intake-na-signaal')!;

/** The case as the workflow runs it: the breach timer fires at 00:00 on 9 March, the intake is registered on 12 March. */
function lateRegistered(pin = {}) {
  const breached = advanceTo(signalled(pin), DUE);
  const intake = accepted(applyEvent(breached.state, ev('intake.gehouden', {}, INTAKE), REGISTERED));
  return { breached, intake };
}

describe('a breach retracted when a late-registered event shows the norm met in time', () => {
  it('the breach is recorded when the timer fires, with a notification', () => {
    const { breached } = lateRegistered();
    expect(intakeNorm(breached.state)).toMatchObject({ dueAt: DUE, status: 'overschreden', detectedAt: DUE });
    expect(notificationsOf(breached.effects).map((n) => n.kind)).toContain('deadline.overschreden');
  });

  it('the intake registered on 12 March retracts it: met (registered late), in the journal, with a notification', () => {
    const { intake } = lateRegistered();
    const deadline = intakeNorm(intake.state);
    const event = intake.state.journal.find(
      (entry) => entry.kind === 'gebeurtenis' && entry.type === 'intake.gehouden',
    )!;
    expect(deadline).toMatchObject({
      status: 'gehaald',
      metAt: INTAKE,
      detectedAt: DUE,
      ingetrokken: { at: REGISTERED, bySeq: event.seq },
    });
    const breach = intake.state.journal.find((entry) => entry.kind === 'deadline.overschreden')!;
    expect(intake.state.journal.at(-1)).toMatchObject({
      kind: 'deadline.ingetrokken',
      deadlineId: deadline.id,
      metAt: INTAKE,
      detectedAt: REGISTERED,
      breachSeq: breach.seq,
      causedBySeq: event.seq,
    });
    expect(notificationsOf(intake.effects)).toEqual([
      expect.objectContaining({ kind: 'deadline.ingetrokken', deadlineId: deadline.id, metAt: INTAKE }),
    ]);
    expect(viewCase(intake.state).breaches).toBe(0);
    // The search attributes coordinators filter on say the same: no breach, not at risk.
    expect(visibilityOf(intake.state)).toMatchObject({ breaches: 0, risk: 'op-schema', overdueNorms: [] });
  });

  it('the KPIs count it as met, the retraction, and the registration lag of seven days', () => {
    const { intake } = lateRegistered();
    const report = kpiReport(
      [viewCase(intake.state)],
      at('2026-03-01T00:00:00+01:00'),
      at('2026-03-31T00:00:00+02:00'),
    );
    expect(report.deadlinesPerNorm['intake-na-signaal']).toEqual({
      due: 1,
      metOnTime: 1,
      late: 0,
      shareMet: 1,
    });
    expect(report.retracted).toBe(1);
    // The signal: registered a day late (23 hours); the intake: 6 days 21 hours late.
    expect(report.registrationLag).toEqual({ count: 2, median: 1, p90: 6.9 });
  });

  it('`audit at` gives the same answer as the live case', () => {
    const { intake } = lateRegistered();
    const exported = exportOf(viewCase(intake.state), REGISTERED);
    const then = caseAt(exported, REGISTERED);
    const audited = then.deadlines.find((deadline) => deadline.normId === 'intake-na-signaal')!;
    expect(audited.status).toBe(intakeNorm(intake.state).status);
    expect(audited).toMatchObject({ status: 'gehaald', metAt: INTAKE, daysLate: null });
    expect(then.findings).toEqual([]);
  });

  it('the audit report lists the breach as retracted, not as a breach, citing both entries', () => {
    const { intake } = lateRegistered();
    const report = buildReport(exportOf(viewCase(intake.state), REGISTERED));
    expect(report.breaches).toEqual([]);
    const breach = intake.state.journal.find((entry) => entry.kind === 'deadline.overschreden')!;
    const retraction = intake.state.journal.at(-1)!;
    expect(report.retractions).toEqual([
      expect.objectContaining({
        breachSeq: breach.seq,
        seq: retraction.seq,
        metAt: INTAKE,
        retractedAt: REGISTERED,
      }),
    ]);
    expect(renderText(report)).toContain(`breach [#${breach.seq}] retracted`);
  });

  it('a case pinned to the rules before retraction records the event as met after the breach, as it did', () => {
    const { intake } = lateRegistered({ pin: UNPINNED });
    expect(intakeNorm(intake.state).status).toBe('gehaald-na-overschrijding');
    expect(intake.state.journal.some((entry) => entry.kind === 'deadline.ingetrokken')).toBe(false);
    expect(notificationsOf(intake.effects)).toEqual([]);
  });

  it('an event registered late that met the norm after its due moment retracts nothing', () => {
    const breached = advanceTo(signalled(), DUE);
    const late = accepted(
      applyEvent(breached.state, ev('intake.gehouden', {}, at('2026-03-10T09:00:00+01:00')), REGISTERED),
    );
    expect(intakeNorm(late.state).status).toBe('gehaald-na-overschrijding');
    expect(late.state.journal.some((entry) => entry.kind === 'deadline.ingetrokken')).toBe(false);
  });
});
