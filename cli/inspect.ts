// `passend inspect`: a case's journal as inspection events for Stately's inspector (@statelyai/inspect), from an
// audit export: a file (--export), or a case id exported from Temporal (or the archive) as `passend audit export`
// does, and then, for an open case on the server, each entry its journal takes after that until it closes or
// Ctrl-C (audit/follow.ts long-polls its history). By default the events go to stdout, one JSON object a line;
// with --url they go to a WebSocket receiver (the HTTP API's /inspect/ws, or Stately's hosted inspector) through
// the adapter in ./inspect-receiver.ts.
import { readFileSync } from 'node:fs';
import type { StatelyInspectionEvent } from '@statelyai/inspect';
import { createInspector } from '@statelyai/inspect';
import type { AuditExport, FollowEnd, SourceOptions } from '../audit/index.js';
import { archiveDir, followCase, isOpen, loadExport, readAuditExport, withTemporal } from '../audit/index.js';
import { inspectJournal } from '../audit/inspection.js';
import { dataConverterFromEnvironment } from '../codec/index.js';
import type { ParsedFlags } from './args.js';
import { optional, parseFlags, positionals } from './args.js';
import { temporalAddress, temporalNamespace } from './connection.js';
import type { ReceiverConnection } from './inspect-receiver.js';
import { openReceiver } from './inspect-receiver.js';
import { UsageError } from './usage-error.js';

/** The inspection events of an export's journal, in the order the inspector receives them. */
export function inspectionEvents(exported: AuditExport, afterSeq = 0): StatelyInspectionEvent[] {
  const events: StatelyInspectionEvent[] = [];
  inspectJournal(exported, createInspector({ send: (event) => events.push(event) }), afterSeq);
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

/** The bearer token in `--token-file` (its first line), for a receiver that asks for one (the HTTP API's). */
function tokenFrom(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--token-file: cannot read ${file} (${(error as Error).message})`);
  }
  const token = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (token === '') throw new UsageError(`--token-file: ${file} holds no token on its first line`);
  return token;
}

/** Where the events go: stdout, one JSON object a line, or a receiver. */
type Sink = Pick<ReceiverConnection, 'send' | 'close'> & { readonly lost?: Promise<never> };

const STDOUT: Sink = {
  send: async (lines) => {
    process.stdout.write(lines.map((line) => `${line}\n`).join(''));
  },
  close: async () => undefined,
};

/** How to reach Temporal and the archive, from the command's flags. */
function sourceOptions(values: ParsedFlags['values']): SourceOptions {
  return {
    address: temporalAddress(optional(values, 'address')),
    namespace: temporalNamespace(optional(values, 'namespace')),
    archiveDir: archiveDir(optional(values, 'archive')),
    dataConverter: dataConverterFromEnvironment(),
  };
}

/** A case's export, as `passend audit export` reads it: from Temporal, else from the archive. */
async function exportOf(
  caseId: string,
  options: SourceOptions,
): Promise<{ exported: AuditExport; live: boolean }> {
  const loaded = await loadExport(caseId, options);
  if (loaded.note !== undefined) process.stderr.write(`[passend] ${loaded.note}; reading the archive\n`);
  return { exported: loaded.exported, live: loaded.source.kind === 'server' };
}

/**
 * Sends the inspection events of each journal entry the case accepts after `from`, until the case closes, a
 * Ctrl-C (SIGINT or SIGTERM), or the receiver goes away (then throws its error). Returns how it ended and how
 * many events and entries it sent.
 */
async function follow(
  from: AuditExport,
  sink: Sink,
  options: SourceOptions,
): Promise<{ ended: FollowEnd; events: number; entries: number }> {
  const caseId = from.case.caseId;
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  let lost: Error | undefined;
  sink.lost?.catch((error: unknown) => {
    lost = error as Error;
    controller.abort();
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let lastSeq = from.journal.at(-1)?.seq ?? 0;
  let events = 0;
  let entries = 0;
  try {
    const ended = await withTemporal(options, (client) =>
      followCase(client, {
        from,
        signal: controller.signal,
        onExport: async (exported) => {
          const fresh = exported.journal.filter((entry) => entry.seq > lastSeq);
          if (fresh.length === 0) return;
          const lines = inspectionEvents(exported, lastSeq).map((event) => JSON.stringify(event));
          await sink.send(lines);
          lastSeq = fresh.at(-1)?.seq ?? lastSeq;
          events += lines.length;
          entries += fresh.length;
          const what = fresh.map((entry) => (entry.kind === 'gebeurtenis' ? entry.type : entry.kind));
          process.stderr.write(
            `[passend] case ${caseId}: ${what.join(', ')} (${lines.length} events sent)\n`,
          );
        },
      }),
    );
    if (lost !== undefined) throw lost;
    return { ended, events, entries };
  } catch (error) {
    throw lost ?? error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Runs `passend inspect`; returns the exit code. */
export async function runInspect(argv: readonly string[]): Promise<number> {
  const { values, positionals: args } = parseFlags(argv, {
    export: { type: 'string' },
    url: { type: 'string' },
    'token-file': { type: 'string' },
    'no-follow': { type: 'boolean' },
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
  const tokenFile = optional(values, 'token-file');
  if (tokenFile !== undefined && url === undefined)
    throw new UsageError('--token-file: only with --url (the token is for the receiver)');
  const token = tokenFile === undefined ? undefined : tokenFrom(tokenFile);
  const options = file === undefined ? sourceOptions(values) : undefined;
  const { exported, live } =
    options === undefined
      ? { exported: readAuditExport(file ?? ''), live: false }
      : await exportOf(caseId, options);
  const following = live && values['no-follow'] !== true && isOpen(exported);
  const sink: Sink = url === undefined ? STDOUT : await openReceiver(url, token);
  const lines = inspectionEvents(exported).map((event) => JSON.stringify(event));
  await sink.send(lines);
  const sent = { caseId: exported.case.caseId, events: lines.length, entries: exported.journal.length };
  let ended: FollowEnd | undefined;
  if (following && options !== undefined) {
    process.stderr.write(
      `[passend] sent ${sent.events} inspection events (${sent.entries} journal entries) of case ${sent.caseId}` +
        `${url === undefined ? '' : ` to ${url.toString()}`}; following its new events until it closes ` +
        '(Ctrl-C stops)\n',
    );
    const followed = await follow(exported, sink, options);
    ended = followed.ended;
    sent.events += followed.events;
    sent.entries += followed.entries;
    process.stderr.write(
      `[passend] ${ended === 'closed' ? `case ${sent.caseId} closed` : 'stopped'}; followed it for ` +
        `${followed.entries} new journal entries\n`,
    );
  }
  await sink.close();
  if (url === undefined) return 0;
  const summary = {
    caseId: sent.caseId,
    url: url.toString(),
    entries: sent.entries,
    events: sent.events,
    ...(ended === undefined ? {} : { followed: ended }),
  };
  process.stdout.write(
    values['json'] === true
      ? `${JSON.stringify(summary)}\n`
      : `sent ${summary.events} inspection events (${summary.entries} journal entries) of case ${summary.caseId} to ${summary.url}\n`,
  );
  return 0;
}
