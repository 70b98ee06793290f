import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateSchemaFiles,
  REPO_ROOT,
  SCHEMA_DIR,
  staleSchemaFiles,
} from '../../scripts/export-schemas.js';

const jsonFilesIn = (folder: string): string[] =>
  readdirSync(join(REPO_ROOT, folder))
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(REPO_ROOT, folder, name));

describe('the committed JSON Schemas', () => {
  it('are exactly what scripts/export-schemas.ts generates from the zod schemas', async () => {
    const files = await generateSchemaFiles();
    expect(files.map((file) => relative(REPO_ROOT, file.path)).sort()).toEqual([
      'schemas/region-config.schema.json',
      'schemas/route-definition.schema.json',
      'schemas/scenario.schema.json',
    ]);
    for (const file of files) {
      const committed = existsSync(file.path) ? readFileSync(file.path, 'utf8') : '(missing)';
      expect(
        committed,
        `${relative(REPO_ROOT, file.path)} is stale: run npx tsx scripts/export-schemas.ts`,
      ).toBe(file.content);
    }
    expect(await staleSchemaFiles()).toEqual([]);
  });

  it('describe scenarios, region configurations and routes for input: defaults are optional, unknown keys refused', async () => {
    const [region, route, scenario] = (await generateSchemaFiles())
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((file) => JSON.parse(file.content) as Record<string, unknown>);
    expect(scenario).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:passend-routes:schema:scenario',
      title: 'passend-routes scenario',
      type: 'object',
      required: ['title', 'caseId', 'start', 'events'],
      additionalProperties: false,
    });
    const events = (scenario!['properties'] as Record<string, { items: { required: string[] } }>)['events'];
    expect(events?.items.required).toEqual(['at', 'type', 'actor']);
    expect(region).toMatchObject({
      $id: 'urn:passend-routes:schema:region-config',
      required: ['regio', 'source', 'norms'],
      additionalProperties: false,
    });
    expect(route).toMatchObject({
      $id: 'urn:passend-routes:schema:route-definition',
      required: ['id', 'version', 'title', 'startEvent', 'context', 'machine'],
      additionalProperties: false,
    });
  });

  it('are where the scenario and region files point with "$schema"', () => {
    const expected = new Map([
      ['scenarios', 'scenario.schema.json'],
      ['test/fixtures/scenarios', 'scenario.schema.json'],
      ['config/regions', 'region-config.schema.json'],
      ['machines/toeleiding', 'route-definition.schema.json'],
      ['machines/zorgplicht', 'route-definition.schema.json'],
    ]);
    let checked = 0;
    for (const [folder, schema] of expected) {
      for (const path of jsonFilesIn(folder)) {
        const reference = (JSON.parse(readFileSync(path, 'utf8')) as { $schema?: string }).$schema;
        if (reference === undefined) continue;
        expect(resolve(dirname(path), reference), relative(REPO_ROOT, path)).toBe(join(SCHEMA_DIR, schema));
        expect(existsSync(resolve(dirname(path), reference))).toBe(true);
        checked++;
      }
    }
    // At least the zorgplicht fixture, the Breda region file and the two shipped routes refer to their schema.
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});
