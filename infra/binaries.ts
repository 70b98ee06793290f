import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The cache folder `scripts/setup.sh` provisions into: `$PASSEND_CACHE`, else `$XDG_CACHE_HOME/passend-routes`, else `~/.cache/passend-routes`. */
export function cacheDir(): string {
  const override = nonEmpty(process.env['PASSEND_CACHE']);
  if (override !== undefined) return override;
  const xdg = nonEmpty(process.env['XDG_CACHE_HOME']) ?? join(homedir(), '.cache');
  return join(xdg, 'passend-routes');
}

/** Path of the Temporal CLI (dev server): `$TEMPORAL_CLI`, else `<cacheDir>/bin/temporal`; throws if the file is missing. */
export function temporalCliPath(): string {
  return resolveBinary('TEMPORAL_CLI', 'temporal', 'the Temporal CLI');
}

/** Path of the time-skipping test server wrapper: `$TEMPORAL_TEST_SERVER`, else `<cacheDir>/bin/temporal-test-server`; throws if the file is missing. */
export function testServerPath(): string {
  return resolveBinary(
    'TEMPORAL_TEST_SERVER',
    'temporal-test-server',
    'the Temporal time-skipping test server',
  );
}

/** Path of the Temporal server (`go.temporal.io/server`): `$TEMPORAL_SERVER`, else `<cacheDir>/bin/temporal-server`; throws if missing. */
export function temporalServerPath(): string {
  return resolveBinary('TEMPORAL_SERVER', 'temporal-server', 'the Temporal server', '-- --postgres');
}

/** Path of the Temporal server's SQL schema tool: `$TEMPORAL_SQL_TOOL`, else `<cacheDir>/bin/temporal-sql-tool`; throws if missing. */
export function temporalSqlToolPath(): string {
  return resolveBinary(
    'TEMPORAL_SQL_TOOL',
    'temporal-sql-tool',
    "the Temporal server's SQL schema tool",
    '-- --postgres',
  );
}

function resolveBinary(envVar: string, fileName: string, description: string, setupFlags = ''): string {
  const setup = setupFlags === '' ? 'npm run setup' : `npm run setup ${setupFlags}`;
  const override = nonEmpty(process.env[envVar]);
  if (override !== undefined) {
    if (!existsSync(override)) {
      throw new Error(
        `${description} was not found at ${override} (set by ${envVar}); fix ${envVar} or unset it and run \`${setup}\`.`,
      );
    }
    return override;
  }
  const path = join(cacheDir(), 'bin', fileName);
  if (!existsSync(path)) {
    throw new Error(`${description} was not found at ${path}; run \`${setup}\` to provision it.`);
  }
  return path;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
