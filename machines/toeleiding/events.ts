import { z } from 'zod';
import { IdentifierSchema } from '../../core/identifiers.js';
import type { Actor } from '../../core/identifiers.js';

/** The tracks of an integral arrangement: the child at school, the family at home, the teacher. */
export const SpoorSchema = z.enum(['kind', 'gezin', 'leerkracht']);
export type Spoor = z.infer<typeof SpoorSchema>;
export const SPOREN: readonly Spoor[] = SpoorSchema.options;

const ArrangementSchema = z
  .strictObject({
    soort: z.enum(['licht', 'regulier', 'integraal']),
    sporen: z.array(SpoorSchema).min(1),
  })
  .superRefine((arrangement, context) => {
    if (new Set(arrangement.sporen).size !== arrangement.sporen.length) {
      context.addIssue({ code: 'custom', path: ['sporen'], message: 'names a spoor twice' });
    }
    if (arrangement.soort === 'regulier' && arrangement.sporen.length !== 1) {
      context.addIssue({
        code: 'custom',
        path: ['sporen'],
        message: 'a regulier arrangement has exactly one spoor',
      });
    }
    if (arrangement.soort === 'integraal' && arrangement.sporen.length < 2) {
      context.addIssue({
        code: 'custom',
        path: ['sporen'],
        message: 'an integraal arrangement has two or more sporen',
      });
    }
  });

const OpSpoorSchema = z.strictObject({ spoor: SpoorSchema });

/** Reasons are codes, not free text: the engine keeps no narrative about a child. */
export const RegieRedenSchema = z.enum([
  'overgang-school',
  'opschaling',
  'afschaling',
  'verhuizing',
  'capaciteit',
  'verzoek-ouders',
  'anders',
]);

/** Payload schemas of the toeleiding route, one per event type. */
export const toeleidingPayloads = {
  'signaal.gemeld': z.strictObject({ regisseur: IdentifierSchema, signaalId: IdentifierSchema.optional() }),
  'intake.gehouden': z.strictObject({ locatie: z.enum(['thuis', 'school', 'elders']).default('thuis') }),
  'plaatsingscommissie.aangevraagd': z.strictObject({}),
  'plaatsingscommissie.besloten': ArrangementSchema,
  'mdo.afgesproken': ArrangementSchema,
  'zorg.aangemeld': z.strictObject({ spoor: SpoorSchema, aanbieder: IdentifierSchema }),
  'zorg.intake-gehouden': OpSpoorSchema,
  'wachtlijst.geplaatst': OpSpoorSchema,
  'overbrugging.gestart': z.strictObject({
    spoor: SpoorSchema,
    aanbieder: IdentifierSchema,
    maxContacten: z.number().int().min(1).max(20).default(5),
  }),
  'overbrugging.contact': OpSpoorSchema,
  'zorg.gestart': OpSpoorSchema,
  'ondersteuning.gestart': OpSpoorSchema,
  'evaluatie.gestart': z.strictObject({}),
  'arrangement.voortgezet': z.strictObject({}),
  'arrangement.opgeschaald': z.strictObject({
    soort: ArrangementSchema.shape.soort,
    sporen: ArrangementSchema.shape.sporen,
    reden: z.enum(['doelen-niet-bereikt', 'veiligheid', 'zwaardere-hulp-nodig', 'anders']),
  }),
  'arrangement.afgeschaald': z.strictObject({
    soort: ArrangementSchema.shape.soort,
    sporen: ArrangementSchema.shape.sporen,
    reden: z.enum(['doelen-bereikt', 'lichtere-hulp-volstaat', 'anders']),
  }),
  'casus.afgesloten': z.strictObject({
    reden: z.enum(['doelen-bereikt', 'geen-ondersteuning-nodig', 'overgedragen', 'verhuisd', 'anders']),
  }),
  'regie.overgedragen': z.strictObject({ regisseur: IdentifierSchema, reden: RegieRedenSchema }),
  'verzuim.gemeld': z.strictObject({}),
  'verzuim.beeindigd': z.strictObject({}),
  'plan.herzien': z.strictObject({
    onderdelen: z.array(z.enum(['doelen', 'sporen', 'evaluatiemoment', 'betrokkenen'])).min(1),
  }),
} as const;

type Payloads = typeof toeleidingPayloads;
export type ToeleidingEventType = keyof Payloads;

/** An event as the machine sees it: type, parsed payload, and who acted when. */
export type ToeleidingEvent = {
  [K in ToeleidingEventType]: {
    type: K;
    payload: z.output<Payloads[K]>;
    actor: Actor;
    occurredAt: string;
  };
}[ToeleidingEventType];

/** What each event does, for the README's event table and for error messages. */
export const toeleidingEventDocs: Record<ToeleidingEventType, string> = {
  'signaal.gemeld': 'the signal is recorded; names the first regisseur (start event of a case)',
  'intake.gehouden': 'the intake with the family was held (at home by default)',
  'plaatsingscommissie.aangevraagd': 'the case goes to the plaatsingscommissie',
  'plaatsingscommissie.besloten': 'the committee decides the arrangement (needs an intake first)',
  'mdo.afgesproken': 'the multidisciplinary table agrees support without the committee (the light path)',
  'zorg.aangemeld': 'a spoor is registered with a care provider',
  'zorg.intake-gehouden': 'the provider held its intake for a spoor',
  'wachtlijst.geplaatst': "the spoor waits on the provider's wachtlijst",
  'overbrugging.gestart': 'interim support while waiting, with a maximum number of contacts (default 5)',
  'overbrugging.contact': 'one interim contact took place (refused beyond the maximum)',
  'zorg.gestart': 'care started for a spoor',
  'ondersteuning.gestart': 'support without a provider started for a spoor (school, CJG)',
  'evaluatie.gestart': 'the evaluation with the parents starts (needs support to have started)',
  'arrangement.voortgezet': 'the evaluation continues the arrangement as it was',
  'arrangement.opgeschaald': 'scale up to heavier support, with a reason; revises the plan',
  'arrangement.afgeschaald': 'scale down to lighter support; revises the plan',
  'casus.afgesloten': 'the case is closed, with a reason',
  'regie.overgedragen': 'regie passes to a new regisseur, with a reason',
  'verzuim.gemeld': 'the child is absent from school (relative absence); the thuiszitter clock starts',
  'verzuim.beeindigd': 'the child is back in school',
  'plan.herzien': 'the one plan is revised in place (its revision number goes up by one)',
};
