// The case panel's words for a correction (http/dashboard/client/corrections.ts), checked in Node on a core case
// whose journal passed through the API's schema, as the page receives it.
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../core/index.js';
import { advanceTo, applyEvent, openCase } from '../../core/index.js';
import { JournalEntrySchema } from '../../http/schemas.js';
import { correctionNote } from '../../http/dashboard/client/corrections.js';
import { accepted, ev, START, T0 } from '../support/core-cases.js';

const day = (days: number) => new Date(Date.parse(T0) + days * 86_400_000).toISOString();
const moment = (instant: string) => instant.slice(0, 10);

/** A referral registered by mistake on day 3, breached by its timer, withdrawn by a correction on day 41. */
function correctedJournal(): JournalEntry[] {
  let state = accepted(openCase(START, ev('signaal.gemeld', { regisseur: 'r-1' }, T0), T0)).state;
  state = accepted(
    applyEvent(state, ev('mdo.afgesproken', { soort: 'licht', sporen: ['kind'] }, day(2)), day(2)),
  ).state;
  state = accepted(
    applyEvent(state, ev('zorg.aangemeld', { spoor: 'kind', aanbieder: 'a-1' }, day(3)), day(3)),
  ).state;
  state = advanceTo(state, day(40)).state;
  state = accepted(
    applyEvent(state, ev('correctie', { seq: 3, reden: 'verkeerde-casus' }, day(41)), day(41)),
  ).state;
  return state.journal.map((entry) => JournalEntrySchema.parse(entry) as JournalEntry);
}

describe('the case panel marks what a correction touched', () => {
  const journal = correctedJournal();
  const note = (entry: JournalEntry) => correctionNote(entry, journal, moment);
  const correction = journal.find((entry) => entry.kind === 'gebeurtenis' && entry.type === 'correctie')!;

  it('the withdrawn event names its correction, its reason and when', () => {
    expect(note(journal[2]!)).toBe(
      `corrected by #${correction.seq} (verkeerde-casus) on ${moment(day(41))}: the case no longer rests on it`,
    );
  });

  it('the correction names the entry it withdrew', () => {
    expect(note(correction)).toBe('corrects #3 (verkeerde-casus)');
  });

  it('the breach it retracted says the event it rested on was corrected, not that one was registered late', () => {
    const retraction = journal.at(-1)!;
    expect(retraction.kind).toBe('deadline.ingetrokken');
    const breach = journal.find((entry) => entry.kind === 'deadline.overschreden')!;
    expect(note(retraction)).toBe(
      `breach #${breach.seq} retracted: not met; the event it rested on was corrected by #${correction.seq}`,
    );
  });

  it('entries no correction touched have no note', () => {
    expect(note(journal[0]!)).toBeNull();
    expect(note(journal.find((entry) => entry.kind === 'deadline.overschreden')!)).toBeNull();
  });
});
