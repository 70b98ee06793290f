import { readFileSync } from 'node:fs';

/** Which engine wrote an export: the package name and version from package.json. */
export interface EngineInfo {
  readonly name: string;
  readonly version: string;
}

let cached: EngineInfo | undefined;

/** The engine's name and version, read from package.json (beside the sources, or one up from `dist/`). */
export function engineInfo(): EngineInfo {
  if (cached !== undefined) return cached;
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const raw = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (raw.name === 'passend-routes' && typeof raw.version === 'string') {
        cached = { name: raw.name, version: raw.version };
        return cached;
      }
    } catch {
      // Not there: try the next place.
    }
  }
  cached = { name: 'passend-routes', version: 'unknown' };
  return cached;
}
