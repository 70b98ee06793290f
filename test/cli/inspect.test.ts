// `passend inspect --export FILE`: the inspection events it prints (or sends to a WebSocket receiver) for case M.'s
// recorded history are the ones audit/inspection.ts gives for its journal, and a bad command line or file is
// refused naming the flag or the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatelyInspectionEvent } from '@statelyai/inspect';
import { createInspector } from '@statelyai/inspect';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { readAuditExport } from '../../audit/index.js';
import { inspectJournal } from '../../audit/inspection.js';
import { CORPUS_DIR } from '../audit/corpus.js';
import { passend } from '../support/cli-run.js';

const CASE_M = join(CORPUS_DIR, 'case-m.json');

/** An inspection event without what differs per run: when it was made and the event's random id. */
function comparable(event: unknown): unknown {
  const { createdAt: _createdAt, id: _id, ...rest } = event as Record<string, unknown>;
  return rest;
}

/** What audit/inspection.ts gives for case M.'s journal, as JSON would carry it. */
function expectedEvents(): unknown[] {
  const events: StatelyInspectionEvent[] = [];
  inspectJournal(readAuditExport(CASE_M), createInspector({ send: (event) => events.push(event) }));
  return events.map((event) => comparable(JSON.parse(JSON.stringify(event))));
}

const linesOf = (stdout: string): unknown[] =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => comparable(JSON.parse(line)));

let server: WebSocketServer | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** A WebSocket receiver on a free port that keeps every message it receives. */
async function receiver(): Promise<{ url: string; received: string[] }> {
  const received: string[] = [];
  const started = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server = started;
  started.on('connection', (socket) => socket.on('message', (data) => received.push(String(data))));
  await new Promise<void>((resolve) => started.once('listening', () => resolve()));
  return { url: `ws://127.0.0.1:${(started.address() as AddressInfo).port}`, received };
}

describe('passend inspect', () => {
  it("prints case M.'s journal as the inspection events audit/inspection.ts gives, one JSON object a line", async () => {
    const run = await passend('inspect', '--export', CASE_M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const expected = expectedEvents();
    expect(expected).toHaveLength(1 + 2 * readAuditExport(CASE_M).journal.length);
    expect(linesOf(run.stdout)).toEqual(expected);
  });

  it('sends the same events to a WebSocket receiver with --url and ends once it has them all', async () => {
    const { url, received } = await receiver();
    const run = await passend('inspect', '--export', CASE_M, '--url', url, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const expected = expectedEvents();
    expect(JSON.parse(run.stdout)).toEqual({
      caseId: readAuditExport(CASE_M).case.caseId,
      url: `${url}/`,
      entries: readAuditExport(CASE_M).journal.length,
      events: expected.length,
    });
    expect(received.map((message) => comparable(JSON.parse(message)))).toEqual(expected);
  });

  it('names the receiver it cannot reach (exit 1)', async () => {
    const { url } = await receiver();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const run = await passend('inspect', '--export', CASE_M, '--url', url);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`cannot send to ${url}/`);
  });

  it('refuses a bad command line naming the flag (exit 2), before reading anything', async () => {
    const missing = await passend('inspect');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('expected <caseId> or --export FILE');
    const notWs = await passend('inspect', '--export', CASE_M, '--url', 'http://localhost:8080');
    expect(notWs.code).toBe(2);
    expect(notWs.stderr).toContain('--url: expected a ws:// or wss:// address, got "http://localhost:8080"');
    const notUrl = await passend('inspect', '--export', CASE_M, '--url', 'localhost');
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toContain('--url: not an address: "localhost"');
    const unknown = await passend('inspect', '--exprt', CASE_M);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--exprt');
    const both = await passend('inspect', 'case-m', '--export', CASE_M);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give a case id or --export FILE, not both');
    const two = await passend('inspect', 'case-m', 'case-n');
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('expected <caseId>, got 2 arguments');
    const tokenWithoutUrl = await passend('inspect', '--export', CASE_M, '--token-file', CASE_M);
    expect(tokenWithoutUrl.code).toBe(2);
    expect(tokenWithoutUrl.stderr).toContain('--token-file: only with --url (the token is for the receiver)');
    const absentToken = join(tmpdir(), 'passend-inspect-no-such-token-file');
    const noTokenFile = await passend(
      'inspect',
      '--export',
      CASE_M,
      '--url',
      'ws://127.0.0.1:1',
      '--token-file',
      absentToken,
    );
    expect(noTokenFile.code).toBe(2);
    expect(noTokenFile.stderr).toContain(`--token-file: cannot read ${absentToken}`);
    const emptyToken = join(mkdtempSync(join(tmpdir(), 'passend-inspect-token-')), 'token');
    writeFileSync(emptyToken, '\n');
    const noToken = await passend(
      'inspect',
      '--export',
      CASE_M,
      '--url',
      'ws://127.0.0.1:1',
      '--token-file',
      emptyToken,
    );
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain(`--token-file: ${emptyToken} holds no token on its first line`);
    for (const run of [missing, notWs, notUrl, unknown, both, two, tokenWithoutUrl, noTokenFile, noToken])
      expect(run.stdout).toBe('');
  });

  it('refuses a file that is missing or not an audit export, naming it (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passend-inspect-'));
    const absent = join(dir, 'absent.json');
    const missing = await passend('inspect', '--export', absent);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(absent);
    const notExport = join(dir, 'not-an-export.json');
    writeFileSync(notExport, '{"case": 1}');
    const wrong = await passend('inspect', '--export', notExport);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(notExport);
    expect(missing.stdout + wrong.stdout).toBe('');
  });

  it('names a case that neither the server nor the archive has (exit 1)', async () => {
    const archive = mkdtempSync(join(tmpdir(), 'passend-inspect-archive-'));
    const run = await passend('inspect', 'casus-nergens', '--address', '127.0.0.1:1', '--archive', archive);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('case casus-nergens not found');
  });

  it('has its own help', async () => {
    const run = await passend('inspect', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('passend inspect <caseId> | --export FILE');
    expect(run.stdout).toContain('inspection events');
  });
});
