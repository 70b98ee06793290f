// Issue 5: an export of a case with encrypted payloads stays readable by `audit` given the key. Case M. and
// Levi run on a dev server whose worker and client encrypt every payload; their exports keep the histories
// sealed, and verify (replay included), report and at work with the key and fail clearly without it.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport, CaseAt } from '../../audit/index.js';
import { AuditFileError, parseAuditExport, readAuditExport, replayExports } from '../../audit/index.js';
import { AesGcmCodec } from '../../codec/index.js';
import type { EventInput, Scenario } from '../../core/index.js';
import { scenarioEventInput } from '../../core/index.js';
import { seedScenarios } from '../../scenarios/index.js';
import { caseWorkflowBundle } from '../../worker/index.js';
import { useEncryptedCaseServer } from '../support/encrypted-env.js';
import { passend } from '../support/cli-run.js';

// One test replays sealed histories without the codec on purpose; the core would log that workflow task's
// failure as a warning, so its log is kept to errors (installed before the test server installs its own).
if (Runtime._instance === undefined) {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
}

const KEY_ID = 'audit-key-2026';
const server = useEncryptedCaseServer('audit-encrypted', KEY_ID);
const dir = mkdtempSync(join(tmpdir(), 'passend-audit-encrypted-'));
const exportFile = join(dir, 'demo-casus-m.json');
const leviFile = join(dir, 'demo-levi.json');
const VARIABLES = ['PASSEND_ENCRYPTION_KEY', 'PASSEND_ENCRYPTION_KEY_ID', 'PASSEND_ENCRYPTION_KEYRING'];

function useKey(key = server().keyBase64): void {
  process.env['PASSEND_ENCRYPTION_KEY'] = key;
  process.env['PASSEND_ENCRYPTION_KEY_ID'] = KEY_ID;
}

afterEach(() => {
  for (const name of VARIABLES) delete process.env[name];
});

async function load(scenario: Scenario): Promise<void> {
  const [first, ...history] = scenario.events.map((_, index) => scenarioEventInput(scenario, index));
  await server().client.startCase(
    { caseId: scenario.caseId, routeId: scenario.route, ...scenario.start },
    first as EventInput,
    { history: history as EventInput[] },
  );
}

beforeAll(async () => {
  await load(seedScenarios().get('case-m')!);
  await load(seedScenarios().get('levi')!);
  useKey();
  for (const [caseId, file] of [
    ['demo-casus-m', exportFile],
    ['demo-levi', leviFile],
  ] as const) {
    const run = await passend('audit', 'export', caseId, '--out', file, '--address', server().env.address);
    if (run.code !== 0) throw new Error(`export of ${caseId} failed: ${run.stderr}`);
  }
  for (const name of VARIABLES) delete process.env[name];
});

const sealedEncoding = Buffer.from('binary/encrypted').toString('base64');

describe('passend audit export of an encrypted case', () => {
  it('records the key ids, keeps the histories sealed as the server holds them, and writes the journal decoded', () => {
    const file = JSON.parse(readFileSync(exportFile, 'utf8')) as AuditExport;
    expect(file.encryption).toEqual({ algorithm: 'AES-256-GCM', keyIds: [KEY_ID] });
    expect(file.about).toContain('encryption');
    const started = file.histories[0]!.history.events[0]!['workflowExecutionStartedEventAttributes'] as {
      input: { payloads: { metadata: Record<string, string>; data: string }[] };
    };
    const input = started.input.payloads[0]!;
    expect(input.metadata['encoding']).toBe(sealedEncoding);
    expect(Buffer.from(input.metadata['encryption-key-id']!, 'base64').toString()).toBe(KEY_ID);
    expect(Buffer.from(input.data, 'base64').toString('latin1')).not.toContain('demo-casus-m');
    expect(file.journal.find((entry) => entry.kind === 'gebeurtenis')).toMatchObject({
      type: 'signaal.gemeld',
      occurredAt: expect.stringMatching(/^2013-/),
    });
    expect(file.journal.filter((entry) => entry.kind === 'deadline.overschreden')).toHaveLength(2);
  });

  it('exports a closed case, whose final view it reads from the sealed history', () => {
    const file = readAuditExport(leviFile);
    expect(file.case).toMatchObject({ caseId: 'demo-levi', closed: true, status: 'COMPLETED' });
    expect(file.journal.at(-1)).toMatchObject({ kind: 'gebeurtenis', type: 'casus.afgesloten' });
  });

  it('without the key, refuses with the key id named instead of failing on ciphertext', async () => {
    const run = await passend('audit', 'export', 'demo-levi', '--address', server().env.address);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`encrypted with key id "${KEY_ID}" and no key is configured`);
  });

  it('rejects a file whose encryption field contradicts its histories', () => {
    const file = JSON.parse(readFileSync(exportFile, 'utf8')) as Record<string, unknown>;
    expect(() => parseAuditExport({ ...file, encryption: null }, 'edited.json')).toThrow(AuditFileError);
    expect(() => parseAuditExport({ ...file, encryption: null }, 'edited.json')).toThrow(
      `encryption: declares no encrypted payloads, but its histories hold key ids ${KEY_ID}`,
    );
  });
});

describe('passend audit verify, report and at on the encrypted export', () => {
  it('verify with the key: chain, history and a replay of the sealed history all pass', async () => {
    useKey();
    const run = await passend('audit', 'verify', exportFile, leviFile, '--json');
    expect(run.code, run.stdout).toBe(0);
    const results = JSON.parse(run.stdout) as {
      ok: boolean;
      history: { message: string };
      replay: unknown[];
    }[];
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    expect(results[0]?.history.message).toMatch(/^all \d+ events as the workflow received them/);
    expect(results[0]?.replay).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('verify without the key fails that export, naming the key id', async () => {
    const run = await passend('audit', 'verify', exportFile);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`FAIL  ${exportFile}`);
    expect(run.stdout).toContain(`encrypted with key id "${KEY_ID}" and no key is configured`);
  });

  it('verify with another key under the same id says the payloads fail authentication', async () => {
    useKey(randomBytes(32).toString('base64'));
    const run = await passend('audit', 'verify', exportFile);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`encrypted with key id "${KEY_ID}" fails authentication`);
  });

  it('verify with a keyring that lacks the key names the key id and the ids it holds', async () => {
    const keyring = join(dir, 'other-keyring.json');
    writeFileSync(
      keyring,
      JSON.stringify({ encryptWith: 'k-other', keys: { 'k-other': randomBytes(32).toString('base64') } }),
    );
    process.env['PASSEND_ENCRYPTION_KEYRING'] = keyring;
    const run = await passend('audit', 'verify', exportFile, '--chain-only');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`key id "${KEY_ID}", which the keyring does not hold (it holds "k-other")`);
  });

  it('report with the key agrees with the history; without it, exits 1 naming the key id', async () => {
    useKey();
    const withKey = await passend('audit', 'report', exportFile);
    expect(withKey.code, withKey.stderr).toBe(0);
    expect(withKey.stdout).toContain('journal against the Temporal history: agrees');
    for (const name of VARIABLES) delete process.env[name];
    const without = await passend('audit', 'report', exportFile);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain(`key id "${KEY_ID}"`);
  });

  it('at reads the decoded journal, key or not; from the live server it needs the key', async () => {
    const withoutKey = await passend('audit', 'at', exportFile, '2013-03-01', '--json');
    expect(withoutKey.code, withoutKey.stderr).toBe(0);
    useKey();
    const withKey = await passend('audit', 'at', exportFile, '2013-03-01', '--json');
    expect(withKey.code, withKey.stderr).toBe(0);
    const at = JSON.parse(withKey.stdout) as CaseAt;
    expect(at).toMatchObject({ caseId: 'demo-casus-m', stage: 'arrangement', regisseur: 'smw-m-01' });
    expect(JSON.parse(withoutKey.stdout)).toEqual(at);
    const liveArgs = ['audit', 'at', 'demo-casus-m', '2013-03-01', '--address', server().env.address];
    const live = await passend(...liveArgs);
    expect(live.code, live.stderr).toBe(0);
    for (const name of VARIABLES) delete process.env[name];
    const liveWithoutKey = await passend(...liveArgs);
    expect(liveWithoutKey.code).toBe(1);
    expect(liveWithoutKey.stderr).toContain(`key id "${KEY_ID}"`);
  });

  it('Worker.runReplayHistories replays the still-sealed histories through the codec, and not without it', async () => {
    const sealed = readAuditExport(exportFile);
    const codec = new AesGcmCodec({
      encryptWith: KEY_ID,
      keys: new Map([[KEY_ID, Buffer.from(server().keyBase64, 'base64')]]),
    });
    const workflowBundle = await caseWorkflowBundle();
    const [withCodec] = await replayExports([sealed], {
      workflowBundle,
      dataConverter: { payloadCodecs: [codec] },
    });
    expect(withCodec).toEqual([expect.objectContaining({ ok: true })]);
    const [withoutCodec] = await replayExports([sealed], { workflowBundle });
    expect(withoutCodec?.[0]).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Unknown encoding: binary/encrypted') },
    });
  });
});
