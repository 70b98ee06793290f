// `passend codec`: a codec server on this machine for a Temporal Web UI, with the keys from the environment.
// An auditor runs it beside the browser and sets the UI's codec endpoint to it (the UI calls it from the
// browser, so the keys never leave this machine).
import { noArguments, parsePortFlag, parseTypedFlags } from './args.js';
import { UsageError } from './usage-error.js';

export const CODEC_USAGE = '  passend codec [--port 8089] [--host 127.0.0.1] [--ui-origin URL]...';

export const CODEC_HELP = `codec runs a codec server for a Temporal Web UI (POST /decode only) with the key(s) of the encryption
variables; --ui-origin names a Web UI's origin that may call it (repeatable; default http://localhost:8233 and
http://127.0.0.1:8233); in the UI's settings, set the codec server endpoint to the address it prints.`;

const DEFAULT_ORIGINS = ['http://localhost:8233', 'http://127.0.0.1:8233'];

/** An origin as browsers send it: scheme, host and optional port, nothing else. */
function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `--ui-origin must be an origin such as https://temporal.example.org, not "${value}"`,
    );
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.origin !== value.replace(/\/$/, '')) {
    throw new UsageError(
      `--ui-origin must be an origin (scheme, host, port; no path), such as https://temporal.example.org, not "${value}"`,
    );
  }
  return url.origin;
}

/** `passend codec`: serves until SIGINT or SIGTERM. */
export async function runCodec(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseTypedFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'ui-origin': { type: 'string', multiple: true },
  });
  noArguments('codec', positionals);
  const port = parsePortFlag(values.port, 'PASSEND_CODEC_PORT', 8089);
  const host = values.host ?? '127.0.0.1';
  const origins = values['ui-origin']?.map(parseOrigin) ?? DEFAULT_ORIGINS;
  // Loaded once the command line is checked: Temporal's payload protobufs take a while to load.
  const { codecFromEnvironment, startCodecServer } = await import('../codec/index.js');
  const codec = codecFromEnvironment();
  if (codec === undefined) {
    throw new Error(
      'no encryption key is configured: set PASSEND_ENCRYPTION_KEY with PASSEND_ENCRYPTION_KEY_ID, or ' +
        'PASSEND_ENCRYPTION_KEYRING, as for the worker',
    );
  }
  const server = await startCodecServer({ codec, host, port, allowedOrigins: origins });
  process.stderr.write(
    `[passend] codec server ${server.url} for ${origins.join(', ')}; key(s) ${codec.keyIds.join(', ')}; ` +
      "set it as the Web UI's codec endpoint. Ctrl-C stops it.\n",
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
  return 0;
}
