import { z } from 'zod';
import { ActorSchema, CaseIdSchema, InstantSchema, PseudonymousIdSchema } from './identifiers.js';
import { endsAtEndOfDay } from './deadlines.js';
import type { Norm } from './norms.js';
import { NormOverridesSchema } from './norms.js';
import { refuseBsnInEvent } from './pseudonymity.js';

/**
 * One event of a scenario: when it happens, and what. `idempotencyKey` defaults to `<caseId>/<index>`. A scenario
 * is new input, so no identifier in it may hold a BSN.
 */
export const ScenarioEventSchema = z
  .strictObject({
    at: InstantSchema,
    type: z.string().min(1),
    payload: z.record(z.string(), z.unknown()).default({}),
    actor: ActorSchema,
    idempotencyKey: z.string().min(1).max(128).optional(),
  })
  .superRefine(refuseBsnInEvent);

/** A case told as dated events: the demo data, the regression cases and `passend simulate` all use it. */
export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  title: z.string().min(1),
  route: z.string().min(1).default('toeleiding'),
  caseId: CaseIdSchema,
  start: z.strictObject({
    organisatie: PseudonymousIdSchema,
    regio: PseudonymousIdSchema,
    normOverrides: NormOverridesSchema.default({}),
  }),
  events: z.array(ScenarioEventSchema).min(1),
  until: InstantSchema.optional(),
});
export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioEvent = z.output<typeof ScenarioEventSchema>;

/** The event input a scenario event becomes, with its moment as `occurredAt`. */
export function scenarioEventInput(scenario: Scenario, index: number): Record<string, unknown> {
  const event = scenario.events[index];
  if (event === undefined) throw new RangeError(`scenario ${scenario.caseId} has no event ${index}`);
  return {
    type: event.type,
    payload: event.payload,
    actor: event.actor,
    occurredAt: event.at,
    idempotencyKey: event.idempotencyKey ?? `${scenario.caseId}/${index}`,
  };
}

/** True when every norm the scenario's case runs with counts plain calendar days (terms and warnings alike). */
export function usesCalendarDaysOnly(norms: readonly Norm[]): boolean {
  const calendarUnits = new Set(['dagen', 'weken', 'maanden']);
  return norms.every(
    (norm) =>
      calendarUnits.has(norm.term.unit) &&
      norm.calendar.kind === 'kalenderdagen' &&
      !norm.termijnenwet &&
      (norm.warning === null || 'fraction' in norm.warning || norm.warning.unit === 'dagen') &&
      (norm.extension === null || calendarUnits.has(norm.extension.by.unit)),
  );
}

/**
 * Why a run of the scenario shifted to other dates (the live workflow starts it at the server's now, at another
 * time of day) can report other moments than the core on the scenario's own dates; empty when it cannot.
 */
export function shiftedRunCaveats(scenario: Scenario, norms: readonly Norm[]): string[] {
  const caveats: string[] = [];
  if (!usesCalendarDaysOnly(norms)) {
    caveats.push(
      'this case has norms that count working days, school weeks or the termijnenwet: shifted to other ' +
        'dates, their weekday- and holiday-dependent moments differ from the core run',
    );
  }
  if (norms.some(endsAtEndOfDay)) {
    caveats.push(
      'this case has norms that run to the end of a day: shifted to another time of day, their due moments lie ' +
        'at another distance from the start than in the core run',
    );
  }
  if (scenario.events.some((event) => event.type === 'deadline.hervat')) {
    caveats.push(
      'a resumed suspension counts whole days on the Amsterdam calendar: shifted to another time of day, ' +
        'it can count a day more or less than the core run',
    );
  }
  return caveats;
}
