import { describe, expect, it } from 'vitest';
import type { Norm } from '../../core/index.js';
import type { NormInput } from '../../core/norms.js';
import {
  NORM_PRESETS,
  NormSchema,
  resolveNorms,
  ScenarioSchema,
  shiftedRunCaveats,
  UNPINNED_NORM_VERSIONS,
} from '../../core/index.js';
import { ROUTES } from '../../machines/index.js';
import { seedScenarios } from '../../scenarios/index.js';
import { bredaSuspensionEvents } from '../support/breda-suspension.js';
import type { DeadlineEventType } from '../../core/deadline-events.js';
import { applyDeadlineEvent } from '../../core/deadline-events.js';
import type { Deadline } from '../../core/deadlines.js';
import { applyEventToDeadlines } from '../../core/deadlines.js';

/** Starts the one deadline of `norm` at `at` through the core's own start rule. */
function started(norm: Norm, at: string): Deadline[] {
  const type = norm.startsOn[0]!;
  return applyEventToDeadlines([], [norm], {
    type,
    spoor: undefined,
    occurredAt: at,
    seq: 1,
    closesCase: false,
  }).deadlines;
}

function moved(
  deadlines: readonly Deadline[],
  norm: Norm,
  type: DeadlineEventType,
  at: string,
  payload: Record<string, unknown> = {},
): Deadline[] {
  const outcome = applyDeadlineEvent(deadlines, [norm], {
    type,
    payload: { normId: norm.id, ...payload },
    occurredAt: at,
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.deadlines;
}

function suspendedBetween(norm: Norm, start: string, from: string, to: string): Deadline {
  const suspended = moved(started(norm, start), norm, 'deadline.opgeschort', from, {
    reden: 'aanvulling-gevraagd',
  });
  return moved(suspended, norm, 'deadline.hervat', to)[0]!;
}

/** A suspendable norm of a test's own, started by `melding.ontvangen`, with the given term and calendar. */
function suspendableNorm(term: NormInput['term'], calendar: NormInput['calendar']): Norm {
  return NormSchema.parse({
    id: `${term.unit}-norm`,
    version: '1',
    title: `${term.amount} ${term.unit}`,
    source: { kind: 'standaard', citation: 'test' },
    term,
    calendar,
    suspendable: true,
    startsOn: ['melding.ontvangen'],
    metBy: ['melding.beoordeeld'],
  });
}

// The Awb term as recorded before it counted to the end of the day (2015-1): cases pinned to it keep these rules.
const [beschikking] = resolveNorms(
  ['jeugdhulp-beschikking'],
  {},
  'normOverrides',
  UNPINNED_NORM_VERSIONS,
) as [Norm];
const breda = NORM_PRESETS.get('breda-route')!;

describe('resuming a suspended deadline (opschorting, then hervat)', () => {
  it('moves the due moment by whole days on the Amsterdam wall clock, so summer time keeps its hour', () => {
    // Due Monday 23 March 2026 09:00 CET. Suspended from 10 March to 31 March, across the change to CEST.
    const resumed = suspendedBetween(
      breda,
      '2026-03-02T08:00:00.000Z',
      '2026-03-10T08:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
    );
    expect(resumed.originalDueAt).toBe('2026-03-23T08:00:00.000Z');
    // 21 days later, still at 09:00 local: 07:00Z in summer time (the elapsed 21 days less an hour would say 08:00Z).
    expect(resumed.dueAt).toBe('2026-04-13T07:00:00.000Z');
    // The warning (seven days before) moves the same way and stays pending.
    expect(resumed.warnAt).toBe('2026-04-06T07:00:00.000Z');
    expect(resumed.warnedAt).toBeNull();
  });

  it('moves nothing when the clock stood still within one day', () => {
    const resumed = suspendedBetween(
      breda,
      '2026-03-02T08:00:00.000Z',
      '2026-03-10T08:00:00.000Z',
      '2026-03-10T15:00:00.000Z',
    );
    expect(resumed.dueAt).toBe(resumed.originalDueAt);
    expect(resumed.status).toBe('lopend');
  });

  it.each([
    {
      // Eight weeks from Saturday 10 January 2026 end on Saturday 7 March; the act moves that to Monday 9 March.
      // Two days suspended: the term now ends on Monday 9 March itself, a working day (moving the already-moved
      // Monday would have said Wednesday 11 March).
      name: 'counts on from the term’s own end, so a weekend the act added is not added twice',
      start: '2026-01-10T08:00:00.000Z',
      due: { dueAt: '2026-03-09T08:00:00.000Z', termEndAt: '2026-03-07T08:00:00.000Z' },
      suspended: ['2026-01-20T08:00:00.000Z', '2026-01-22T08:00:00.000Z'],
      resumed: { dueAt: '2026-03-09T08:00:00.000Z', termEndAt: undefined },
    },
    {
      // Eight weeks from Monday 2 March 2026 end on Koningsdag (Monday 27 April): due Tuesday 28 April, 09:00 CEST.
      // Five days suspended: the term ends on Saturday 2 May, and the act moves it to Monday 4 May (not Sunday 3 May).
      name: 'applies the act again where the moved term lands',
      start: '2026-03-02T08:00:00.000Z',
      due: { dueAt: '2026-04-28T07:00:00.000Z', termEndAt: '2026-04-27T07:00:00.000Z' },
      suspended: ['2026-03-10T08:00:00.000Z', '2026-03-15T08:00:00.000Z'],
      resumed: { dueAt: '2026-05-04T07:00:00.000Z', termEndAt: '2026-05-02T07:00:00.000Z' },
    },
  ] as const)('Algemene termijnenwet: $name', ({ start, due, suspended: [from, to], resumed }) => {
    const deadline = started(beschikking, start)[0]!;
    expect({ dueAt: deadline.dueAt, termEndAt: deadline.termEndAt }).toEqual(due);
    const after = suspendedBetween(beschikking, start, from, to);
    expect({ dueAt: after.dueAt, termEndAt: after.termEndAt }).toEqual(resumed);
  });

  it('Algemene termijnenwet: an extension (verdaging) also counts on from the term’s own end', () => {
    const deadlines = started(beschikking, '2026-01-10T08:00:00.000Z');
    const extended = moved(deadlines, beschikking, 'deadline.verlengd', '2026-02-20T08:00:00.000Z', {
      reden: 'advies-derden',
    })[0]!;
    // Saturday 7 March + 8 weeks = Saturday 2 May (CEST), moved to Monday 4 May.
    expect(extended.termEndAt).toBe('2026-05-02T07:00:00.000Z');
    expect(extended.dueAt).toBe('2026-05-04T07:00:00.000Z');
    expect(extended.extensions).toEqual([
      {
        at: '2026-02-20T08:00:00.000Z',
        reden: 'advies-derden',
        from: '2026-03-09T08:00:00.000Z',
        to: extended.dueAt,
      },
    ]);
  });

  it('a deadline met while suspended is judged against the moment its clock reached, and its suspension ends', () => {
    // Due Monday 23 March 09:00; suspended on 20 March with three days left, met on 25 March while suspended:
    // the clock stood still for five days, so it was due on 28 March, and the decision came in time.
    const deadlines = moved(
      started(breda, '2026-03-02T08:00:00.000Z'),
      breda,
      'deadline.opgeschort',
      '2026-03-20T08:00:00.000Z',
      {
        reden: 'wacht-op-gezin',
      },
    );
    const event = (type: string, at: string) => ({
      type,
      spoor: undefined,
      occurredAt: at,
      seq: 9,
      closesCase: false,
    });
    const [met] = applyEventToDeadlines(
      deadlines,
      [breda],
      event('plaatsingscommissie.besloten', '2026-03-25T08:00:00.000Z'),
    ).deadlines;
    expect(met).toMatchObject({
      status: 'gehaald',
      dueAt: '2026-03-28T08:00:00.000Z',
      metAt: '2026-03-25T08:00:00.000Z',
      suspensions: [
        { from: '2026-03-20T08:00:00.000Z', to: '2026-03-25T08:00:00.000Z', reden: 'wacht-op-gezin' },
      ],
    });
    const [lapsed] = applyEventToDeadlines(
      deadlines,
      [breda],
      event('casus.afgesloten', '2026-03-25T08:00:00.000Z'),
    ).deadlines;
    expect(lapsed?.status).toBe('vervallen');
    expect(lapsed?.suspensions.at(-1)?.to).toBe('2026-03-25T08:00:00.000Z');
  });

  it.each([
    {
      // Ten working days from Monday 2 March 2026 09:00: Monday 16 March 09:00. Suspended Thursday 5 March to
      // Tuesday 10 March: Friday 6, Monday 9 and Tuesday 10 do not count, so the term ends on Thursday 19 March.
      name: 'a term in werkdagen moves by the working days the suspension covered, never onto a weekend',
      norm: suspendableNorm({ amount: 10, unit: 'werkdagen' }, { kind: 'werkdagen' }),
      clock: ['2026-03-02T08:00:00.000Z', '2026-03-05T08:00:00.000Z', '2026-03-10T08:00:00.000Z'],
      due: ['2026-03-16T08:00:00.000Z', '2026-03-19T08:00:00.000Z'],
    },
    {
      // Four school weeks (noord) from Monday 1 December 2025: 18 days to 19 December, the Christmas holiday
      // (20 December to 4 January) does not count, 10 more days: Wednesday 14 January 2026 at 09:00. Suspended
      // 18 December to 7 January: of those 20 days, 16 lie in the holiday, so 4 count.
      name: 'a term in schoolweken moves by the school days the suspension covered, not the holiday',
      norm: suspendableNorm({ amount: 4, unit: 'schoolweken' }, { kind: 'schoolweken', regio: 'noord' }),
      clock: ['2025-12-01T08:00:00.000Z', '2025-12-18T08:00:00.000Z', '2026-01-07T08:00:00.000Z'],
      due: ['2026-01-14T08:00:00.000Z', '2026-01-18T08:00:00.000Z'],
    },
  ] as const)('$name', ({ norm, clock: [start, from, to], due: [original, moved] }) => {
    const resumed = suspendedBetween(norm, start, from, to);
    expect(resumed.originalDueAt).toBe(original);
    expect(resumed.dueAt).toBe(moved);
  });
});

describe('runs shifted to other dates (the live workflow, passend simulate --temporal)', () => {
  const toeleiding = resolveNorms(ROUTES.get('toeleiding')!.norms);

  it('are flagged when the scenario resumes a suspension, whose count depends on the local dates', () => {
    const seed = seedScenarios().get('breda-te-laat')!;
    expect(shiftedRunCaveats(seed, toeleiding)).toEqual([]);
    const suspended = ScenarioSchema.parse({
      ...seed,
      events: [seed.events[0], ...bredaSuspensionEvents(), ...seed.events.slice(1)],
    });
    expect(shiftedRunCaveats(suspended, toeleiding)).toEqual([
      expect.stringMatching(/^a resumed suspension counts whole days on the Amsterdam calendar/),
    ]);
  });
});

describe('days a Royal Decree equates with public holidays (art. 3(3) Algemene termijnenwet)', () => {
  // Eight weeks from Friday 20 March 2026 end on Friday 15 May, the day after Ascension Day.
  const request = '2026-03-20T08:00:00.000Z';

  it('a region names the day, and a term ending on it moves to the next working day', () => {
    const [plain] = resolveNorms(['jeugdhulp-beschikking'], {}, 'normOverrides', UNPINNED_NORM_VERSIONS);
    expect(started(plain!, request)[0]!.dueAt).toBe('2026-05-15T07:00:00.000Z');
    const [equated] = resolveNorms(
      ['jeugdhulp-beschikking'],
      { 'jeugdhulp-beschikking': { gelijkgesteldeDagen: ['2026-05-15'] } },
      'normOverrides',
      UNPINNED_NORM_VERSIONS,
    );
    expect(equated!.version).toBe('2015-1+override');
    const deadline = started(equated!, request)[0]!;
    expect(deadline.dueAt).toBe('2026-05-18T07:00:00.000Z');
    expect(deadline.termEndAt).toBe('2026-05-15T07:00:00.000Z');
  });

  it('refuses equated days on a norm without the termijnenwet, naming the field', () => {
    expect(() =>
      resolveNorms(['breda-route'], { 'breda-route': { gelijkgesteldeDagen: ['2026-05-15'] } }),
    ).toThrow(/^normOverrides\.breda-route\.gelijkgesteldeDagen: days equated .* need termijnenwet: true$/);
    const parsed = NormSchema.safeParse({ ...breda, gelijkgesteldeDagen: ['2026-05-15'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['gelijkgesteldeDagen']);
  });

  it('refuses a date that does not exist, naming it', () => {
    const parsed = NormSchema.safeParse({ ...beschikking, gelijkgesteldeDagen: ['2026-02-30'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toMatchObject([
      { path: ['gelijkgesteldeDagen', 0], message: 'not a calendar date: 2026-02-30' },
    ]);
  });
});
