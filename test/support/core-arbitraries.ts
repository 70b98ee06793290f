import fc from 'fast-check';
import { addCalendarTerm } from '../../core/index.js';
import { SPOREN } from '../../machines/toeleiding/index.js';
import type { Spoor } from '../../machines/toeleiding/index.js';

/** An event type and payload of the toeleiding route, without envelope. */
export interface PlainEvent {
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

/** A small pool of regisseur ids, so hand-overs to the current regisseur happen too. */
export const REGISSEURS = ['regisseur-1', 'regisseur-2', 'regisseur-3'] as const;

const spoor = fc.constantFrom<Spoor>(...SPOREN);

/** A valid arrangement: soort with a matching number of sporen. */
export const arrangementArb: fc.Arbitrary<{ soort: string; sporen: Spoor[] }> = fc.oneof(
  fc.record({ soort: fc.constant('licht'), sporen: fc.shuffledSubarray([...SPOREN], { minLength: 1 }) }),
  fc.record({ soort: fc.constant('regulier'), sporen: spoor.map((s) => [s]) }),
  fc.record({ soort: fc.constant('integraal'), sporen: fc.shuffledSubarray([...SPOREN], { minLength: 2 }) }),
);

const withSpoor = (type: string): fc.Arbitrary<PlainEvent> =>
  spoor.map((s) => ({ type, payload: { spoor: s } }));
const plain = (type: string): fc.Arbitrary<PlainEvent> => fc.constant({ type, payload: {} });

/**
 * Plausible toeleiding events with valid payloads (arbitrary sporen, soorten, regisseur ids), weighted so that
 * random sequences often get through intake and committee into an arrangement and its evaluation.
 */
export const eventArb: fc.Arbitrary<PlainEvent> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('thuis', 'school', 'elders')
      .map((locatie) => ({ type: 'intake.gehouden', payload: { locatie } })),
  },
  { weight: 3, arbitrary: plain('plaatsingscommissie.aangevraagd') },
  {
    weight: 3,
    arbitrary: arrangementArb.map((payload) => ({ type: 'plaatsingscommissie.besloten', payload })),
  },
  { weight: 3, arbitrary: arrangementArb.map((payload) => ({ type: 'mdo.afgesproken', payload })) },
  {
    weight: 4,
    arbitrary: fc
      .record({ spoor, aanbieder: fc.constantFrom('aanbieder-1', 'aanbieder-2') })
      .map((payload) => ({ type: 'zorg.aangemeld', payload })),
  },
  { weight: 3, arbitrary: withSpoor('zorg.intake-gehouden') },
  { weight: 2, arbitrary: withSpoor('wachtlijst.geplaatst') },
  {
    weight: 2,
    arbitrary: fc
      .record({ spoor, aanbieder: fc.constant('jgz-1'), maxContacten: fc.integer({ min: 1, max: 4 }) })
      .map((payload) => ({ type: 'overbrugging.gestart', payload })),
  },
  { weight: 2, arbitrary: withSpoor('overbrugging.contact') },
  { weight: 3, arbitrary: withSpoor('zorg.gestart') },
  { weight: 4, arbitrary: withSpoor('ondersteuning.gestart') },
  { weight: 3, arbitrary: plain('evaluatie.gestart') },
  { weight: 2, arbitrary: plain('arrangement.voortgezet') },
  {
    weight: 2,
    arbitrary: fc
      .record({
        soort: arrangementArb,
        reden: fc.constantFrom('doelen-niet-bereikt', 'veiligheid', 'zwaardere-hulp-nodig', 'anders'),
      })
      .map(({ soort, reden }) => ({ type: 'arrangement.opgeschaald', payload: { ...soort, reden } })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        soort: arrangementArb,
        reden: fc.constantFrom('doelen-bereikt', 'lichtere-hulp-volstaat', 'anders'),
      })
      .map(({ soort, reden }) => ({ type: 'arrangement.afgeschaald', payload: { ...soort, reden } })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        regisseur: fc.constantFrom(...REGISSEURS),
        reden: fc.constantFrom('overgang-school', 'opschaling', 'capaciteit', 'verzoek-ouders'),
      })
      .map((payload) => ({ type: 'regie.overgedragen', payload })),
  },
  {
    weight: 2,
    arbitrary: fc
      .subarray(['doelen', 'sporen', 'evaluatiemoment', 'betrokkenen'], { minLength: 1 })
      .map((onderdelen) => ({ type: 'plan.herzien', payload: { onderdelen } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('doelen-bereikt', 'geen-ondersteuning-nodig', 'overgedragen')
      .map((reden) => ({ type: 'casus.afgesloten', payload: { reden } })),
  },
);

/** A full, plausible route for one child: random subsets and orderings of it are plausible scenarios. */
export const ROUTE_TEMPLATE: readonly PlainEvent[] = [
  { type: 'intake.gehouden', payload: { locatie: 'thuis' } },
  { type: 'plaatsingscommissie.aangevraagd', payload: {} },
  { type: 'mdo.afgesproken', payload: { soort: 'regulier', sporen: ['gezin'] } },
  { type: 'plaatsingscommissie.besloten', payload: { soort: 'integraal', sporen: ['kind', 'gezin'] } },
  { type: 'zorg.aangemeld', payload: { spoor: 'gezin', aanbieder: 'aanbieder-1' } },
  { type: 'zorg.aangemeld', payload: { spoor: 'kind', aanbieder: 'aanbieder-2' } },
  { type: 'zorg.intake-gehouden', payload: { spoor: 'gezin' } },
  { type: 'wachtlijst.geplaatst', payload: { spoor: 'gezin' } },
  { type: 'overbrugging.gestart', payload: { spoor: 'gezin', aanbieder: 'jgz-1', maxContacten: 2 } },
  { type: 'overbrugging.contact', payload: { spoor: 'gezin' } },
  { type: 'zorg.intake-gehouden', payload: { spoor: 'kind' } },
  { type: 'zorg.gestart', payload: { spoor: 'kind' } },
  { type: 'zorg.gestart', payload: { spoor: 'gezin' } },
  { type: 'evaluatie.gestart', payload: {} },
  { type: 'arrangement.voortgezet', payload: {} },
  { type: 'evaluatie.gestart', payload: {} },
  {
    type: 'arrangement.opgeschaald',
    payload: { soort: 'integraal', sporen: ['kind', 'gezin'], reden: 'doelen-niet-bereikt' },
  },
  { type: 'zorg.aangemeld', payload: { spoor: 'gezin', aanbieder: 'aanbieder-3' } },
  { type: 'zorg.intake-gehouden', payload: { spoor: 'gezin' } },
  { type: 'regie.overgedragen', payload: { regisseur: 'regisseur-2', reden: 'opschaling' } },
  { type: 'ondersteuning.gestart', payload: { spoor: 'kind' } },
  { type: 'evaluatie.gestart', payload: {} },
  { type: 'arrangement.afgeschaald', payload: { soort: 'licht', sporen: ['kind'], reden: 'doelen-bereikt' } },
  { type: 'plan.herzien', payload: { onderdelen: ['doelen'] } },
  { type: 'casus.afgesloten', payload: { reden: 'doelen-bereikt' } },
];

/** Merges two sequences, keeping the order within each, as `picks` says (true: next from `first`). */
function interleave<T>(first: readonly T[], second: readonly T[], picks: readonly boolean[]): T[] {
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  for (const pick of picks) {
    if (pick && i < first.length) merged.push(first[i++] as T);
    else if (j < second.length) merged.push(second[j++] as T);
  }
  return [...merged, ...first.slice(i), ...second.slice(j)];
}

/**
 * Plausible sequences: random subsets (in order or shuffled) of the template, free sequences of plausible
 * events, or an ordered subset of the template with random events mixed in.
 */
export const eventsArb: fc.Arbitrary<PlainEvent[]> = fc.oneof(
  fc.subarray([...ROUTE_TEMPLATE]),
  fc.shuffledSubarray([...ROUTE_TEMPLATE]),
  fc.array(eventArb, { minLength: 1, maxLength: 30, size: 'max' }),
  fc
    .tuple(
      fc.subarray([...ROUTE_TEMPLATE], { minLength: 10 }),
      fc.array(eventArb, { maxLength: 20, size: 'max' }),
      fc.array(fc.boolean(), { minLength: 45, maxLength: 45 }),
    )
    .map(([template, random, picks]) => interleave(template, random, picks)),
);

/** A gap between events: 0-60 calendar days, often on the same wall-clock time, sometimes hours later. */
export const gapArb: fc.Arbitrary<{ days: number; minutes: number }> = fc.record({
  days: fc.integer({ min: 0, max: 60 }),
  minutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 24 * 60 - 1 })),
});

/** The moment `gap` after `instant`: calendar days on the Amsterdam clock, then minutes. */
export function after(instant: string, gap: { days: number; minutes: number }): string {
  const day = gap.days === 0 ? instant : addCalendarTerm(instant, { amount: gap.days, unit: 'dagen' });
  return new Date(Date.parse(day) + gap.minutes * 60_000).toISOString();
}

/** A start instant between 2013 and 2030, on a whole minute. */
export const startArb: fc.Arbitrary<string> = fc
  .integer({ min: Date.UTC(2013, 0, 1) / 60_000, max: Date.UTC(2030, 11, 31) / 60_000 })
  .map((minutes) => new Date(minutes * 60_000).toISOString());

/** Plausible sequences of events, each with the gap before it. */
export const stepsArb: fc.Arbitrary<{ event: PlainEvent; gap: { days: number; minutes: number } }[]> = fc
  .tuple(eventsArb, fc.array(gapArb, { minLength: 16, maxLength: 16 }))
  .map(([events, gaps]) =>
    events.map((event, index) => ({ event, gap: gaps[index % gaps.length] ?? { days: 0, minutes: 0 } })),
  );
