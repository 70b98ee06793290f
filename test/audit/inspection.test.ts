// A recorded history's journal as inspection events for Stately's inspector: the events @statelyai/inspect
// emits (through its own createInspector) are the journal's entries, in order, each followed by the machine's
// snapshot in the states `passend audit at` gives for the entry's moment.
import { join } from 'node:path';
import type { StatelyInspectionEvent } from '@statelyai/inspect';
import { createInspector } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';
import { caseAt, readAuditExport } from '../../audit/index.js';
import { journalMoments } from '../../audit/entry-moment.js';
import { inspectedActorId, inspectJournal } from '../../audit/inspection.js';
import { CORPUS_DIR } from './corpus.js';

const exported = readAuditExport(join(CORPUS_DIR, 'case-m.json'));

/** Every leaf of a snapshot value as a dotted path, as `audit at` lists states. */
function leaves(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix === '' ? value : `${prefix}.${value}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    leaves(child, prefix === '' ? key : `${prefix}.${key}`),
  );
}

function inspect(fromSeq = 0): { events: StatelyInspectionEvent[]; sent: number } {
  const events: StatelyInspectionEvent[] = [];
  const inspector = createInspector({ send: (event) => events.push(event) });
  const sent = inspectJournal(exported, inspector, fromSeq);
  return { events, sent };
}

describe('a recorded journal as inspection events', () => {
  it('registers the case as an actor, then sends each journal entry and the snapshot after it', () => {
    const { events, sent } = inspect();
    expect(sent).toBe(exported.journal.length);
    const [actor, ...rest] = events;
    expect(actor).toMatchObject({ type: '@xstate.actor', sessionId: inspectedActorId(exported.case.caseId) });
    expect(rest).toHaveLength(2 * exported.journal.length);
    const moments = journalMoments(exported.journal);
    exported.journal.forEach((entry, index) => {
      const [sentEvent, snapshot] = [rest[2 * index], rest[2 * index + 1]];
      const type = entry.kind === 'gebeurtenis' ? entry.type : entry.kind;
      expect(sentEvent, `entry #${entry.seq}`).toMatchObject({
        type: '@xstate.event',
        event: { type, seq: entry.seq },
      });
      if (snapshot?.type !== '@xstate.snapshot') throw new Error(`no snapshot after entry #${entry.seq}`);
      expect(snapshot.event).toMatchObject({ type, seq: entry.seq });
      const expected = caseAt(exported, moments[index] ?? '').states;
      expect(leaves((snapshot.snapshot as { value?: unknown }).value).sort(), `entry #${entry.seq}`).toEqual(
        [...expected].sort(),
      );
    });
  });

  it('sends only the entries after a sequence number, for following a case', () => {
    const { events, sent } = inspect(10);
    expect(sent).toBe(exported.journal.filter((entry) => entry.seq > 10).length);
    expect(events.some((event) => event.type === '@xstate.actor')).toBe(false);
    const first = events[0];
    expect(first?.type === '@xstate.event' ? first.event : undefined).toMatchObject({ seq: 11 });
  });
});
