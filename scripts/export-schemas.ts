// Writes the JSON Schemas of the scenario, region-configuration and route-definition files from their zod schemas, so editors
// can check and complete those files (`"$schema": "…/schemas/scenario.schema.json"`).
//
//   npx tsx scripts/export-schemas.ts           writes schemas/*.schema.json
//   npx tsx scripts/export-schemas.ts --check   exits 1 naming every committed file that is stale
//
// The output is deterministic: the zod schema, converted for input (defaults make fields optional), with
// `$id`, `title` and `description` first, formatted by Prettier with the project's settings so that
// `prettier --check .` accepts the committed files as they are.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { z } from 'zod';
import { RegionConfigSchema } from '../core/region-config.js';
import { RouteDefinitionFileSchema } from '../core/route-format.js';
import { ScenarioSchema } from '../core/scenario.js';

/** The repository root (this file lives in `scripts/`). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The folder holding the exported schemas. */
export const SCHEMA_DIR = join(REPO_ROOT, 'schemas');

interface SchemaExport {
  readonly file: string;
  readonly schema: z.ZodType;
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

const EXPORTS: readonly SchemaExport[] = [
  {
    file: 'scenario.schema.json',
    schema: ScenarioSchema,
    id: 'urn:passend-routes:schema:scenario',
    title: 'passend-routes scenario',
    description:
      'A case told as dated events, run by `passend simulate <file>`: route, case id, start, events (each with ' +
      '`at`, an ISO 8601 date-time with offset, its type, payload and actor) and an optional `until`. ' +
      'Generated from ScenarioSchema (core/scenario.ts) by scripts/export-schemas.ts; do not edit.',
  },
  {
    file: 'region-config.schema.json',
    schema: RegionConfigSchema,
    id: 'urn:passend-routes:schema:region-config',
    title: 'passend-routes region configuration',
    description:
      "A region's norm overrides (term, calendar, warning, termijnenwet) and the authority for them. " +
      'Generated from RegionConfigSchema (core/region-config.ts) by scripts/export-schemas.ts; do not edit.',
  },
  {
    file: 'route-definition.schema.json',
    schema: RouteDefinitionFileSchema,
    id: 'urn:passend-routes:schema:route-definition',
    title: 'passend-routes route definition',
    description:
      'A route as data (docs/routes.md): its stages as XState configuration, its events with payloads from a ' +
      'small vocabulary, guards and actions named from the core library, and the norms it runs. ' +
      'Generated from RouteDefinitionFileSchema (core/route-format.ts) by scripts/export-schemas.ts; do not edit.',
  },
];

/** One schema file as it should be committed: its absolute path and its exact text. */
export interface SchemaFile {
  readonly path: string;
  readonly content: string;
}

/** Every schema file, generated in memory. */
export async function generateSchemaFiles(): Promise<SchemaFile[]> {
  return Promise.all(
    EXPORTS.map(async ({ file, schema, id, title, description }) => {
      const path = join(SCHEMA_DIR, file);
      const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
      const document = { $schema, $id: id, title, description, ...rest };
      const options = (await prettier.resolveConfig(path)) ?? {};
      const content = await prettier.format(JSON.stringify(document, null, 2), {
        ...options,
        filepath: path,
      });
      return { path, content };
    }),
  );
}

/** The generated files whose committed version differs (or is missing). */
export async function staleSchemaFiles(): Promise<SchemaFile[]> {
  const files = await generateSchemaFiles();
  return files.filter((file) => {
    try {
      return readFileSync(file.path, 'utf8') !== file.content;
    } catch {
      return true;
    }
  });
}

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`export-schemas: unknown argument ${unknown.join(' ')} (only --check)\n`);
    return 2;
  }
  if (argv.includes('--check')) {
    const stale = await staleSchemaFiles();
    for (const file of stale) {
      process.stderr.write(
        `export-schemas: ${relative(REPO_ROOT, file.path)} is stale; run \`npx tsx scripts/export-schemas.ts\`\n`,
      );
    }
    return stale.length === 0 ? 0 : 1;
  }
  for (const file of await generateSchemaFiles()) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
    process.stdout.write(`export-schemas: wrote ${relative(REPO_ROOT, file.path)}\n`);
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
