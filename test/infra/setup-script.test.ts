// scripts/setup.sh with a scratch clone and cache: the Temporal CLI given (TEMPORAL_CLI=/bin/true) and the test
// server's Maven resolution already marked done, so nothing is built; go, mvn and npm are shims that fail if
// called at all, and java is one that prints how it was called.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SETUP = fileURLToPath(new URL('../../scripts/setup.sh', import.meta.url));
const script = readFileSync(SETUP, 'utf8');
const version = /^TEST_SERVER_VERSION=(\S+)$/m.exec(script)?.[1];
const tsDirName = /^TS_DIR="\$CACHE\/(.+)"$/m
  .exec(script)?.[1]
  ?.replace('$TEST_SERVER_VERSION', version ?? '');

interface Scratch {
  /** The folder setup is run from; a relative PASSEND_CACHE is relative to it. */
  readonly work: string;
  readonly run: (cache: string) => { status: number | null; stdout: string; stderr: string };
  /** Marks the test server's Maven resolution done in `cache` (absolute), as a finished earlier run leaves it. */
  readonly resolved: (cache: string) => string;
  /** What running the test server through `link` would start (the java shim says), from an unrelated folder. */
  readonly launched: (link: string) => string;
}

const scratchRoots: string[] = [];
afterAll(() => {
  for (const root of scratchRoots) rmSync(root, { recursive: true, force: true });
});

function scratch(): Scratch {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'passend-setup-')));
  scratchRoots.push(root);
  const repo = join(root, 'repo');
  const work = join(root, 'work');
  const shims = join(root, 'shims');
  mkdirSync(join(repo, 'scripts'), { recursive: true });
  mkdirSync(join(repo, 'node_modules'), { recursive: true });
  mkdirSync(work);
  mkdirSync(shims);
  copyFileSync(SETUP, join(repo, 'scripts', 'setup.sh'));
  // The build step: a stand-in that records how it was asked (the real one compiles for half a minute).
  writeFileSync(
    join(repo, 'scripts', 'build.js'),
    "require('node:fs').appendFileSync(`${__dirname}/../build-calls`, process.argv.slice(2).join(' ') + '\\n');\n",
  );
  // node_modules newer than the lockfile: no npm ci.
  writeFileSync(join(repo, 'package-lock.json'), '{}');
  writeFileSync(join(repo, 'node_modules', '.package-lock.json'), '{}');
  utimesSync(join(repo, 'package-lock.json'), new Date(2020, 0, 1), new Date(2020, 0, 1));
  for (const tool of ['go', 'mvn', 'npm']) {
    writeFileSync(join(shims, tool), `#!/bin/sh\necho "${tool} must not run here" >&2\nexit 97\n`, {
      mode: 0o755,
    });
  }
  writeFileSync(join(shims, 'java'), '#!/bin/sh\necho "java $*"\n', { mode: 0o755 });
  const path = `${shims}:${process.env['PATH'] ?? '/usr/bin:/bin'}`;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !['PASSEND_CACHE', 'XDG_CACHE_HOME', 'TEMPORAL_TEST_SERVER'].includes(name),
    ),
  );
  return {
    work,
    run: (cache) =>
      spawnSync('bash', [join(repo, 'scripts', 'setup.sh')], {
        cwd: work,
        encoding: 'utf8',
        timeout: 30_000,
        env: {
          ...env,
          HOME: join(root, 'home'),
          PATH: path,
          PASSEND_CACHE: cache,
          TEMPORAL_CLI: '/bin/true',
        },
      }),
    resolved: (cache) => {
      const tsDir = join(cache, tsDirName!);
      mkdirSync(join(tsDir, 'lib'), { recursive: true });
      writeFileSync(join(tsDir, '.complete'), '');
      return tsDir;
    },
    launched: (link) =>
      spawnSync(link, ['--version'], { cwd: tmpdir(), encoding: 'utf8', env: { ...env, PATH: path } }).stdout,
  };
}

describe('scripts/setup.sh', () => {
  it('reads the test server folder from the script', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(tsDirName).toBe(`test-server-${version}-2`);
  });

  it('resolves a relative PASSEND_CACHE where it was run, so the test server link leads somewhere', () => {
    const { work, run, resolved, launched } = scratch();
    const cache = join(work, 'my-cache');
    const tsDir = resolved(cache);
    const result = run('my-cache');
    expect(result.stderr).not.toContain('must not run');
    expect(result.status, result.stderr).toBe(0);
    const link = join(cache, 'bin', 'temporal-test-server');
    expect(readlinkSync(link)).toBe(join(tsDir, 'temporal-test-server'));
    expect(() => accessSync(link, constants.X_OK)).not.toThrow();
    expect(launched(link)).toContain(`-cp ${tsDir}/lib/* io.temporal.testserver.TestServer --version`);
    expect(result.stderr).toContain(`ready: temporal=/bin/true test-server=${link}`);
    expect(readFileSync(join(work, '..', 'repo', 'build-calls'), 'utf8')).toBe('--if-stale\n');
  });

  it('repairs the dangling link and relative wrapper that a relative PASSEND_CACHE used to leave', () => {
    const { work, run, resolved, launched } = scratch();
    const cache = join(work, 'cache');
    const tsDir = resolved(cache);
    // What the old script wrote with PASSEND_CACHE=cache: paths relative to the clone, a link to nowhere.
    writeFileSync(
      join(tsDir, 'temporal-test-server'),
      `#!/bin/sh\nexec java -cp "cache/${tsDirName}/lib/*" io.temporal.testserver.TestServer "$@"\n`,
      { mode: 0o755 },
    );
    mkdirSync(join(cache, 'bin'));
    const link = join(cache, 'bin', 'temporal-test-server');
    symlinkSync(`cache/${tsDirName}/temporal-test-server`, link);
    expect(() => accessSync(link, constants.X_OK)).toThrow();

    const result = run(cache);
    expect(result.status, result.stderr).toBe(0);
    expect(readlinkSync(link)).toBe(join(tsDir, 'temporal-test-server'));
    expect(launched(link)).toContain(`-cp ${tsDir}/lib/* io.temporal.testserver.TestServer`);
  });

  it('leaves a sound wrapper and link alone on the next run', () => {
    const { work, run, resolved } = scratch();
    const cache = join(work, 'cache');
    const tsDir = resolved(cache);
    expect(run(cache).status).toBe(0);
    const link = join(cache, 'bin', 'temporal-test-server');
    const wrapper = join(tsDir, 'temporal-test-server');
    const before = { link: lstatSync(link), wrapper: statSync(wrapper) };
    const again = run(cache);
    expect(again.status, again.stderr).toBe(0);
    expect(lstatSync(link)).toMatchObject({ ino: before.link.ino, mtimeMs: before.link.mtimeMs });
    expect(statSync(wrapper)).toMatchObject({ ino: before.wrapper.ino, mtimeMs: before.wrapper.mtimeMs });
  });
});
