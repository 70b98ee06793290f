// `npm start` checks its settings before it starts anything: a bad port or archive interval is one message
// naming the variable and exit 1, not Node's "options.port should be >= 0 … (NaN)" from halfway through.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/usage-error.js';
import { portsFromEnvironment } from '../../scripts/ports.js';
import { routesDirFrom } from '../../scripts/stack.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VARIABLES = ['PASSEND_TEMPORAL_PORT', 'PASSEND_UI_PORT', 'PASSEND_HTTP_PORT', 'PASSEND_CODEC_PORT'];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of VARIABLES) {
    const value = saved[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** Runs scripts/start.ts as `npm start` does (after setup), with `env` added to a clean PASSEND_* slate. */
function start(
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('PASSEND_')),
  );
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/start.ts', ...args],
      { cwd: ROOT, env: { ...base, ...env }, timeout: 30_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

describe('the ports of npm start', () => {
  it('default to 7233, 8233, 8080 and 8089, and take the environment variables', () => {
    for (const name of VARIABLES) delete process.env[name];
    expect(portsFromEnvironment()).toEqual({ temporal: 7233, ui: 8233, http: 8080, codec: 8089 });
    process.env['PASSEND_TEMPORAL_PORT'] = '17233';
    process.env['PASSEND_UI_PORT'] = '18233';
    process.env['PASSEND_HTTP_PORT'] = '18080';
    process.env['PASSEND_CODEC_PORT'] = '18089';
    expect(portsFromEnvironment()).toEqual({ temporal: 17233, ui: 18233, http: 18080, codec: 18089 });
  });

  it.each(VARIABLES)('refuse a %s that is no port, naming the variable and no --port flag', (name) => {
    for (const other of VARIABLES) delete process.env[other];
    process.env[name] = '80x';
    expect(() => portsFromEnvironment()).toThrow(
      new UsageError(`${name} must be a port number 0-65535, not "80x" (from the environment)`),
    );
    process.env[name] = '65536';
    expect(() => portsFromEnvironment()).toThrow(`${name} must be a port number 0-65535, not "65536"`);
  });
});

describe('npm start with a bad setting', () => {
  it.each([
    [
      { PASSEND_TEMPORAL_PORT: '80x' },
      '[passend] PASSEND_TEMPORAL_PORT must be a port number 0-65535, not "80x" (from the environment)\n',
    ],
    [
      { PASSEND_ARCHIVE_EVERY_MINUTES: '40000' },
      '[passend] PASSEND_ARCHIVE_EVERY_MINUTES must be at most 35791 (about 24.8 days, the longest timer Node keeps), not "40000"\n',
    ],
  ])('%o prints one message and exits 1 before anything starts', async (setting, message) => {
    const scratch = mkdtempSync(join(tmpdir(), 'passend-start-'));
    const dataDir = join(scratch, 'data');
    // Nothing may be reached: no Temporal CLI to run, and ports that would be in the way if they were probed.
    const run = await start({
      ...setting,
      PASSEND_DATA: dataDir,
      TEMPORAL_CLI: '/nonexistent/temporal',
    });
    expect(run).toEqual({ code: 1, stdout: '', stderr: message });
    expect(existsSync(dataDir)).toBe(false);
    rmSync(scratch, { recursive: true, force: true });
  });
});

describe('npm start --routes DIR', () => {
  it('takes the folder after --routes, --routes=, or as npm hands it over', () => {
    expect(routesDirFrom([], {})).toBeUndefined();
    expect(routesDirFrom(['--routes', 'routes/extra'], {})).toBe('routes/extra');
    expect(routesDirFrom(['--routes=routes/extra'], {})).toBe('routes/extra');
    // `npm start --routes routes/extra`: npm keeps the flag ("true") and passes the folder on.
    expect(routesDirFrom(['routes/extra'], { npm_config_routes: 'true' })).toBe('routes/extra');
    expect(routesDirFrom([], { npm_config_routes: 'routes/extra' })).toBe('routes/extra');
    for (const [argv, env] of [
      [['--routes'], {}],
      [['--routes', '--other'], {}],
      [['--routes='], {}],
      [[], { npm_config_routes: 'true' }],
    ] as const)
      expect(() => routesDirFrom(argv, env), JSON.stringify([argv, env])).toThrow(
        new UsageError('--routes takes a folder of route files: npm start -- --routes DIR'),
      );
  });

  it.each([
    ['--routes DIR', (dir: string) => [['--routes', dir], {}] as const],
    ['npm start --routes DIR', (dir: string) => [[dir], { npm_config_routes: 'true' }] as const],
  ])(
    'with %s refuses a folder that cannot run with every problem by path, and exits 1 before anything starts',
    async (_how, invocation) => {
      const scratch = mkdtempSync(join(tmpdir(), 'passend-start-routes-'));
      const dataDir = join(scratch, 'data');
      const zorgplicht = JSON.parse(
        readFileSync(join(ROOT, 'machines/zorgplicht/route.json'), 'utf8'),
      ) as Record<string, unknown>;
      writeFileSync(join(scratch, 'a.json'), JSON.stringify({ ...zorgplicht, id: 'proef-a', version: '1' }));
      writeFileSync(
        join(scratch, 'b.json'),
        JSON.stringify({ ...zorgplicht, id: 'proef-b', startEvent: 'x.y' }),
      );
      writeFileSync(join(scratch, 'c.json'), JSON.stringify({ ...zorgplicht, id: 'proef-c' }));
      const [args, env] = invocation(scratch);
      const run = await start({ ...env, PASSEND_DATA: dataDir, TEMPORAL_CLI: '/nonexistent/temporal' }, args);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^\[passend\] the routes cannot be registered: \d+ problems$/);
      expect(lines).toContain(
        `  ${join(scratch, 'a.json')}: version: must be a semantic version such as "1.0.0"`,
      );
      expect(lines).toContain(
        `  ${join(scratch, 'b.json')}: startEvent: "x.y" is not an event of the route; declare it under events`,
      );
      // The one good file is not reported, and nothing started: no data folder.
      expect(run.stderr).not.toContain('c.json');
      expect(existsSync(dataDir)).toBe(false);
      rmSync(scratch, { recursive: true, force: true });
    },
  );
});
