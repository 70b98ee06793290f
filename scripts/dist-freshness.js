// Whether dist/ was built from the sources as they are now. Plain JavaScript, so that bin/passend.js and
// scripts/build.js can ask before anything is compiled. Used in a clone only: an installed package has no sources.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folders tsconfig.build.json compiles, and the files beside them that change what a build writes. */
export const SOURCE_FOLDERS = [
  'activities',
  'audit',
  'cli',
  'client',
  'codec',
  'config',
  'core',
  'http',
  'infra',
  'machines',
  'scenarios',
  'worker',
  'workflows',
];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.js'];

/** The clone's root folder. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Written by a successful build: the moment it started reading the sources, in milliseconds. */
export const STAMP = join(ROOT, 'dist', '.build-stamp');

/**
 * The latest modification among the sources, in milliseconds. Folders count too: deleting or renaming a file
 * changes only its folder.
 */
export function newestSourceChange(root = ROOT) {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return;
    newest = Math.max(newest, stat.mtimeMs);
    if (!stat.isDirectory()) return;
    for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  for (const folder of SOURCE_FOLDERS) visit(join(root, folder));
  for (const file of SOURCE_FILES) visit(join(root, file));
  return newest;
}

/** Why dist/ cannot be used as it is (`missing` or `stale`), or undefined when it is the build of these sources. */
export function distProblem(root = ROOT) {
  let builtFrom;
  try {
    builtFrom = Number(readFileSync(join(root, 'dist', '.build-stamp'), 'utf8'));
  } catch {
    return 'missing';
  }
  return Number.isFinite(builtFrom) && newestSourceChange(root) <= builtFrom ? undefined : 'stale';
}
