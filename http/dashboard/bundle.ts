// The dashboard's script is TypeScript in ./client, typechecked and linted like the rest, and bundled by esbuild
// into one script the page carries inline (its Content-Security-Policy allows exactly that script, by hash).
// `npm run build` bundles it into dist/ beside this module; run from the sources (a clone, tsx), the server
// bundles it when it starts, so the page never serves a script older than its sources.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The bundle's file name beside this module in dist/. */
export const DASHBOARD_BUNDLE_FILE = 'dashboard.bundle.js';

interface EsbuildSync {
  buildSync(options: Record<string, unknown>): {
    outputFiles?: { text: string }[];
    errors: { text: string }[];
  };
}

/** The client's entry point `entry` bundled into one browser script (an IIFE), for an inline `<script>`. */
export function bundleDashboardScript(entry: string): string {
  // esbuild is a development dependency: an installed package carries the bundle and never gets here.
  const esbuild = createRequire(import.meta.url)('esbuild') as EsbuildSync;
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    write: false,
  });
  const text = result.outputFiles?.[0]?.text;
  if (text === undefined) throw new Error(`esbuild wrote no bundle for ${entry}`);
  // Inline in the page: the script may not end its own element.
  if (/<\/script/i.test(text))
    throw new Error('the dashboard bundle contains "</script", which would end it early');
  return text;
}

/** The dashboard's script: the bundle built beside this module, or, run from the sources, bundled now. */
export function dashboardScript(): string {
  const built = new URL(`./${DASHBOARD_BUNDLE_FILE}`, import.meta.url);
  if (existsSync(built)) return readFileSync(built, 'utf8');
  return bundleDashboardScript(fileURLToPath(new URL('./client/main.ts', import.meta.url)));
}
