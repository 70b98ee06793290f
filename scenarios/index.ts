import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../core/scenario.js';
import { ScenarioSchema } from '../core/scenario.js';

export { liveDemoScenarios } from './live-demo.js';

/** The folder holding the seed scenarios (case M., Breda on time and late, Levi). */
export const SEED_SCENARIO_DIR = dirname(fileURLToPath(import.meta.url));

/** Reads and validates one scenario file; the error names the file, the field and the reason. */
export function loadScenario(path: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not readable JSON (${(error as Error).message})`);
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new Error(`${path}: not a valid scenario\n  ${issues.join('\n  ')}`);
  }
  return parsed.data;
}

/** Every scenario file in a folder, by file name without `.json`. */
export function scenariosIn(folder: string): Map<string, Scenario> {
  const names = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort();
  return new Map(names.map((name) => [name.replace(/\.json$/, ''), loadScenario(join(folder, name))]));
}

/** The seed scenarios, by file name without `.json`. */
export function seedScenarios(): Map<string, Scenario> {
  return scenariosIn(SEED_SCENARIO_DIR);
}

/** The folder holding one scenario per shipped route beyond the seed cases (scenarios/routes/<route id>.json). */
export const ROUTE_SCENARIO_DIR = join(SEED_SCENARIO_DIR, 'routes');

/** The shipped routes' own scenarios on exact dates, by file name (the route id) without `.json`. */
export function routeScenarios(): Map<string, Scenario> {
  return scenariosIn(ROUTE_SCENARIO_DIR);
}
