// The BSN rule refuses new input only: a history recorded before it (an actor id that holds a BSN, taken in by the
// start and by accepted Updates) still replays, since on replay no Update validator runs and the core's reducer
// does not check it. The corpus holds no such id (test/core/pseudonymous-identifiers.test.ts), so one is made here
// by rewriting the actor ids of a recorded history.
import { describe, expect, it } from 'vitest';
import type { AuditExport } from '../../audit/index.js';
import { replayExports } from '../../audit/index.js';
import { checkNewEvent } from '../../core/index.js';
import { workflowsPath } from '../../worker/index.js';
import { bundleOnce, installQuietRuntime } from '../support/temporal-env.js';
import { corpus } from './corpus.js';

const BSN = '123456782';
const JSON_PLAIN = Buffer.from('json/plain').toString('base64');

/** Every event input of a history's start and accepted Updates, decoded. */
function eventInputs(exported: AuditExport): unknown[] {
  const inputs: unknown[] = [];
  for (const { history } of exported.histories) {
    for (const event of history.events as Record<string, unknown>[]) {
      const started = event['workflowExecutionStartedEventAttributes'] as
        { input: { payloads: { data: string }[] } } | undefined;
      const accepted = event['workflowExecutionUpdateAcceptedEventAttributes'] as
        { acceptedRequest: { input: { args: { payloads: { data: string }[] } } } } | undefined;
      const decode = (data: string) => JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as unknown;
      if (started !== undefined) {
        const input = decode(started.input.payloads[0]?.data ?? '') as { events?: unknown[] };
        inputs.push(...(input.events ?? []));
      }
      const update = accepted?.acceptedRequest.input.args.payloads[0];
      if (update !== undefined) inputs.push(decode(update.data));
    }
  }
  return inputs;
}

/** The export with one actor's id replaced by `id` in every JSON payload of its histories. */
function withActorId(exported: AuditExport, from: string, id: string): AuditExport {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const metadata = record['metadata'] as Record<string, unknown> | undefined;
    if (metadata?.['encoding'] === JSON_PLAIN && typeof record['data'] === 'string') {
      const text = Buffer.from(record['data'], 'base64').toString('utf8');
      const changed = text.replaceAll(`"id":"${from}"`, `"id":"${id}"`);
      return { ...record, data: Buffer.from(changed, 'utf8').toString('base64') };
    }
    return Object.fromEntries(Object.entries(record).map(([key, child]) => [key, rewrite(child)]));
  };
  return { ...exported, histories: rewrite(exported.histories) as AuditExport['histories'] };
}

describe('a recorded history whose actor ids hold a BSN', () => {
  it('still replays on the current workflow code, though each such event would be refused as new input', async () => {
    const levi = corpus().get('levi.json');
    if (levi === undefined) expect.fail('the corpus has no levi.json');
    const rewritten = withActorId(levi, 'ib-levi-01', BSN);
    const refused = eventInputs(rewritten).filter((input) => checkNewEvent(input) !== undefined);
    // The start's events and at least one accepted Update name the BSN.
    expect(refused.length).toBeGreaterThan(1);
    expect(eventInputs(levi).filter((input) => checkNewEvent(input) !== undefined)).toEqual([]);
    installQuietRuntime();
    const outcomes = await replayExports([rewritten], { workflowBundle: await bundleOnce(workflowsPath()) });
    expect(outcomes).toEqual([[{ runId: expect.any(String), ok: true, error: null }]]);
  });
});
