// The case panel's words for a deadline beyond its status (http/dashboard/client/escalation.ts): its steps of
// escalation sent, planned or stopped, and a retracted breach shown as met and retracted. Checked on the data the
// page receives: a core case, through the API's deadline schema.
import { describe, expect, it } from 'vitest';
import type { CaseState, Deadline } from '../../core/index.js';
import { advanceTo, applyEvent, openCase } from '../../core/index.js';
import { DeadlineSchema } from '../../http/schemas.js';
import { deadlineStatus, escalationSteps } from '../../http/dashboard/client/escalation.js';
import { accepted, ev } from '../support/core-cases.js';

const at = (local: string) => new Date(local).toISOString();

/** The deadline of `normId` as the page gets it from the API. */
const served = (state: CaseState, normId: string): Deadline =>
  DeadlineSchema.parse(state.deadlines.find((deadline) => deadline.normId === normId)) as Deadline;

// The zorgplicht of an application received Fri 31 Oct 2025, due 00:00 on 30 December; steps to the coordinator
// after 5 working days (7 January) and the leerplichtambtenaar after 15 (21 January).
const RECEIVED = at('2025-10-31T14:00:00+01:00');
const DUE = at('2025-12-30T00:00:00+01:00');
const COORDINATOR = at('2026-01-07T00:00:00+01:00');
const LEERPLICHT = at('2026-01-21T00:00:00+01:00');

function zorgplichtCase(): CaseState {
  const start = {
    caseId: 'dashboard-opschalen',
    routeId: 'zorgplicht',
    organisatie: 'po-school-1',
    regio: 'regio-1',
    normOverrides: { zorgplicht: { term: { amount: 8, unit: 'weken' } } },
  };
  const first = ev('aanmelding.ontvangen', { regisseur: 'zc-1', school: 'school-1' }, RECEIVED);
  return accepted(openCase(start, first, RECEIVED)).state;
}

describe('the case panel shows a deadline’s escalation and a retracted breach', () => {
  it('a breach under way: the steps sent and those still planned, each with its role and moment', () => {
    // The workflow's timer wakes the case at the breach, then at the coordinator's step.
    const state = advanceTo(advanceTo(zorgplichtCase(), DUE).state, COORDINATOR).state;
    const deadline = served(state, 'zorgplicht');
    expect(escalationSteps(deadline)).toEqual([
      { stap: 1, rol: 'regisseur', at: DUE, sentAt: DUE, state: 'verstuurd' },
      { stap: 2, rol: 'coordinator', at: COORDINATOR, sentAt: COORDINATOR, state: 'verstuurd' },
      { stap: 3, rol: 'leerplichtambtenaar', at: LEERPLICHT, sentAt: null, state: 'gepland' },
    ]);
    expect(deadlineStatus(deadline)).toEqual({ badge: 'overschreden', text: 'overschreden' });
  });

  it('met after the breach: the steps not sent are shown as stopped', () => {
    const breached = advanceTo(zorgplichtCase(), COORDINATOR).state;
    const decidedAt = at('2026-01-12T10:00:00+01:00');
    const decided = accepted(
      applyEvent(breached, ev('toelating.besloten', { besluit: 'toegelaten' }, decidedAt), decidedAt),
    ).state;
    expect(escalationSteps(served(decided, 'zorgplicht')).map((step) => [step.rol, step.state])).toEqual([
      ['regisseur', 'verstuurd'],
      ['coordinator', 'verstuurd'],
      ['leerplichtambtenaar', 'gestopt'],
    ]);
  });

  it('a norm without steps, or not breached, shows none', () => {
    expect(escalationSteps(served(zorgplichtCase(), 'zorgplicht'))).toEqual([]);
  });

  it('a breach retracted by a late-registered intake is shown as met and retracted, naming the entry', () => {
    // Issue 12's example: signal on 1 March, intake on 5 March registered on 12 March, intake norm due 9 March.
    const start = {
      caseId: 'dashboard-ingetrokken',
      organisatie: 'swv-1',
      regio: 'regio-1',
      normOverrides: {
        'intake-na-signaal': { telwijze: { vanaf: 'dag-na-ontvangst', tot: 'einde-dag', bron: 'regio-1' } },
      },
    };
    const signal = ev('signaal.gemeld', { regisseur: 'ib-1' }, at('2026-03-01T10:00:00+01:00'));
    const opened = accepted(openCase(start, signal, at('2026-03-02T09:00:00+01:00'))).state;
    const breached = advanceTo(opened, at('2026-03-09T00:00:00+01:00')).state;
    expect(deadlineStatus(served(breached, 'intake-na-signaal')).badge).toBe('overschreden');
    const intakeAt = at('2026-03-05T14:00:00+01:00');
    const registered = accepted(
      applyEvent(breached, ev('intake.gehouden', {}, intakeAt), at('2026-03-12T11:00:00+01:00')),
    ).state;
    const deadline = served(registered, 'intake-na-signaal');
    const intake = registered.journal.find(
      (entry) => entry.kind === 'gebeurtenis' && entry.type === 'intake.gehouden',
    )!;
    expect(deadline.status).toBe('gehaald');
    expect(deadlineStatus(deadline)).toEqual({
      badge: 'ingetrokken',
      text: `gehaald · breach retracted (entry #${intake.seq} registered late)`,
    });
  });
});
