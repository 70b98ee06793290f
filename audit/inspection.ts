// A case's journal as inspection events for Stately's inspector (@statelyai/inspect, the maintained successor of
// @xstate/inspect): the case's machine registered as an actor, then for each journal entry the event it records
// and the machine's snapshot after it, replayed through the pure core (audit/replay.ts) to the entry's moment.
import type { createInspector } from '@statelyai/inspect';
import type { JournalEntry } from '../core/index.js';
import { journalMoments } from './entry-moment.js';
import type { AuditExport } from './export.js';
import { replayJournal } from './replay.js';

/** The inspector's methods the replay uses: any of @statelyai/inspect's inspectors (WebSocket, browser, own). */
export type JournalInspector = Pick<ReturnType<typeof createInspector>, 'actor' | 'event' | 'snapshot'>;

/** The actor id a case has in the inspector. */
export const inspectedActorId = (caseId: string): string => `case:${caseId}`;

/** The event an entry records, as the inspector shows it: the event with its payload, or the deadline fact. */
export function inspectedEvent(entry: JournalEntry): { type: string; [key: string]: unknown } {
  if (entry.kind === 'gebeurtenis') {
    const payload = (entry.payload ?? {}) as Record<string, unknown>;
    return { ...payload, type: entry.type, seq: entry.seq, occurredAt: entry.occurredAt };
  }
  const { prevHash: _prevHash, kind, ...fields } = entry;
  return { ...fields, type: kind };
}

function inspectedSnapshot(exported: AuditExport, moment: string) {
  const { snapshot } = replayJournal(exported, moment).state;
  return { status: snapshot.status, value: snapshot.value as unknown, context: snapshot.context as unknown };
}

/**
 * Sends `exported`'s journal to `inspector`: the actor (with its route), then per entry an `@xstate.event` (from
 * the entry's actor) and an `@xstate.snapshot` of the machine at the entry's moment. Returns how many entries.
 */
export function inspectJournal(exported: AuditExport, inspector: JournalInspector, fromSeq = 0): number {
  const actorId = inspectedActorId(exported.case.caseId);
  const moments = journalMoments(exported.journal);
  const first = moments[0];
  if (fromSeq === 0 && first !== undefined) {
    inspector.actor(actorId, inspectedSnapshot(exported, first), {
      definition: `${exported.case.route.id}@${exported.case.route.version}`,
    });
  }
  let sent = 0;
  exported.journal.forEach((entry, index) => {
    const moment = moments[index];
    if (entry.seq <= fromSeq || moment === undefined) return;
    const event = inspectedEvent(entry);
    const source = entry.kind === 'gebeurtenis' ? `${entry.actor.role}:${entry.actor.id}` : 'engine';
    inspector.event(actorId, event, { source });
    inspector.snapshot(actorId, inspectedSnapshot(exported, moment), { event });
    sent += 1;
  });
  return sent;
}
