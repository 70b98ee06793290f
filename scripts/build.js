// `npm run build`: compiles the sources to dist/ (JavaScript, declarations, source maps) with the data files the
// code reads beside it, for the `passend` command and for the packed package.
// Usage: node scripts/build.js [--if-stale]   (--if-stale: only when dist/ is missing or older than the sources)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distProblem, ROOT } from './dist-freshness.js';

/** Data files read at run time next to the compiled code (never config/access.json: it holds real tokens). */
const ASSETS = [
  { folder: 'scenarios', matches: (name) => name.endsWith('.json') },
  { folder: 'scenarios/routes', matches: (name) => name.endsWith('.json') },
  { folder: 'config/regions', matches: (name) => name.endsWith('.json') },
  { folder: 'config', matches: (name) => name === 'access.example.json' },
];

const args = process.argv.slice(2);
if (args.some((arg) => arg !== '--if-stale')) {
  process.stderr.write(
    `[build] unknown option ${args.find((arg) => arg !== '--if-stale')} (use --if-stale)\n`,
  );
  process.exit(2);
}
const problem = distProblem();
if (args.includes('--if-stale') && problem === undefined) process.exit(0);
if (args.includes('--if-stale')) process.stderr.write(`[build] dist/ is ${problem}: compiling the sources\n`);

// Built beside dist/ and swapped in at the end, so that a failed build leaves the last good one and a running
// `passend` never sees half a tree.
const startedAt = Date.now();
const next = join(ROOT, `.dist-${process.pid}`);
const old = join(ROOT, `.dist-old-${process.pid}`);
rmSync(next, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', next], {
  cwd: ROOT,
  stdio: ['ignore', process.stderr, process.stderr],
});
if (compiled.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.stderr.write('[build] tsc failed; see above (dist/ is unchanged)\n');
  process.exit(1);
}
for (const { folder, matches } of ASSETS) {
  for (const name of readdirSync(join(ROOT, folder)).filter(matches))
    cpSync(join(ROOT, folder, name), join(next, folder, name));
}
// The dashboard's script (TypeScript in http/dashboard/client, outside the tsc build) bundled beside the page
// module, by the bundler that module uses when it runs from the sources.
const bundle = await import(pathToFileURL(join(next, 'http', 'dashboard', 'bundle.js')).href);
try {
  writeFileSync(
    join(next, 'http', 'dashboard', bundle.DASHBOARD_BUNDLE_FILE),
    bundle.bundleDashboardScript(join(ROOT, 'http', 'dashboard', 'client', 'main.ts')),
  );
  // The live inspection page's script (http/inspect-page.ts reads it by this name beside the dashboard's).
  writeFileSync(
    join(next, 'http', 'dashboard', 'inspect.bundle.js'),
    bundle.bundleDashboardScript(join(ROOT, 'http', 'dashboard', 'client', 'inspect.ts')),
  );
} catch (error) {
  rmSync(next, { recursive: true, force: true });
  process.stderr.write(`[build] bundling the dashboard failed (dist/ is unchanged): ${error.message}\n`);
  process.exit(1);
}
writeFileSync(join(next, '.build-stamp'), String(startedAt));
const dist = join(ROOT, 'dist');
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
