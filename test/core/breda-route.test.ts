import { describe, expect, it } from 'vitest';
import { addCalendarTerm, simulate, viewCase } from '../../core/index.js';
import { breachesOf, breachNotificationsOf, isEventOfType, seed } from '../support/core-cases.js';

// Seed 002, 'Toegang tot hulp in drie weken': from the signal to the committee's decision in three weeks.
describe('the Breda route: three weeks from signal to placement decision', () => {
  it('on time: no breach, and the breda-route deadline is met', () => {
    const result = simulate(seed('breda-op-tijd'));
    expect(result.rejected).toEqual([]);
    expect(breachesOf(result.state)).toEqual([]);
    expect(breachNotificationsOf(result.effects)).toEqual([]);
    const view = viewCase(result.state);
    expect(view.breaches).toBe(0);
    const breda = view.deadlines.filter((deadline) => deadline.normId === 'breda-route');
    expect(breda).toHaveLength(1);
    expect(breda[0]).toMatchObject({
      status: 'gehaald',
      startedAt: '2026-03-02T08:00:00.000Z',
      dueAt: '2026-03-23T08:00:00.000Z',
      metAt: '2026-03-17T10:00:00.000Z',
      detectedAt: null,
    });
    expect(view.deadlines.every((deadline) => deadline.status === 'gehaald')).toBe(true);
    expect(view.stage).toBe('arrangement');
    expect(view.nextDueAt).toBeNull();
  });

  describe('late: the committee decides on day 22', () => {
    const scenario = seed('breda-te-laat');
    const result = simulate(scenario);
    const start = scenario.events[0]?.at ?? '';

    it('accepts every event', () => {
      expect(result.rejected).toEqual([]);
    });

    it('records one breach, due 21 calendar days after the signal and detected at that moment', () => {
      const breaches = breachesOf(result.state);
      expect(breaches).toHaveLength(1);
      const [breach] = breaches;
      expect(addCalendarTerm(start, { amount: 21, unit: 'dagen' })).toBe('2026-03-23T08:00:00.000Z');
      expect(breach).toMatchObject({
        normId: 'breda-route',
        deadlineId: 'breda-route#1',
        dueAt: '2026-03-23T08:00:00.000Z',
        detectedAt: '2026-03-23T08:00:00.000Z',
        stage: 'plaatsingscommissie',
        regisseur: 'swv-breda-cl-04',
      });
      expect(breach?.detectedAt).toBe(breach?.dueAt);
    });

    it('records the breach in the journal before the plaatsingscommissie.besloten entry', () => {
      const journal = result.state.journal;
      const breachIndex = journal.findIndex((entry) => entry.kind === 'deadline.overschreden');
      const decisionIndex = journal.findIndex((entry) =>
        isEventOfType(entry, 'plaatsingscommissie.besloten'),
      );
      expect(breachIndex).toBeGreaterThanOrEqual(0);
      expect(decisionIndex).toBeGreaterThan(breachIndex);
      expect(journal[breachIndex]?.seq).toBeLessThan(journal[decisionIndex]?.seq ?? 0);
      expect(journal.map((entry) => entry.seq)).toEqual(journal.map((_, index) => index + 1));
    });

    it('ends the breda-route deadline as met late, and notifies the breach once', () => {
      const breda = result.state.deadlines.find((deadline) => deadline.normId === 'breda-route');
      expect(breda).toMatchObject({
        status: 'gehaald-na-overschrijding',
        dueAt: '2026-03-23T08:00:00.000Z',
        detectedAt: '2026-03-23T08:00:00.000Z',
        metAt: '2026-03-24T10:00:00.000Z',
      });
      const notifications = breachNotificationsOf(result.effects);
      expect(notifications).toHaveLength(1);
      expect(notifications[0]).toMatchObject({
        deadlineId: 'breda-route#1',
        dueAt: '2026-03-23T08:00:00.000Z',
      });
    });
  });
});
