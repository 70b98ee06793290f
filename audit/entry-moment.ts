import type { Instant, JournalEntry } from '../core/index.js';

/**
 * The moment a journal entry speaks of, on the case's own clock: when the event happened, when the warning or
 * breach was due, when an escalation step fell, when the event that retracted a breach happened. Not when the
 * engine noticed: a case loaded with a backdated history notices its 2013 breaches today.
 */
export function entryMoment(entry: JournalEntry, journal: readonly JournalEntry[]): Instant {
  switch (entry.kind) {
    case 'gebeurtenis':
      return entry.occurredAt;
    case 'deadline.waarschuwing':
      return entry.warnAt;
    case 'deadline.overschreden':
      return entry.dueAt;
    case 'deadline.opgeschaald':
      return entry.at;
    case 'deadline.ingetrokken': {
      const cause = journal.find((candidate) => candidate.seq === entry.causedBySeq);
      return cause?.kind === 'gebeurtenis' ? cause.occurredAt : entry.detectedAt;
    }
    default: {
      // A kind of entry this module does not know yet: its own moment if it names one, else when it was recorded
      // (journalMoments keeps it no earlier than the entry before it).
      const other = entry as {
        at?: Instant;
        occurredAt?: Instant;
        recordedAt?: Instant;
        detectedAt?: Instant;
      };
      return other.at ?? other.occurredAt ?? other.detectedAt ?? other.recordedAt ?? ('' as Instant);
    }
  }
}

/** Each entry's moment, never before the entry before it: the journal's order is the order things happened in. */
export function journalMoments(journal: readonly JournalEntry[]): Instant[] {
  let last = '';
  return journal.map((entry) => {
    const moment = [entryMoment(entry, journal), last].sort().at(-1) as Instant;
    last = moment;
    return moment;
  });
}
