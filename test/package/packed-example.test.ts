// The package as an integrator gets it: `npm pack` of the clone, installed from the tarball into a scratch copy of
// examples/integrator, whose own worker runs the case workflow beside a workflow of its own against a dev server,
// drives a case with the typed client, and exits by itself.
import { execFile, type ExecFileException } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../faults/server-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = join(ROOT, 'examples', 'integrator');

interface Run {
  readonly code: number | string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (or kills it at `timeoutMs`); never rejects. */
function run(file: string, args: string[], cwd: string, timeoutMs: number, env = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: (error as ExecFileException | null)?.code ?? 0, stdout, stderr }),
    );
  });
}

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'passend-packed-')));
const app = join(scratch, 'examples', 'integrator');
let server: ServerProcess | undefined;
let packed: { filename: string; files: { path: string }[] };

beforeAll(async () => {
  // The tarball holds dist/ as it is: bring it up to date with the sources first (npm test's setup already has).
  const build = await run(process.execPath, ['scripts/build.js', '--if-stale'], ROOT, 120_000);
  expect(build.code, build.stderr).toBe(0);
  const pack = await run(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch],
    ROOT,
    60_000,
  );
  expect(pack.code, pack.stderr).toBe(0);
  const [tarball] = JSON.parse(pack.stdout) as (typeof packed)[];
  if (tarball === undefined) throw new Error(`npm pack listed no tarball: ${pack.stdout}`);
  packed = tarball;
  cpSync(EXAMPLE, app, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|dist)$/.test(source),
  });
  server = await startServerProcess(join(scratch, 'temporal.db'));
}, 180_000);

afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the packed package, embedded by an application', () => {
  it('holds the compiled JavaScript and declarations that its exports name, and no sources', () => {
    const files = new Set(packed.files.map((file) => file.path));
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; default: string }>;
    };
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      expect(files, subpath).toContain(target.types.replace(/^\.\//, ''));
      expect(files, subpath).toContain(target.default.replace(/^\.\//, ''));
    }
    expect(files).toContain('bin/passend.js');
    expect(files).toContain('dist/cli/passend.js');
    expect(files).toContain('dist/scenarios/case-m.json');
    expect(files).toContain('dist/http/dashboard/dashboard.bundle.js');
    expect(files).toContain('dist/http/dashboard/inspect.bundle.js');
    expect([...files].filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
    expect([...files].filter((path) => path.includes('access.json'))).toEqual([]);
  });

  it('installs beside the application’s own Temporal packages as one copy of each', async () => {
    // The example names the tarball `npm pack` writes in the clone's root, two folders up.
    const example = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(example.dependencies['passend-routes']).toBe(`file:../../${packed.filename}`);
    const install = await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline'],
      app,
      150_000,
    );
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).not.toContain('EBADENGINE');
    // A nested copy would load Temporal's native runtime twice ("there is no reactor running").
    expect(existsSync(join(app, 'node_modules', 'passend-routes', 'node_modules', '@temporalio'))).toBe(
      false,
    );
    expect(existsSync(join(app, 'node_modules', 'passend-routes', 'node_modules', 'xstate'))).toBe(false);
    // Every subpath the package exports loads in the application.
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const specifiers = Object.keys(manifest.exports).map((subpath) => `passend-routes${subpath.slice(1)}`);
    const script = `for (const s of ${JSON.stringify(specifiers)}) await import(s);`;
    const loaded = await run(process.execPath, ['--input-type=module', '-e', script], app, 60_000);
    expect(loaded.code, loaded.stderr).toBe(0);
    // The dashboard's script comes bundled: the installed package serves it without esbuild, a dev dependency.
    expect(existsSync(join(app, 'node_modules', 'esbuild'))).toBe(false);
    const page = join(app, 'node_modules', 'passend-routes', 'dist', 'http', 'dashboard', 'page.js');
    const dashboard = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { DASHBOARD_SCRIPT } = await import(${JSON.stringify(page)}); console.log(DASHBOARD_SCRIPT.length);`,
      ],
      app,
      60_000,
    );
    expect(dashboard.code, dashboard.stderr).toBe(0);
    expect(Number(dashboard.stdout.trim())).toBeGreaterThan(10_000);
  }, 180_000);

  it('runs its worker with the case workflow and its own, starts and moves a case, and exits by itself', async () => {
    const compiled = await run(process.execPath, ['node_modules/typescript/bin/tsc'], app, 60_000);
    expect(compiled.code, compiled.stdout + compiled.stderr).toBe(0);
    const env = { ...process.env, TEMPORAL_ADDRESS: server!.address };
    const started = Date.now();
    const result = await run(process.execPath, ['dist/main.js'], app, 60_000, env);
    // A timeout kills it with SIGTERM: a worker or connection left open would keep the process alive.
    expect(result.code, `after ${Date.now() - started} ms:\n${result.stdout}${result.stderr}`).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^case voorbeeld-\w+ started: stage signaal, regisseur swv-cl-4$/),
      'event intake.gehouden applied: stage intake',
      expect.stringMatching(/^own workflow: ontvangst bevestigd: voorbeeld-\w+ in intake$/),
      'worker stopped',
    ]);
    // Bundling is quiet unless asked: no webpack report, no log lines at all.
    expect(result.stderr).toBe('');
  }, 90_000);
});
