import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { dataConverterFromEnvironment } from '../codec/index.js';
import { PassendClient } from '../client/index.js';
import { UsageError } from './usage-error.js';

/** `host` or `host:port`: a name, an IPv4 address or a bracketed IPv6 address, and a port from 1 to 65535. */
const ADDRESS = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(\d{1,5}))?$/;

/** A Temporal namespace name: letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** The flag's value, else the environment variable's, else the default; with where it came from. */
function setting(flag: string | undefined, flagName: string, variable: string, fallback: string) {
  if (flag !== undefined) return { value: flag, source: flagName };
  const fromEnvironment = process.env[variable];
  if (fromEnvironment !== undefined) return { value: fromEnvironment, source: `$${variable}` };
  return { value: fallback, source: 'the default' };
}

/**
 * Where Temporal runs: `--address`, else `$TEMPORAL_ADDRESS`, else the dev server's default. Checked before
 * anything connects: a URL (`http://…`), a stray space or a port out of range names where it came from.
 */
export function temporalAddress(flag: string | undefined): string {
  const { value, source } = setting(flag, '--address', 'TEMPORAL_ADDRESS', 'localhost:7233');
  const port = ADDRESS.exec(value)?.[1];
  if (!ADDRESS.test(value) || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    throw new UsageError(
      `${source} must be host:port, e.g. localhost:7233, without a scheme (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

/** The Temporal namespace: `--namespace`, else `$TEMPORAL_NAMESPACE`, else `default`; checked like the address. */
export function temporalNamespace(flag: string | undefined): string {
  const { value, source } = setting(flag, '--namespace', 'TEMPORAL_NAMESPACE', 'default');
  if (!NAMESPACE.test(value)) {
    throw new UsageError(
      `${source} must be a namespace name: letters, digits, ".", "_" and "-" (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

/**
 * The SDK retries an unavailable server ten times with growing pauses (17 to 49 s in all): a command or an HTTP
 * request would hang that long in an outage. Four tries ride out a blip and leave the answer to the caller: the
 * HTTP API answers 503 with Retry-After, the CLI says the server does not answer.
 */
export const FEW_RETRIES = makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 4 }));

/**
 * Connects a PassendClient, with an error that says where it tried. Payloads are encrypted when the
 * environment configures a key (PASSEND_ENCRYPTION_KEY or PASSEND_ENCRYPTION_KEYRING); a bad setting fails
 * here, before connecting.
 */
export async function connectClient(
  address: string,
  namespace: string,
  dataConverter: DataConverter = dataConverterFromEnvironment(),
): Promise<{ passend: PassendClient; close: () => Promise<void> }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '5s', interceptors: [FEW_RETRIES] });
  } catch (error) {
    throw new Error(
      `cannot reach Temporal at ${address} (${(error as Error).message}); is the server running? (npm start runs one)`,
    );
  }
  return {
    passend: new PassendClient(new Client({ connection, namespace, dataConverter })),
    close: () => connection.close(),
  };
}
