import { z } from 'zod';
import type { CalendarSpec, CalendarTerm } from './calendars/index.js';
import { CalendarSpecSchema, termCalendarMismatch } from './calendars/index.js';
import { parseLocalDate } from './calendars/local-date.js';
import { NORM_PRESET_INPUTS, SUPERSEDED_PRESET_INPUTS } from './norm-presets.js';

const EventTypeSchema = z.string().regex(/^[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+$/, {
  message: 'must be a dotted lowercase event type such as "intake.gehouden"',
});

const NORM_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Where a norm comes from: the law or document that sets it, so a coordinator can check it. */
export const NormSourceSchema = z.strictObject({
  kind: z.enum(['wet', 'richtlijn', 'regionaal', 'standaard']),
  citation: z.string().min(1),
  url: z.url().optional(),
});

/**
 * The longest term of each unit, about ten years: no norm in this domain runs longer, and a bound keeps every
 * due moment a date the calendars can count and compare.
 */
const MAX_TERM = { dagen: 3660, weken: 520, maanden: 120, werkdagen: 2600, schoolweken: 520 } as const;

function withinMaxTerm(
  term: { amount: number; unit: keyof typeof MAX_TERM },
  context: z.RefinementCtx,
): void {
  const max = MAX_TERM[term.unit];
  if (term.amount > max) {
    context.addIssue({
      code: 'custom',
      path: ['amount'],
      message: `at most ${max} ${term.unit} (about ten years), got ${term.amount}`,
    });
  }
}

/** A term as a norm states it: the unit decides what is counted, the calendar supplies holidays and region. */
export const TermSchema = z
  .strictObject({
    amount: z.number().int().positive(),
    unit: z.enum(['dagen', 'weken', 'maanden', 'werkdagen', 'schoolweken']),
  })
  .superRefine(withinMaxTerm);
export type NormTerm = z.infer<typeof TermSchema>;

/** How long before the due moment a warning goes out: a term, or a fraction of the whole term. */
export const WarningLeadSchema = z.union([
  z
    .strictObject({ amount: z.number().int().positive(), unit: z.enum(['dagen', 'werkdagen']) })
    .superRefine(withinMaxTerm),
  z.strictObject({ fraction: z.number().gt(0).lt(1) }),
]);
export type WarningLead = z.infer<typeof WarningLeadSchema>;

/** A date on Amsterdam's calendar, `YYYY-MM-DD`, that exists. */
const LocalDateSchema = z.string().superRefine((value, context) => {
  try {
    parseLocalDate(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/**
 * Days a Royal Decree equates with public holidays under art. 3(3) of the Algemene termijnenwet (such as a
 * Friday after Ascension Day), as local dates. The decrees are published per period in the Staatscourant, so the
 * engine ships none: a region or a case names the ones it follows.
 */
const GelijkgesteldeDagenSchema = z.array(LocalDateSchema).min(1);

const GELIJKGESTELD_NEEDS_TERMIJNENWET =
  'days equated with public holidays (art. 3(3) Algemene termijnenwet) need termijnenwet: true';

/** Why a norm's term or extension cannot be counted on its calendar (schoolweken need a region), if so. */
function calendarMismatchOf(norm: {
  readonly term: CalendarTerm;
  readonly calendar: CalendarSpec;
  readonly extension: { readonly by: CalendarTerm } | null;
}): string | undefined {
  const byTerm = termCalendarMismatch(norm.term, norm.calendar);
  if (byTerm !== undefined) return byTerm;
  const byExtension =
    norm.extension === null ? undefined : termCalendarMismatch(norm.extension.by, norm.calendar);
  return byExtension === undefined ? undefined : `the extension: ${byExtension}`;
}

/**
 * How a norm counts its term (its *telwijze*), with the source of that convention. `vanaf`: from the moment itself,
 * or from the day after receipt (the day of receipt does not count, as Dutch statutory terms run). `tot`: to the
 * same clock time, or to the end of the last day (a decision at any moment of that day is on time; the breach is
 * at 00:00 the day after, Amsterdam time). A term counted from the day after receipt runs to the end of a day.
 */
export const TelwijzeSchema = z
  .strictObject({
    vanaf: z.enum(['moment', 'dag-na-ontvangst']),
    tot: z.enum(['tijdstip', 'einde-dag']),
    bron: z.string().min(1),
  })
  .refine((telwijze) => telwijze.vanaf === 'moment' || telwijze.tot === 'einde-dag', {
    message:
      'a term counted from the day after receipt runs to the end of its last day: tot must be einde-dag',
    path: ['tot'],
  });
export type Telwijze = z.infer<typeof TelwijzeSchema>;

/** The telwijze of a norm that names none, and of every norm recorded before norms named one: clock time. */
export const CLOCK_TIME_TELWIJZE: Telwijze = {
  vanaf: 'moment',
  tot: 'tijdstip',
  bron: 'passend-routes default: from the moment itself to the same clock time',
};

/**
 * One step of escalation (opschalen) after a breach: `na` after the breach (0: at the breach), a notification
 * to `rol` (`regisseur`: the case's regisseur; `coordinator`: the organisation's coordinator; or a named role).
 */
export const OpschaalStapSchema = z.strictObject({
  na: z.strictObject({ amount: z.number().int().nonnegative(), unit: z.enum(['dagen', 'werkdagen']) }),
  rol: z.string().regex(NORM_ID, { message: 'must be a kebab-case role such as "coordinator"' }),
});
export type OpschaalStap = z.infer<typeof OpschaalStapSchema>;

const stepDays = (step: OpschaalStap) => step.na.amount * (step.na.unit === 'werkdagen' ? 7 / 5 : 1);

/** Whether, how often and by how much a running deadline may be extended (verdaagd). */
export const ExtensionRuleSchema = z.strictObject({
  maxTimes: z.number().int().positive(),
  by: TermSchema,
  /** Zorgplicht: the parents must be told of the extension; the event must say they were. */
  informOuders: z.boolean().default(false),
});

/**
 * A deadline rule (a *norm*): data referenced by a route, never code in the workflow.
 * `scope: 'spoor'` counts one deadline per track of an arrangement (the family's care, the child's care).
 */
export const NormSchema = z
  .strictObject({
    id: z.string().regex(NORM_ID, { message: 'must be kebab-case' }),
    version: z.string().min(1),
    title: z.string().min(1),
    source: NormSourceSchema,
    guideline: z.boolean().default(false),
    term: TermSchema,
    calendar: CalendarSpecSchema.default({ kind: 'kalenderdagen' }),
    /** Algemene termijnenwet: a term ending on a weekend day or public holiday moves to the next working day. */
    termijnenwet: z.boolean().default(false),
    /** Only with `termijnenwet`: the days a Royal Decree equates with public holidays (art. 3(3)). */
    gelijkgesteldeDagen: GelijkgesteldeDagenSchema.optional(),
    warning: WarningLeadSchema.nullable().default(null),
    extension: ExtensionRuleSchema.nullable().default(null),
    /** Opschorting: the clock may stop while waiting for the family or a third party. */
    suspendable: z.boolean().default(false),
    startsOn: z.array(EventTypeSchema).min(1),
    metBy: z.array(EventTypeSchema).min(1),
    lapsesOn: z.array(EventTypeSchema).default([]),
    /**
     * Only a route's own triggers (a route definition's `pausesOn`/`resumesOn`), for a suspendable norm: events that
     * stop its clock, and events that start it again. Absent in presets and in cases recorded before they existed.
     */
    pausesOn: z.array(EventTypeSchema).optional(),
    resumesOn: z.array(EventTypeSchema).optional(),
    scope: z.enum(['casus', 'spoor']).default('casus'),
    /** How the term is counted; clock time when not named (see `TelwijzeSchema`). */
    telwijze: TelwijzeSchema.optional(),
    /** Steps of escalation after a breach, in time order; they stop when the norm is met. */
    opschalen: z.array(OpschaalStapSchema).optional(),
  })
  .refine(
    (norm) =>
      (norm.opschalen ?? []).every(
        (step, index, steps) => index === 0 || stepDays(step) >= stepDays(steps[index - 1] as OpschaalStap),
      ),
    { message: 'escalation steps must be in time order', path: ['opschalen'] },
  )
  .refine((norm) => norm.gelijkgesteldeDagen === undefined || norm.termijnenwet, {
    message: GELIJKGESTELD_NEEDS_TERMIJNENWET,
    path: ['gelijkgesteldeDagen'],
  })
  .superRefine((norm, context) => {
    const mismatch = calendarMismatchOf(norm);
    if (mismatch !== undefined) context.addIssue({ code: 'custom', path: ['calendar'], message: mismatch });
  });
export type Norm = z.infer<typeof NormSchema>;
export type NormInput = z.input<typeof NormSchema>;

/**
 * A change to one norm for a region or a case: its term, calendar, warning, the termijnenwet shift, the days
 * a Royal Decree equates with public holidays under that act, or how its term is counted (telwijze).
 */
export const NormOverrideSchema = z
  .strictObject({
    term: TermSchema.optional(),
    calendar: CalendarSpecSchema.optional(),
    warning: WarningLeadSchema.nullable().optional(),
    termijnenwet: z.boolean().optional(),
    gelijkgesteldeDagen: GelijkgesteldeDagenSchema.optional(),
    telwijze: TelwijzeSchema.optional(),
  })
  .refine((override) => Object.keys(override).length > 0, { message: 'an override must change something' });

export type NormOverride = z.infer<typeof NormOverrideSchema>;

/** Per-case or per-region overrides, by norm id; everything not named stays as the preset says. */
export const NormOverridesSchema = z.preprocess(
  (value, context) => {
    // zod's record drops a "__proto__" key without a word; it is no norm id, so say so.
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) {
      context.addIssue({
        code: 'custom',
        path: ['__proto__'],
        message: 'must be the kebab-case id of a norm',
      });
    }
    return value;
  },
  z.record(z.string().regex(NORM_ID, { message: 'must be the kebab-case id of a norm' }), NormOverrideSchema),
);
export type NormOverrides = z.infer<typeof NormOverridesSchema>;

/** The norms shipped with the engine, by id, each citing its source. */
export const NORM_PRESETS: ReadonlyMap<string, Norm> = new Map(
  NORM_PRESET_INPUTS.map((input) => {
    const norm = NormSchema.parse(input);
    return [norm.id, norm];
  }),
);

/** Every shipped version of every preset, by id and version: a case pinned to a version keeps it. */
const PRESET_VERSIONS: ReadonlyMap<string, ReadonlyMap<string, Norm>> = (() => {
  const versions = new Map<string, Map<string, Norm>>();
  for (const input of [...SUPERSEDED_PRESET_INPUTS, ...NORM_PRESET_INPUTS]) {
    const norm = NormSchema.parse(input);
    const byVersion = versions.get(norm.id) ?? new Map<string, Norm>();
    byVersion.set(norm.version, norm);
    versions.set(norm.id, byVersion);
  }
  return versions;
})();

/** The version of each preset today, by id: what a new case is pinned to. */
export function currentNormVersions(): Record<string, string> {
  return Object.fromEntries([...NORM_PRESETS].map(([id, norm]) => [id, norm.version]));
}

/**
 * The version of each preset a case ran under before cases named the versions they were opened with (the first
 * shipped version of each): a history recorded then replays with these. Never changes.
 */
export const UNPINNED_NORM_VERSIONS: Readonly<Record<string, string>> = Object.fromEntries(
  [...PRESET_VERSIONS].map(([id, byVersion]) => [id, [...byVersion.keys()][0] as string]),
);

/**
 * The norms a case runs with: the route's references resolved against the presets, with overrides applied.
 * An overridden norm's version says so (`2013-1+override`), so a case shows which rule it ran under. `versions`
 * pins a preset to one of its shipped versions (by id); a preset not named there resolves to its current version.
 * Throws a `RangeError` naming the field (under `field`, `normOverrides` by default) when a route or an override
 * refers to a norm that does not exist, or an override leaves a norm that cannot be counted.
 */
export function resolveNorms(
  normIds: readonly string[],
  overrides: NormOverrides = {},
  field = 'normOverrides',
  versions: Readonly<Record<string, string>> = {},
): Norm[] {
  for (const id of Object.keys(overrides)) {
    if (!normIds.includes(id)) {
      throw new RangeError(`${field}.${id}: this route has no norm "${id}" (it has ${normIds.join(', ')})`);
    }
  }
  return normIds.map((id) => {
    const pinned = Object.hasOwn(versions, id) ? versions[id] : undefined;
    const preset = pinned === undefined ? NORM_PRESETS.get(id) : PRESET_VERSIONS.get(id)?.get(pinned);
    if (preset === undefined) {
      throw new RangeError(
        pinned === undefined
          ? `norm "${id}" is not a known preset`
          : `norm "${id}" has no version "${pinned}" in this build (it has ${[...(PRESET_VERSIONS.get(id)?.keys() ?? [])].join(', ')})`,
      );
    }
    const override = overrides[id];
    if (override === undefined) return preset;
    const changed: Norm = { ...preset, version: `${preset.version}+override` };
    if (override.term !== undefined) changed.term = override.term;
    if (override.calendar !== undefined) changed.calendar = override.calendar;
    if (override.warning !== undefined) changed.warning = override.warning;
    if (override.termijnenwet !== undefined) changed.termijnenwet = override.termijnenwet;
    if (override.gelijkgesteldeDagen !== undefined)
      changed.gelijkgesteldeDagen = override.gelijkgesteldeDagen;
    if (override.telwijze !== undefined) changed.telwijze = override.telwijze;
    if (changed.gelijkgesteldeDagen !== undefined && !changed.termijnenwet) {
      throw new RangeError(`${field}.${id}.gelijkgesteldeDagen: ${GELIJKGESTELD_NEEDS_TERMIJNENWET}`);
    }
    const mismatch = calendarMismatchOf(changed);
    if (mismatch !== undefined) throw new RangeError(`${field}.${id}.calendar: ${mismatch}`);
    return changed;
  });
}
