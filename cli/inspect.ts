// `passend inspect`: a case's journal as inspection events for Stately's inspector (@statelyai/inspect), from an
// audit export: a file (--export), or a case id exported from Temporal (or the archive) as `passend audit export`
// does. By default the events go to stdout, one JSON object a line; with --url they go to a WebSocket
// receiver (a local inspector server, or Stately's hosted one). The library's own WebSocket inspector cannot say
// when everything has been sent and re-sends its queue after a reconnect, so a one-shot command sends through
// the small adapter below: every message written, then a clean close, then the exit.
import type { StatelyInspectionEvent } from '@statelyai/inspect';
import { createInspector } from '@statelyai/inspect';
import type { AuditExport } from '../audit/index.js';
import { archiveDir, loadExport, readAuditExport } from '../audit/index.js';
import { inspectJournal } from '../audit/inspection.js';
import { dataConverterFromEnvironment } from '../codec/index.js';
import type { ParsedFlags } from './args.js';
import { optional, parseFlags, positionals } from './args.js';
import { temporalAddress, temporalNamespace } from './connection.js';
import { UsageError } from './usage-error.js';

/** How long the receiver gets to accept the connection. */
const HANDSHAKE_TIMEOUT_MS = 5000;

/** The receiver could not be reached or did not take every event; the message names the address. */
export class InspectReceiverError extends Error {
  override readonly name = 'InspectReceiverError';
}

/** The inspection events of an export's journal, in the order the inspector receives them. */
export function inspectionEvents(exported: AuditExport): StatelyInspectionEvent[] {
  const events: StatelyInspectionEvent[] = [];
  inspectJournal(exported, createInspector({ send: (event) => events.push(event) }));
  return events;
}

/** `--url`, checked: a ws:// or wss:// address. */
function receiverUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url: not an address: "${text}" (expected e.g. ws://localhost:8080)`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new UsageError(`--url: expected a ws:// or wss:// address, got "${text}"`);
  }
  return url;
}

/**
 * Sends `messages` to the WebSocket receiver at `url` and resolves once each is written and the receiver has
 * acknowledged the close that follows them; rejects, naming the address, when it cannot connect or the
 * connection ends before every message is written.
 */
export async function sendToReceiver(url: URL, messages: readonly string[]): Promise<void> {
  const { WebSocket } = await import('ws');
  const address = url.toString();
  await new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    let written = 0;
    let failure: Error | undefined;
    socket.once('error', (error) => {
      failure ??= new InspectReceiverError(`cannot send to ${address}: ${error.message}`);
    });
    socket.once('open', () => {
      for (const message of messages) {
        socket.send(message, (error) => {
          if (error === undefined || error === null) written += 1;
          else failure ??= new InspectReceiverError(`cannot send to ${address}: ${error.message}`);
        });
      }
      socket.close(1000, 'inspection sent');
    });
    socket.once('close', (code) => {
      if (failure !== undefined) reject(failure);
      else if (written < messages.length) {
        reject(
          new InspectReceiverError(
            `${address} closed the connection (code ${code}) after ${written} of ${messages.length} events`,
          ),
        );
      } else resolve();
    });
  });
}

/** A case's export, as `passend audit export` reads it: from Temporal, else from the archive. */
async function exportOf(caseId: string, values: ParsedFlags['values']): Promise<AuditExport> {
  const loaded = await loadExport(caseId, {
    address: temporalAddress(optional(values, 'address')),
    namespace: temporalNamespace(optional(values, 'namespace')),
    archiveDir: archiveDir(optional(values, 'archive')),
    dataConverter: dataConverterFromEnvironment(),
  });
  if (loaded.note !== undefined) process.stderr.write(`[passend] ${loaded.note}; reading the archive\n`);
  return loaded.exported;
}

/** Runs `passend inspect`; returns the exit code. */
export async function runInspect(argv: readonly string[]): Promise<number> {
  const { values, positionals: args } = parseFlags(argv, {
    export: { type: 'string' },
    url: { type: 'string' },
    json: { type: 'boolean' },
    address: { type: 'string' },
    namespace: { type: 'string' },
    archive: { type: 'string' },
  });
  const file = optional(values, 'export');
  if (file === undefined && args.length === 0) {
    throw new UsageError(
      'expected <caseId> or --export FILE (an audit export, as passend audit export writes it)',
    );
  }
  if (file !== undefined && args.length > 0) {
    throw new UsageError(`give a case id or --export FILE, not both (got "${args.join(' ')}" and --export)`);
  }
  if (file === '') throw new UsageError('--export: empty, expected the audit export file to inspect');
  const [caseId = ''] = file === undefined ? positionals(args, ['caseId']) : [];
  const urlText = optional(values, 'url');
  const url = urlText === undefined ? undefined : receiverUrl(urlText);
  const exported = file !== undefined ? readAuditExport(file) : await exportOf(caseId, values);
  const lines = inspectionEvents(exported).map((event) => JSON.stringify(event));
  if (url === undefined) {
    process.stdout.write(lines.map((line) => `${line}\n`).join(''));
    return 0;
  }
  await sendToReceiver(url, lines);
  const sent = {
    caseId: exported.case.caseId,
    url: url.toString(),
    entries: exported.journal.length,
    events: lines.length,
  };
  process.stdout.write(
    values['json'] === true
      ? `${JSON.stringify(sent)}\n`
      : `sent ${sent.events} inspection events (${sent.entries} journal entries) of case ${sent.caseId} to ${sent.url}\n`,
  );
  return 0;
}
