// `passend route list | show | validate` and `--routes DIR`: the routes a host runs, one route, and route files
// checked as a worker loads them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { passend } from '../support/cli-run.js';

const zorgplicht = JSON.parse(
  readFileSync(new URL('../../machines/zorgplicht/route.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function routeFolder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'passend-routes-'));
  for (const [name, definition] of Object.entries(files))
    writeFileSync(join(dir, name), JSON.stringify(definition));
  return dir;
}

describe('passend route', () => {
  it('lists the routes by id@version, with those of --routes DIR beside the shipped ones', async () => {
    const shipped = await passend('route', 'list');
    expect(shipped.code, shipped.stderr).toBe(0);
    expect(shipped.stdout).toMatch(
      /^toeleiding@1\.0\.0 +Toeleiding passend onderwijs en jeugdhulp +signaal\.gemeld /m,
    );
    expect(shipped.stdout).not.toContain('zorgplicht@9.1.0');
    const dir = routeFolder({ 'zorgplicht-9.1.0.json': { ...zorgplicht, version: '9.1.0' } });
    const more = await passend('route', 'list', '--routes', dir, '--json');
    expect(more.code, more.stderr).toBe(0);
    const keys = (JSON.parse(more.stdout) as { id: string; version: string }[]).map(
      (route) => `${route.id}@${route.version}`,
    );
    expect(keys).toContain('zorgplicht@1.0.0');
    expect(keys).toContain('zorgplicht@9.1.0');
  });

  it('shows a route: title, start event, norms and its events', async () => {
    const run = await passend('route', 'show', 'zorgplicht@1.0.0');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('zorgplicht@1.0.0: Zorgplicht: aanmelding, toelating, plaatsing en OPP');
    expect(run.stdout).toContain('opens with: aanmelding.ontvangen');
    expect(run.stdout).toContain('| `toelating.besloten` | besluit, school? |');
    const json = await passend('route', 'show', 'zorgplicht', '--json');
    expect((JSON.parse(json.stdout) as { guards: object }).guards).toEqual(zorgplicht['guards']);
    const unknown = await passend('route', 'show', 'zorgplicht@7.0.0');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/route zorgplicht is at versions? 1\.0\.0(, [0-9.]+)*, not 7\.0\.0/);
  });

  it('validates route files: valid ones by id@version, otherwise every problem by file and path, exit 1', async () => {
    const dir = routeFolder({
      'goed.json': { ...zorgplicht, version: '9.1.0' },
      'fout.json': { ...zorgplicht, version: '2.0', guards: { hierToegelaten: { type: 'magAltijd' } } },
    });
    const good = await passend('route', 'validate', join(dir, 'goed.json'));
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toBe(`${join(dir, 'goed.json')}: zorgplicht@9.1.0 is valid\n`);
    const bad = await passend('route', 'validate', join(dir, 'goed.json'), join(dir, 'fout.json'));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe(
      `${join(dir, 'fout.json')}: version: must be a semantic version such as "1.0.0"\n`,
    );
    const twice = await passend('route', 'validate', join(dir, 'goed.json'), join(dir, 'goed.json'));
    expect(twice.stdout).toContain(`${join(dir, 'goed.json')}: version: zorgplicht@9.1.0 is defined twice`);
  });

  it('refuses --routes DIR holding a route that cannot run, naming every problem, before doing anything', async () => {
    const dir = routeFolder({
      'fout.json': { ...zorgplicht, version: '9.1.0', guards: { hierToegelaten: { type: 'magAltijd' } } },
    });
    const run = await passend('route', 'list', '--routes', dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${join(dir, 'fout.json')}: guards.hierToegelaten: unknown guard "magAltijd"`,
    );
  });
});
