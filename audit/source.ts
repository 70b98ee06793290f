// Where an audit command finds a case: an export file, the live Temporal server, or the archive folder (for a
// case Temporal no longer holds). A FILE argument ends in `.json` or exists on disk; anything else is a case id.
import { existsSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { CaseNotFoundError } from '../client/errors.js';
import { EncryptionKeyError } from '../codec/index.js';
import { IdentifierSchema } from '../core/index.js';
import { archivePath, readArchived } from './archive.js';
import type { AuditExport } from './export.js';
import { exportCase, readAuditExport } from './export.js';

/** Where an export came from. */
export type ExportSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'server'; readonly address: string; readonly namespace: string }
  | { readonly kind: 'archive'; readonly path: string };

/** How to reach the server and the archive. */
export interface SourceOptions {
  readonly address: string;
  readonly namespace: string;
  readonly archiveDir: string;
  /** How long to try reaching the server before falling back to the archive (default 3 s). */
  readonly connectTimeout?: string;
  /** The payload codec of encrypted cases (`dataConverterFromEnvironment()`); default: none. */
  readonly dataConverter?: DataConverter;
}

/** Neither the server nor the archive holds the case; the message names both places. */
export class CaseUnavailableError extends Error {
  override readonly name = 'CaseUnavailableError';
}

/** True when an argument names a file rather than a case id. */
export function isFileArgument(argument: string): boolean {
  return argument.endsWith('.json') || existsSync(argument);
}

/** A line for people: where the export came from. */
export function describeSource(source: ExportSource): string {
  if (source.kind === 'file') return `file ${source.path}`;
  if (source.kind === 'archive') return `archive ${source.path}`;
  return `Temporal ${source.address} (namespace ${source.namespace})`;
}

/** Connects to Temporal, runs `use`, and closes the connection. */
export async function withTemporal<T>(
  options: Pick<SourceOptions, 'address' | 'namespace' | 'connectTimeout' | 'dataConverter'>,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  let connection: Connection;
  try {
    connection = await Connection.connect({
      address: options.address,
      connectTimeout: options.connectTimeout ?? '3s',
    });
  } catch (error) {
    throw new Error(`cannot reach Temporal at ${options.address} (${(error as Error).message})`, {
      cause: error,
    });
  }
  try {
    const { dataConverter } = options;
    return await use(
      new Client({
        connection,
        namespace: options.namespace,
        ...(dataConverter === undefined ? {} : { dataConverter }),
      }),
    );
  } finally {
    await connection.close();
  }
}

/**
 * The export of a file, or of a case id: from the live server when it has the case, else from the archive.
 * Throws `CaseUnavailableError` naming both places when neither has it.
 */
export async function loadExport(
  argument: string,
  options: SourceOptions,
): Promise<{ exported: AuditExport; source: ExportSource; note?: string }> {
  if (isFileArgument(argument)) {
    return { exported: readAuditExport(argument), source: { kind: 'file', path: argument } };
  }
  if (!IdentifierSchema.safeParse(argument).success) {
    throw new CaseUnavailableError(`"${argument}" is neither an export file nor a case id`);
  }
  let serverAnswer: string;
  try {
    const exported = await withTemporal(options, (client) =>
      exportCase(client, argument, {
        onHistoryJournal: (reason) =>
          process.stderr.write(`[passend] ${argument}: journal read from the history, ${reason}\n`),
      }),
    );
    return {
      exported,
      source: { kind: 'server', address: options.address, namespace: options.namespace },
    };
  } catch (error) {
    // The server has the case but we lack its key: the archive would need the same key, so say so now.
    if (error instanceof EncryptionKeyError) throw error;
    serverAnswer =
      error instanceof CaseNotFoundError
        ? `Temporal at ${options.address} (namespace ${options.namespace}) does not have it`
        : `Temporal at ${options.address} could not answer: ${(error as Error).message}`;
  }
  const archived = readArchived(options.archiveDir, argument);
  if (archived !== undefined) {
    return {
      exported: archived,
      source: { kind: 'archive', path: archivePath(options.archiveDir, argument) },
      note: serverAnswer,
    };
  }
  throw new CaseUnavailableError(
    `case ${argument} not found: ${serverAnswer}, and the archive has no ${archivePath(options.archiveDir, argument)}`,
  );
}
