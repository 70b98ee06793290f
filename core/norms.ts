import { z } from 'zod';

const EventTypeSchema = z.string().regex(/^[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+$/, {
  message: 'must be a dotted lowercase event type such as "intake.gehouden"',
});

/** Where a norm comes from: the law or document that sets it, so a coordinator can check it. */
export const NormSourceSchema = z.strictObject({
  kind: z.enum(['wet', 'richtlijn', 'regionaal', 'standaard']),
  citation: z.string().min(1),
  url: z.url().optional(),
});

/**
 * A deadline rule (a *norm*): data referenced by a route, never code in the workflow.
 * `scope: 'spoor'` counts one deadline per track of an arrangement (the family's care, the child's care).
 */
export const NormSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'must be kebab-case' }),
  version: z.string().min(1),
  title: z.string().min(1),
  source: NormSourceSchema,
  guideline: z.boolean().default(false),
  term: z.strictObject({
    amount: z.number().int().positive(),
    unit: z.enum(['dagen', 'weken', 'maanden']),
  }),
  calendar: z.literal('kalenderdagen'),
  startsOn: z.array(EventTypeSchema).min(1),
  metBy: z.array(EventTypeSchema).min(1),
  lapsesOn: z.array(EventTypeSchema).default([]),
  scope: z.enum(['casus', 'spoor']).default('casus'),
});
export type Norm = z.infer<typeof NormSchema>;
export type NormInput = z.input<typeof NormSchema>;

/** Per-case or per-region changes to a norm's term; everything else stays as the preset says. */
export const NormOverridesSchema = z.record(
  z.string(),
  z.strictObject({
    term: NormSchema.shape.term,
  }),
);
export type NormOverrides = z.infer<typeof NormOverridesSchema>;

const presetInputs: NormInput[] = [
  {
    id: 'breda-route',
    version: '2013-1',
    title: 'Toegang tot hulp in drie weken: van signaal tot besluit',
    source: {
      kind: 'regionaal',
      citation:
        "Seed 002, kader 'Toegang tot hulp in drie weken' (Breda): overdrachtsformulier, intake thuis, plaatsingscommissie",
    },
    term: { amount: 3, unit: 'weken' },
    calendar: 'kalenderdagen',
    startsOn: ['signaal.gemeld'],
    metBy: ['plaatsingscommissie.besloten', 'mdo.afgesproken'],
    lapsesOn: ['casus.afgesloten'],
  },
  {
    id: 'intake-na-signaal',
    version: '2026-1',
    title: 'Intake (thuis) gehouden na het signaal',
    source: {
      kind: 'standaard',
      citation:
        'passend-routes default: one week, the first of the three weeks of the Breda route (seed 002); configurable per region or case',
    },
    term: { amount: 7, unit: 'dagen' },
    calendar: 'kalenderdagen',
    startsOn: ['signaal.gemeld'],
    metBy: ['intake.gehouden'],
    lapsesOn: ['mdo.afgesproken', 'casus.afgesloten'],
  },
  {
    id: 'treeknorm-intake',
    version: '2013-1',
    title: 'Intake bij de zorgaanbieder binnen 4 weken na aanmelding',
    source: {
      kind: 'richtlijn',
      citation: 'Treeknormen (GGZ), in de jeugdhulp gebruikt als richtlijn, niet wettelijk',
    },
    guideline: true,
    term: { amount: 4, unit: 'weken' },
    calendar: 'kalenderdagen',
    startsOn: ['zorg.aangemeld'],
    metBy: ['zorg.intake-gehouden'],
    lapsesOn: ['arrangement.opgeschaald', 'arrangement.afgeschaald', 'casus.afgesloten'],
    scope: 'spoor',
  },
  {
    id: 'treeknorm-behandeling',
    version: '2013-1',
    title: 'Start van de zorg binnen 10 weken na de intake',
    source: {
      kind: 'richtlijn',
      citation: 'Treeknormen (GGZ), in de jeugdhulp gebruikt als richtlijn, niet wettelijk',
    },
    guideline: true,
    term: { amount: 10, unit: 'weken' },
    calendar: 'kalenderdagen',
    startsOn: ['zorg.intake-gehouden'],
    metBy: ['zorg.gestart'],
    lapsesOn: ['arrangement.opgeschaald', 'arrangement.afgeschaald', 'casus.afgesloten'],
    scope: 'spoor',
  },
];

/** The norms shipped with the engine, by id, each citing its source. */
export const NORM_PRESETS: ReadonlyMap<string, Norm> = new Map(
  presetInputs.map((input) => {
    const norm = NormSchema.parse(input);
    return [norm.id, norm];
  }),
);

/**
 * The norms a case runs with: the route's references resolved against the presets, with overrides applied.
 * Throws a `RangeError` naming the unknown norm id when a route or an override refers to one that does not exist.
 */
export function resolveNorms(normIds: readonly string[], overrides: NormOverrides = {}): Norm[] {
  for (const id of Object.keys(overrides)) {
    if (!normIds.includes(id)) {
      throw new RangeError(
        `normOverrides.${id}: this route has no norm "${id}" (it has ${normIds.join(', ')})`,
      );
    }
  }
  return normIds.map((id) => {
    const preset = NORM_PRESETS.get(id);
    if (preset === undefined) throw new RangeError(`norm "${id}" is not a known preset`);
    const override = overrides[id];
    return override === undefined
      ? preset
      : { ...preset, term: override.term, version: `${preset.version}+case` };
  });
}
