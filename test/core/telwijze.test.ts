// Issue 12, item 1: a norm declares how its term is counted (from the moment or the day after receipt, to the clock
// time or the end of the last day); the statutory presets count as the law does, and cases keep the rule they
// were pinned to when they opened.
import { describe, expect, it } from 'vitest';
import type { CaseState, Deadline, Norm } from '../../core/index.js';
import {
  advanceTo,
  applyEvent,
  dueMoment,
  NORM_PRESETS,
  NormSchema,
  openCase,
  resolveNorms,
  UNPINNED,
  UNPINNED_NORM_VERSIONS,
} from '../../core/index.js';
import { seedScenarios } from '../../scenarios/index.js';
import { simulate } from '../../core/index.js';
import { accepted, ev } from '../support/core-cases.js';

/** Amsterdam wall-clock time as an instant: `+01:00` in winter, `+02:00` in summer. */
const at = (local: string) => new Date(local).toISOString();

/** A zorgplicht case with its term overridden (the issue's Awb example is 8 weeks from Friday 31 October 2025). */
function zorgplichtCase(received: string, weeks = 8, pin = {}): CaseState {
  const start = {
    caseId: 'telwijze-1',
    routeId: 'zorgplicht',
    organisatie: 'po-school-1',
    regio: 'regio-1',
    normOverrides: { zorgplicht: { term: { amount: weeks, unit: 'weken' } } },
  };
  const first = ev('aanmelding.ontvangen', { regisseur: 'zc-1', school: 'school-1' }, received);
  return accepted(openCase(start, first, received, pin)).state;
}

const zorgplicht = (state: CaseState): Deadline =>
  state.deadlines.find((deadline) => deadline.normId === 'zorgplicht')!;

function decideAt(state: CaseState, moment: string): CaseState {
  // The clock runs to the moment first, as the workflow's timer would.
  const ticked = advanceTo(state, moment).state;
  return accepted(applyEvent(ticked, ev('toelating.besloten', { besluit: 'toegelaten' }, moment), moment))
    .state;
}

describe('statutory terms run from the day after receipt to the end of their last day (Awb 4:13, Atw art. 1)', () => {
  it('the issue’s example: 8 weeks from Fri 31 Oct 2025 end on Tweede Kerstdag, move to Mon 29 Dec, due 00:00 on 30 Dec', () => {
    const beschikking = NORM_PRESETS.get('jeugdhulp-beschikking')!;
    expect(beschikking.telwijze).toMatchObject({ vanaf: 'dag-na-ontvangst', tot: 'einde-dag' });
    expect(beschikking.telwijze?.bron).toMatch(/Awb art\. 4:13/);
    for (const received of ['2025-10-31T08:30:00+01:00', '2025-10-31T16:45:00+01:00']) {
      expect(dueMoment(beschikking, received)).toBe(at('2025-12-30T00:00:00+01:00'));
    }
    const state = zorgplichtCase('2025-10-31T14:00:00+01:00');
    expect(zorgplicht(state).dueAt).toBe(at('2025-12-30T00:00:00+01:00'));
    // The term as counted ended on Friday 26 December: an extension counts on from there.
    expect(zorgplicht(state).termEndAt).toBe(at('2025-12-27T00:00:00+01:00'));
  });

  it('a decision at 23:59 on the last day is on time; at 00:00 the next day it is late, after a breach at 00:00', () => {
    const onTime = decideAt(zorgplichtCase('2025-10-31T14:00:00+01:00'), at('2025-12-29T23:59:00+01:00'));
    expect(zorgplicht(onTime)).toMatchObject({ status: 'gehaald', detectedAt: null });
    expect(onTime.journal.some((entry) => entry.kind === 'deadline.overschreden')).toBe(false);

    const late = decideAt(zorgplichtCase('2025-10-31T14:00:00+01:00'), at('2025-12-30T00:00:00+01:00'));
    expect(zorgplicht(late)).toMatchObject({
      status: 'gehaald-na-overschrijding',
      detectedAt: at('2025-12-30T00:00:00+01:00'),
    });
  });

  it('warns by the same rule: at the start of the day a week before the due moment', () => {
    const state = zorgplichtCase('2025-10-31T14:00:00+01:00');
    expect(zorgplicht(state).warnAt).toBe(at('2025-12-23T00:00:00+01:00'));
  });

  it('across the change to summer time: 6 weeks from Fri 13 Mar 2026 end on Fri 24 Apr, due 00:00 CEST on 25 Apr', () => {
    const state = zorgplichtCase('2026-03-13T11:00:00+01:00', 6);
    expect(zorgplicht(state).dueAt).toBe(at('2026-04-25T00:00:00+02:00'));
    expect(zorgplicht(state).dueAt).toBe('2026-04-24T22:00:00.000Z');
  });

  it('across the change from summer time: 6 weeks from Thu 8 Oct 2026 end on Thu 19 Nov, due 00:00 CET on 20 Nov', () => {
    const state = zorgplichtCase('2026-10-08T11:00:00+02:00', 6);
    expect(zorgplicht(state).dueAt).toBe(at('2026-11-20T00:00:00+01:00'));
    const late = decideAt(state, at('2026-11-19T23:59:59+01:00'));
    expect(zorgplicht(late).status).toBe('gehaald');
  });

  it('a term ending on a holiday in summer time moves to the end of the next working day (Koningsdag 2026)', () => {
    // 8 weeks from Monday 2 March 2026 end on Monday 27 April (Koningsdag): due at 00:00 on Wednesday 29 April.
    const state = zorgplichtCase('2026-03-02T10:00:00+01:00', 8);
    expect(zorgplicht(state).dueAt).toBe(at('2026-04-29T00:00:00+02:00'));
  });

  it('an extension counts on from the end of the term as counted, and ends at the end of a day too', () => {
    const state = zorgplichtCase('2026-01-12T09:00:00+01:00', 6);
    expect(zorgplicht(state).dueAt).toBe(at('2026-02-24T00:00:00+01:00'));
    const extended = accepted(
      applyEvent(
        state,
        ev(
          'deadline.verlengd',
          { normId: 'zorgplicht', reden: 'nader-onderzoek', ouderGeinformeerd: true },
          at('2026-02-16T10:00:00+01:00'),
        ),
        at('2026-02-16T10:00:00+01:00'),
      ),
    ).state;
    // Four more weeks from the end of Monday 23 February: the end of Monday 23 March.
    expect(zorgplicht(extended).dueAt).toBe(at('2026-03-24T00:00:00+01:00'));
  });
});

describe('practice norms keep the clock time, and every norm says which way it counts, with its source', () => {
  it('the Breda route counts to the clock time; every preset names its telwijze and source', () => {
    const breda = NORM_PRESETS.get('breda-route')!;
    expect(breda.telwijze).toMatchObject({ vanaf: 'moment', tot: 'tijdstip' });
    expect(dueMoment(breda, '2026-03-02T15:00:00+01:00')).toBe(at('2026-03-23T15:00:00+01:00'));
    for (const id of ['zorgplicht', 'jeugdhulp-beschikking', 'hulpverleningsplan', 'breda-route']) {
      expect(NORM_PRESETS.get(id)?.telwijze?.bron, id).toMatch(/\S/);
    }
  });

  it('counting from the moment itself to the end of a day takes the day of the moment as the first day', () => {
    const norm: Norm = NormSchema.parse({
      id: 'eigen-norm',
      version: '1',
      title: 'a week, the day itself included',
      source: { kind: 'standaard', citation: 'test' },
      term: { amount: 7, unit: 'dagen' },
      telwijze: { vanaf: 'moment', tot: 'einde-dag', bron: 'test' },
      startsOn: ['signaal.gemeld'],
      metBy: ['intake.gehouden'],
    });
    // Monday 2 March is day 1, Sunday 8 March day 7: due at 00:00 on Monday 9 March.
    expect(dueMoment(norm, '2026-03-02T15:00:00+01:00')).toBe(at('2026-03-09T00:00:00+01:00'));
  });

  it('refuses a term counted from the day after receipt to a clock time, naming the field', () => {
    const parsed = NormSchema.safeParse({
      ...NORM_PRESETS.get('zorgplicht'),
      telwijze: { vanaf: 'dag-na-ontvangst', tot: 'tijdstip', bron: 'test' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['telwijze.tot']);
  });
});

describe('a case keeps the rule it was pinned to when it opened', () => {
  it('new cases get the new versions; a case recorded before pins existed keeps the clock-time version', () => {
    const now = zorgplichtCase('2025-10-31T14:00:00+01:00');
    expect(zorgplicht(now).normVersion).toBe('2014-2+override');
    const recorded = zorgplichtCase('2025-10-31T14:00:00+01:00', 8, { pin: UNPINNED });
    expect(zorgplicht(recorded).normVersion).toBe('2014-1+override');
    // As recorded: 8 weeks to the same clock time, no Algemene termijnenwet for the WPO term then.
    expect(zorgplicht(recorded).dueAt).toBe(at('2025-12-26T14:00:00+01:00'));
  });

  it('resolves a pinned version by id, and refuses a version this build does not have, naming it', () => {
    const [old] = resolveNorms(['jeugdhulp-beschikking'], {}, 'normOverrides', UNPINNED_NORM_VERSIONS);
    expect(old?.version).toBe('2015-1');
    expect(old?.telwijze).toBeUndefined();
    expect(() => resolveNorms(['zorgplicht'], {}, 'normOverrides', { zorgplicht: '1999-9' })).toThrow(
      /^norm "zorgplicht" has no version "1999-9" in this build \(it has 2014-1, 2014-2\)$/,
    );
  });
});

describe('the seed scenarios', () => {
  it('give every breach and warning on the same moment under the new rules as under the rules they were recorded with', () => {
    const signals = (state: CaseState) =>
      state.journal
        .filter((entry) => entry.kind !== 'gebeurtenis')
        .map((entry) => `${entry.kind} ${entry.deadlineId} ${entry.dueAt}`);
    for (const [name, scenario] of seedScenarios()) {
      const now = simulate(scenario).state;
      const recorded = simulate(scenario, { pin: UNPINNED }).state;
      expect(signals(now), name).toEqual(signals(recorded));
      expect(
        now.deadlines.map((d) => [d.id, d.dueAt, d.status]),
        name,
      ).toEqual(recorded.deadlines.map((d) => [d.id, d.dueAt, d.status]));
    }
  });
});
