import { readFileSync } from 'node:fs';
import type { RegionConfig } from '../core/region-config.js';
import { parseRegionConfig } from '../core/region-config.js';

/** Reads and validates a region configuration file; errors name the file, the field and the reason. */
export function loadRegionConfig(path: string): RegionConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RangeError(`${path}: not readable JSON (${(error as Error).message})`);
  }
  return parseRegionConfig(raw, path);
}
