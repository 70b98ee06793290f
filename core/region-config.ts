import { z } from 'zod';
import { RegioSchema, SchoolYearsSchema, shippedContradictions } from './calendars/index.js';
import { IdentifierSchema } from './identifiers.js';
import type { NormOverride } from './norms.js';
import { NORM_PRESETS, NormOverridesSchema, resolveNorms } from './norms.js';

/**
 * A region's configuration: which norms it sets differently from the presets (term, calendar, warning,
 * termijnenwet), and on what authority. Cases of the region start with these overrides.
 */
export const RegionConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  regio: IdentifierSchema,
  source: z.string().min(1),
  norms: NormOverridesSchema,
  /**
   * School holidays the region or its schools supply, for one school region (noord, midden or zuid): school years
   * the engine does not ship, or a school's own dates (`replacesShipped: true`). Every norm of this file counted in
   * schoolweken in that school region counts with them; the shipped years stay.
   */
  schoolCalendar: z
    .strictObject({ regio: RegioSchema, schoolYears: SchoolYearsSchema })
    .superRefine(({ regio, schoolYears }, context) => {
      for (const { path, message } of shippedContradictions(regio, schoolYears))
        context.addIssue({ code: 'custom', path: ['schoolYears', ...path], message });
    })
    .optional(),
});
export type RegionConfig = z.infer<typeof RegionConfigSchema>;

/**
 * Parses a region configuration; the error lists every field at fault and why. Each override is also applied to
 * its preset, so a norm that does not exist, or an override that leaves a norm that cannot be counted (equated
 * days without the termijnenwet, schoolweken without a region), is refused here, naming this file. A
 * `schoolCalendar` is handed to every norm override counted in schoolweken in its school region (one that names
 * its own `schoolYears` keeps them); one that no norm counts with is refused, as it would change nothing.
 */
export function parseRegionConfig(raw: unknown, origin: string): RegionConfig {
  const parsed = RegionConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new RangeError(`${origin}: not a valid region configuration\n  ${issues.join('\n  ')}`);
  }
  const { config, unused } = withSchoolCalendar(parsed.data);
  const issues = Object.entries(config.norms).flatMap(([id, override]) => overrideProblem(id, override));
  if (unused !== undefined) issues.push(unused);
  if (issues.length === 0) return config;
  throw new RangeError(`${origin}: not a valid region configuration\n  ${issues.join('\n  ')}`);
}

function withSchoolCalendar(config: RegionConfig): { config: RegionConfig; unused?: string } {
  const supplied = config.schoolCalendar;
  if (supplied === undefined) return { config };
  let used = false;
  const norms = Object.fromEntries(
    Object.entries(config.norms).map(([id, override]) => {
      const calendar = override.calendar;
      if (calendar?.kind !== 'schoolweken' || calendar.regio !== supplied.regio) return [id, override];
      used = true;
      if (calendar.schoolYears !== undefined) return [id, override];
      return [id, { ...override, calendar: { ...calendar, schoolYears: supplied.schoolYears } }];
    }),
  );
  if (used) return { config: { ...config, norms } };
  return {
    config,
    unused:
      `schoolCalendar: no norm of this configuration counts in schoolweken in regio ${supplied.regio}, ` +
      `so the supplied school years would change nothing; give a norm calendar { kind: 'schoolweken', regio: '${supplied.regio}' }`,
  };
}

function overrideProblem(id: string, override: NormOverride): string[] {
  if (!NORM_PRESETS.has(id))
    return [`norms.${id}: no norm preset "${id}" (known: ${[...NORM_PRESETS.keys()].join(', ')})`];
  try {
    resolveNorms([id], { [id]: override }, 'norms');
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
