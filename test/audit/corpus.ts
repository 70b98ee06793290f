import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditExport } from '../../audit/index.js';
import { readAuditExport } from '../../audit/index.js';

/** The replay corpus: recorded by scripts/record-histories.ts, replayed by CI. */
export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

/** Every export in the corpus, by file name. */
export function corpus(): Map<string, AuditExport> {
  return new Map(
    readdirSync(CORPUS_DIR)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => [name, readAuditExport(join(CORPUS_DIR, name))]),
  );
}
