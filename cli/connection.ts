import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { dataConverterFromEnvironment } from '../codec/index.js';
import { PassendClient } from '../client/index.js';

/** Where Temporal runs: `--address`, else `$TEMPORAL_ADDRESS`, else the dev server's default. */
export function temporalAddress(flag: string | undefined): string {
  return flag ?? process.env['TEMPORAL_ADDRESS'] ?? 'localhost:7233';
}

/** The Temporal namespace: `--namespace`, else `$TEMPORAL_NAMESPACE`, else `default`. */
export function temporalNamespace(flag: string | undefined): string {
  return flag ?? process.env['TEMPORAL_NAMESPACE'] ?? 'default';
}

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
    connection = await Connection.connect({ address, connectTimeout: '5s' });
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
