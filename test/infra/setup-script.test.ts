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
  /** Folder of the shims that stand in for go, mvn, npm and java, first on PATH. */
  readonly shims: string;
  readonly run: (
    cache: string,
    args?: readonly string[],
    env?: Readonly<Record<string, string>>,
  ) => { status: number | null; stdout: string; stderr: string };
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
      ([name]) =>
        !['PASSEND_CACHE', 'XDG_CACHE_HOME', 'TEMPORAL_TEST_SERVER', 'PASSEND_POSTGRES_BIN'].includes(name),
    ),
  );
  return {
    work,
    shims,
    run: (cache, args = [], extraEnv = {}) =>
      spawnSync('bash', [join(repo, 'scripts', 'setup.sh'), ...args], {
        cwd: work,
        encoding: 'utf8',
        timeout: 30_000,
        env: {
          ...env,
          HOME: join(root, 'home'),
          PATH: path,
          PASSEND_CACHE: cache,
          TEMPORAL_CLI: '/bin/true',
          ...extraEnv,
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

  describe('--postgres', () => {
    const serverVersion = /^TEMPORAL_SERVER_VERSION=(\S+)$/m.exec(script)?.[1];

    /** A folder with stand-ins for PostgreSQL's initdb and postgres, as PASSEND_POSTGRES_BIN names one. */
    function postgresBin(work: string): string {
      const bin = join(work, 'pg-bin');
      mkdirSync(bin);
      for (const program of ['initdb', 'postgres'])
        writeFileSync(join(bin, program), '#!/bin/sh\n', { mode: 0o755 });
      return bin;
    }

    it('builds the Temporal server and its schema tool at the pinned version once, with progress, and links them', () => {
      const { work, shims, run, resolved } = scratch();
      const cache = join(work, 'cache');
      resolved(cache);
      // go install: records how it was called, names 250 packages as -v does, and writes both binaries.
      writeFileSync(
        join(shims, 'go'),
        '#!/bin/sh\necho "$CGO_ENABLED $GOBIN $*" >> "$GOBIN/../go-calls"\n' +
          'i=0; while [ $i -lt 250 ]; do echo "example.com/package/$i" >&2; i=$((i+1)); done\n' +
          'for binary in server sql; do printf "#!/bin/sh\\n" > "$GOBIN/$binary"; chmod +x "$GOBIN/$binary"; done\n',
        { mode: 0o755 },
      );
      const env = { PASSEND_POSTGRES_BIN: postgresBin(work) };
      const result = run(cache, ['--postgres'], env);
      expect(result.status, result.stderr).toBe(0);
      expect(serverVersion).toMatch(/^v\d+\.\d+\.\d+$/);
      const serverDir = join(cache, `temporal-server-${serverVersion}`);
      expect(readFileSync(join(cache, 'go-calls'), 'utf8')).toBe(
        `0 ${serverDir} install -v go.temporal.io/server/cmd/server@${serverVersion} go.temporal.io/server/cmd/tools/sql@${serverVersion}\n`,
      );
      expect(result.stderr).toContain('[setup]   100 packages compiled');
      expect(result.stderr).toContain('[setup]   200 packages compiled');
      expect(result.stderr).not.toContain('example.com/package');
      expect(readlinkSync(join(cache, 'bin', 'temporal-server'))).toBe(join(serverDir, 'server'));
      expect(readlinkSync(join(cache, 'bin', 'temporal-sql-tool'))).toBe(join(serverDir, 'sql'));

      // The next run finds both and builds nothing.
      const again = run(cache, ['--postgres'], env);
      expect(again.status, again.stderr).toBe(0);
      expect(readFileSync(join(cache, 'go-calls'), 'utf8').split('\n')).toHaveLength(2);
    });

    it('names a PASSEND_POSTGRES_BIN without PostgreSQL and stops before building anything', () => {
      const { work, run, resolved } = scratch();
      const cache = join(work, 'cache');
      resolved(cache);
      const result = run(cache, ['--postgres'], { PASSEND_POSTGRES_BIN: join(work, 'nowhere') });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        `PASSEND_POSTGRES_BIN=${join(work, 'nowhere')} holds no executable initdb and postgres`,
      );
      expect(result.stderr).not.toContain('must not run');
    });

    it('is refused among the options when misspelt, naming the ones there are', () => {
      const { work, run } = scratch();
      const result = run(join(work, 'cache'), ['--postgress']);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('unknown option --postgress (use --quiet, --browser, --postgres)');
    });
  });
});
