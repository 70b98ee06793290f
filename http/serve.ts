import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { noArguments, optional, parseFlags, parsePortFlag } from '../cli/args.js';
import { connectClient, temporalAddress, temporalNamespace } from '../cli/connection.js';
import { undeliverablePathOf } from '../cli/undeliverable.js';
import { codecFromEnvironment, dataConverterWith } from '../codec/index.js';
import { AccessFile } from './access.js';
import { fileAuditLog } from './audit.js';
import { startHttpServer } from './server.js';

export const SERVE_USAGE =
  '  passend serve [--port 8080] [--host 127.0.0.1] [--access FILE] [--access-log FILE] [--outbox FILE]';

/** Where the access configuration is: `--access`, else `$PASSEND_ACCESS`, else `config/access.json`. */
export function accessConfigPath(flag: string | undefined): string {
  return resolve(flag ?? process.env['PASSEND_ACCESS'] ?? 'config/access.json');
}

/** Where the access log goes: `--access-log`, else `<$PASSEND_DATA or data>/access.log`. */
export function accessLogPath(flag: string | undefined): string {
  return resolve(flag ?? join(process.env['PASSEND_DATA'] ?? 'data', 'access.log'));
}

/** `passend serve`: the HTTP API on a connected client, until SIGINT or SIGTERM. */
export async function runServe(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    access: { type: 'string' },
    'access-log': { type: 'string' },
    outbox: { type: 'string' },
    address: { type: 'string' },
    namespace: { type: 'string' },
  });
  noArguments('serve', positionals);
  const port = parsePortFlag(optional(values, 'port'), 'PASSEND_HTTP_PORT', 8080);
  const host = optional(values, 'host') ?? '127.0.0.1';
  const accessPath = accessConfigPath(optional(values, 'access'));
  if (!existsSync(accessPath)) {
    throw new Error(
      `${accessPath}: no access configuration; copy config/access.example.json and put your own tokens in it`,
    );
  }
  // Read again when it changes: a token added or revoked counts from the next request, without a restart.
  const access = new AccessFile(accessPath, {
    onReload: (config) =>
      process.stderr.write(`[passend] ${accessPath} changed: ${config.tokens.length} token(s) in force\n`),
    onRefused: (error) =>
      process.stderr.write(
        `[passend] ${error.message}\n[passend] the change is refused; the last good tokens stay\n`,
      ),
  });
  const address = temporalAddress(optional(values, 'address'));
  // The API reads and writes case payloads through the same codec as the worker (none when no key is set).
  const codec = codecFromEnvironment();
  const { passend, close } = await connectClient(
    address,
    temporalNamespace(optional(values, 'namespace')),
    dataConverterWith(codec),
  );
  const encryption = codec === undefined ? 'not encrypted' : `encrypted with key ${codec.keyId}`;
  const log = fileAuditLog(accessLogPath(optional(values, 'access-log')));
  // Only when told where the worker's outbox is: the API may run on another machine than the worker.
  const outbox = optional(values, 'outbox') ?? process.env['PASSEND_OUTBOX'];
  const undeliverablePath = outbox === undefined ? undefined : undeliverablePathOf(outbox);
  try {
    const server = await startHttpServer({
      passend,
      access,
      log,
      port,
      host,
      ...(undeliverablePath === undefined ? {} : { undeliverablePath }),
    });
    process.stderr.write(
      `[passend] HTTP API ${server.url} (OpenAPI at ${server.url}/openapi.json), Temporal ${address}, ` +
        `${access.config.tokens.length} token(s) from ${accessPath} (read again when it changes), access log ${log.path}, payloads ${encryption}\n`,
    );
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
    return 0;
  } finally {
    await log.close();
    await close();
  }
}
