// The case panel's words for what a correction (`correctie`) touched: the event it withdrew, the correction itself,
// and a breach it retracted. DOM-free, and with type imports only, so the page's bundle takes no runtime of the
// core and a test checks the words in Node.
import type { CorrectionEntry, JournalEntry } from '../../../core/index.js';

const isCorrection = (entry: JournalEntry): entry is CorrectionEntry =>
  entry.kind === 'gebeurtenis' && entry.type === 'correctie';

/** The correction that withdrew the entry `seq`, if one did. */
export function correctionOf(journal: readonly JournalEntry[], seq: number): CorrectionEntry | undefined {
  return journal.filter(isCorrection).find((correction) => correction.payload.seq === seq);
}

/**
 * What the journal line of `entry` says about a correction, or null when none touched it: an event withdrawn
 * (`corrected by #6 (verkeerde-casus)`), a correction (`corrects #3 (verkeerde-casus)`), or a breach retracted
 * because the event it rested on was withdrawn.
 */
export function correctionNote(
  entry: JournalEntry,
  journal: readonly JournalEntry[],
  moment: (instant: string) => string,
): string | null {
  if (isCorrection(entry)) return `corrects #${entry.payload.seq} (${entry.payload.reden})`;
  if (entry.kind === 'gebeurtenis') {
    const correction = correctionOf(journal, entry.seq);
    return correction === undefined
      ? null
      : `corrected by #${correction.seq} (${correction.payload.reden}) on ${moment(correction.recordedAt)}: the case no longer rests on it`;
  }
  if (entry.kind !== 'deadline.ingetrokken') return null;
  const cause = journal[entry.causedBySeq - 1];
  if (cause === undefined || !isCorrection(cause)) return null;
  const met = entry.metAt === undefined ? 'not met' : `met ${moment(entry.metAt)}`;
  return `breach #${entry.breachSeq} retracted: ${met}; the event it rested on was corrected by #${entry.causedBySeq}`;
}
