import { z } from 'zod';
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
});
export type RegionConfig = z.infer<typeof RegionConfigSchema>;

/**
 * Parses a region configuration; the error lists every field at fault and why. Each override is also applied to
 * its preset, so a norm that does not exist, or an override that leaves a norm that cannot be counted (equated
 * days without the termijnenwet, schoolweken without a region), is refused here, naming this file.
 */
export function parseRegionConfig(raw: unknown, origin: string): RegionConfig {
  const parsed = RegionConfigSchema.safeParse(raw);
  const issues = parsed.success
    ? Object.entries(parsed.data.norms).flatMap(([id, override]) => overrideProblem(id, override))
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  if (parsed.success && issues.length === 0) return parsed.data;
  throw new RangeError(`${origin}: not a valid region configuration\n  ${issues.join('\n  ')}`);
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
