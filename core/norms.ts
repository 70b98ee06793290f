import { z } from 'zod';
import type { CalendarSpec, CalendarTerm } from './calendars/index.js';
import { CalendarSpecSchema, termCalendarMismatch } from './calendars/index.js';
import { parseLocalDate } from './calendars/local-date.js';
import { NORM_PRESET_INPUTS } from './norm-presets.js';

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
    scope: z.enum(['casus', 'spoor']).default('casus'),
  })
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
 * A change to one norm for a region or a case: its term, calendar, warning, the termijnenwet shift, or the days
 * a Royal Decree equates with public holidays under that act.
 */
export const NormOverrideSchema = z
  .strictObject({
    term: TermSchema.optional(),
    calendar: CalendarSpecSchema.optional(),
    warning: WarningLeadSchema.nullable().optional(),
    termijnenwet: z.boolean().optional(),
    gelijkgesteldeDagen: GelijkgesteldeDagenSchema.optional(),
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

/**
 * The norms a case runs with: the route's references resolved against the presets, with overrides applied.
 * An overridden norm's version says so (`2013-1+override`), so a case shows which rule it ran under.
 * Throws a `RangeError` naming the field (under `field`, `normOverrides` by default) when a route or an override
 * refers to a norm that does not exist, or an override leaves a norm that cannot be counted.
 */
export function resolveNorms(
  normIds: readonly string[],
  overrides: NormOverrides = {},
  field = 'normOverrides',
): Norm[] {
  for (const id of Object.keys(overrides)) {
    if (!normIds.includes(id)) {
      throw new RangeError(`${field}.${id}: this route has no norm "${id}" (it has ${normIds.join(', ')})`);
    }
  }
  return normIds.map((id) => {
    const preset = NORM_PRESETS.get(id);
    if (preset === undefined) throw new RangeError(`norm "${id}" is not a known preset`);
    const override = overrides[id];
    if (override === undefined) return preset;
    const changed: Norm = { ...preset, version: `${preset.version}+override` };
    if (override.term !== undefined) changed.term = override.term;
    if (override.calendar !== undefined) changed.calendar = override.calendar;
    if (override.warning !== undefined) changed.warning = override.warning;
    if (override.termijnenwet !== undefined) changed.termijnenwet = override.termijnenwet;
    if (override.gelijkgesteldeDagen !== undefined)
      changed.gelijkgesteldeDagen = override.gelijkgesteldeDagen;
    if (changed.gelijkgesteldeDagen !== undefined && !changed.termijnenwet) {
      throw new RangeError(`${field}.${id}.gelijkgesteldeDagen: ${GELIJKGESTELD_NEEDS_TERMIJNENWET}`);
    }
    const mismatch = calendarMismatchOf(changed);
    if (mismatch !== undefined) throw new RangeError(`${field}.${id}.calendar: ${mismatch}`);
    return changed;
  });
}
