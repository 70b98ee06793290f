import { z } from 'zod';
import { IdentifierSchema } from './identifiers.js';
import { NormOverridesSchema } from './norms.js';

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

/** Parses a region configuration; the error lists every field at fault and why. */
export function parseRegionConfig(raw: unknown, origin: string): RegionConfig {
  const parsed = RegionConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new RangeError(`${origin}: not a valid region configuration\n  ${issues.join('\n  ')}`);
}
