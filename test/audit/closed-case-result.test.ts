// A case closed by workflow version 4 returns a summary, not its view (the result stays in the history for good):
// the view of such a case is read from its history alone, and the summary attests where its journal ends.
import { describe, expect, it } from 'vitest';
import { attestedJournal, completedSummaryOf, completedViewOf } from '../../audit/history.js';
import { caseViewFromHistory } from '../../audit/journal-from-history.js';
import { corpus } from './corpus.js';

const files = corpus();
const levi = (suffix: string) => {
  const exported = files.get(`levi${suffix}.json`);
  if (exported === undefined) throw new Error(`the corpus holds no levi${suffix}.json`);
  return exported;
};

describe('the result of a closed case', () => {
  it('is the whole view up to workflow version 3, and a summary of the journal from version 4', () => {
    const [before, after] = [levi('@v3'), levi('@v4')];
    const lastRun = (exported: typeof before) => exported.histories.at(-1)!.history;
    expect(completedViewOf(lastRun(before))?.journal).toEqual(before.journal);
    expect(completedSummaryOf(lastRun(before))).toBeUndefined();
    expect(completedViewOf(lastRun(after))).toBeUndefined();
    expect(completedSummaryOf(lastRun(after))).toEqual({
      journalLength: after.journal.length,
      journalHead: after.journalHead,
    });
  });

  it('of version 4 attests the journal head, and the view read from the history ends there', () => {
    const exported = levi('@v4');
    const completedAt = exported.histories.at(-1)!.history.events.at(-1)!.eventId;
    const heads = attestedJournal(exported.histories).heads;
    expect(heads.at(-1)).toEqual({
      length: exported.journal.length,
      head: exported.journalHead,
      where: `run ${exported.case.runIds.at(-1)}, event ${completedAt}`,
    });
    const view = caseViewFromHistory(exported.histories);
    expect(view.journal).toEqual(exported.journal);
    expect(view).toMatchObject({ closed: true, stage: 'afgesloten', journalHead: exported.journalHead });
  });
});
