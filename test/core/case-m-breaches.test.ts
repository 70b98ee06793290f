import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../core/index.js';
import { applyEvent, runClockTo, simulate, viewCase } from '../../core/index.js';
import type { ToeleidingContext } from '../../machines/toeleiding/index.js';
import {
  breachesOf,
  ev,
  eventsOf,
  isEventOfType,
  breachNotificationsOf,
  rejected,
  seed,
  viewJson,
} from '../support/core-cases.js';

// Regression: case M. (seed 004, bijlage 4). Nine weeks to a youth-care intake, then months to care.
const caseM = seed('case-m');

function context(state: { snapshot: { context: unknown } }): ToeleidingContext {
  return state.snapshot.context as ToeleidingContext;
}

describe('case M. (seed 004): each wait breaches its norm and is flagged', () => {
  const result = simulate(caseM);
  const { state } = result;

  it('accepts every event of the scenario', () => {
    expect(result.rejected).toEqual([]);
    expect(eventsOf(state)).toHaveLength(caseM.events.length);
  });

  it('records exactly two breaches: the treeknorm intake and the treeknorm treatment', () => {
    const breaches = breachesOf(state);
    expect(breaches).toHaveLength(2);
    const [intake, behandeling] = breaches;
    // 24 January 2013 12:00 CET + 4 weeks = 21 February 2013 12:00 CET.
    expect(intake).toMatchObject({
      normId: 'treeknorm-intake',
      dueAt: new Date('2013-02-21T12:00:00+01:00').toISOString(),
      detectedAt: '2013-02-21T11:00:00.000Z',
    });
    expect(intake?.dueAt).toBe('2013-02-21T11:00:00.000Z');
    // intake 3 April 2013 10:00 CEST + 10 weeks = 12 June 2013 10:00 CEST.
    expect(behandeling).toMatchObject({
      normId: 'treeknorm-behandeling',
      dueAt: new Date('2013-06-12T10:00:00+02:00').toISOString(),
      detectedAt: '2013-06-12T08:00:00.000Z',
    });
    expect(behandeling?.dueAt).toBe('2013-06-12T08:00:00.000Z');
    expect(viewCase(state).breaches).toBe(2);
  });

  it('ends both breached deadlines as met late', () => {
    const breached = new Set(breachesOf(state).map((breach) => breach.deadlineId));
    const deadlines = state.deadlines.filter((deadline) => breached.has(deadline.id));
    expect(deadlines.map((deadline) => deadline.normId).sort()).toEqual([
      'treeknorm-behandeling',
      'treeknorm-intake',
    ]);
    for (const deadline of deadlines) {
      expect(deadline.status).toBe('gehaald-na-overschrijding');
      expect(deadline.detectedAt).toBe(deadline.dueAt);
      expect(deadline.metAt !== null && deadline.metAt > deadline.dueAt).toBe(true);
    }
    expect(deadlines.find((d) => d.normId === 'treeknorm-intake')?.metAt).toBe('2013-04-03T08:00:00.000Z');
    expect(deadlines.find((d) => d.normId === 'treeknorm-behandeling')?.metAt).toBe(
      '2013-07-01T07:00:00.000Z',
    );
  });

  it('records the interim support: five of at most five contacts', () => {
    const gezin = context(state).sporen.gezin;
    expect(gezin?.overbrugging).toEqual({ aanbieder: 'jgz-m-03', maxContacten: 5, contacten: 5 });
    expect(state.journal.filter((entry) => isEventOfType(entry, 'overbrugging.contact'))).toHaveLength(5);
  });

  it('refuses a sixth interim contact while the family still waits, leaving the state untouched', () => {
    // The scenario up to and including the fifth contact, before care starts.
    const fifthContact = caseM.events.findLastIndex((event) => event.type === 'overbrugging.contact');
    const { until: _until, ...withoutUntil } = caseM;
    const waiting: Scenario = { ...withoutUntil, events: caseM.events.slice(0, fifthContact + 1) };
    const before = simulate(waiting).state;
    expect(context(before).sporen.gezin?.overbrugging?.contacten).toBe(5);
    expect(viewCase(before).states).toContain('arrangement.lopend.gezin.wachten.wachtlijst');
    const snapshot = viewJson(before);
    const at = '2013-06-28T08:00:00.000Z';
    const clocked = runClockTo(before, at).state;
    const decision = applyEvent(clocked, ev('overbrugging.contact', { spoor: 'gezin' }, at), at);
    expect(rejected(decision).code).toBe('not-allowed-in-stage');
    expect(viewJson(before)).toBe(snapshot);
    expect(context(clocked).sporen.gezin?.overbrugging?.contacten).toBe(5);
  });

  it('refuses a sixth interim contact after the scenario as well, with an identical state', () => {
    const snapshot = viewJson(state);
    const at = caseM.until ?? '2013-08-01T00:00:00+02:00';
    const decision = applyEvent(state, ev('overbrugging.contact', { spoor: 'gezin' }, at), at);
    expect(rejected(decision).code).toBe('not-allowed-in-stage');
    expect(viewJson(state)).toBe(snapshot);
    expect(context(state).sporen.gezin?.overbrugging?.contacten).toBe(5);
  });

  it('hands regie to jz-m-07 exactly at the regie.overgedragen entry', () => {
    const handover = state.journal.findIndex((entry) => isEventOfType(entry, 'regie.overgedragen'));
    expect(handover).toBeGreaterThan(0);
    const entry = state.journal[handover];
    expect(entry?.kind === 'gebeurtenis' && entry.payload).toEqual({
      regisseur: 'jz-m-07',
      reden: 'opschaling',
    });
    expect(entry?.regisseur).toBe('jz-m-07');
    for (const earlier of state.journal.slice(0, handover)) expect(earlier.regisseur).toBe('smw-m-01');
    for (const later of state.journal.slice(handover)) expect(later.regisseur).toBe('jz-m-07');
    expect(viewCase(state).regisseur).toBe('jz-m-07');
    // The first breach was the school social worker's to act on, the second the youth-care worker's.
    expect(breachesOf(state).map((breach) => breach.regisseur)).toEqual(['smw-m-01', 'jz-m-07']);
  });

  it('notifies each breach with ids and moments only, no personal data', () => {
    const notifications = breachNotificationsOf(result.effects);
    expect(notifications).toHaveLength(2);
    const allowed = [
      'caseId',
      'deadlineId',
      'detectedAt',
      'dueAt',
      'kind',
      'normId',
      'organisatie',
      'regio',
      'regisseur',
      'stage',
      'title',
    ];
    const identifier = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,127}$/;
    for (const [index, notification] of notifications.entries()) {
      expect(Object.keys(notification).sort()).toEqual(allowed);
      const breach = breachesOf(state)[index];
      expect(notification).toMatchObject({
        kind: 'deadline.overschreden',
        caseId: 'demo-casus-m',
        organisatie: 'vo-school-m',
        regio: 'regio-m',
        deadlineId: breach?.deadlineId,
        normId: breach?.normId,
        dueAt: breach?.dueAt,
        detectedAt: breach?.detectedAt,
        stage: 'arrangement',
        regisseur: breach?.regisseur,
      });
      const { title, ...ids } = notification;
      expect(title).toBe(state.norms.find((norm) => norm.id === notification.normId)?.title);
      for (const value of Object.values(ids)) expect(value).toMatch(identifier);
      // Nothing from event payloads (providers, interim workers) leaks into a notification.
      expect(JSON.stringify(notification)).not.toContain('jgz-m-03');
      expect(JSON.stringify(notification)).not.toContain('jeugdzorg-m');
    }
  });
});
