import type { JournalEntry } from '../../core/index.js';
import { genesisHash, hashOf } from '../../core/index.js';

/**
 * What a forger who recomputes every hash does: links `journal` into a whole chain again. Only the Temporal
 * history can then tell that it was rewritten. Returns the new journal and its head.
 */
export function rechain(
  journal: readonly JournalEntry[],
  caseId: string,
): { journal: JournalEntry[]; journalHead: string } {
  let previous = genesisHash(caseId);
  const linked = journal.map((entry) => {
    const relinked = { ...entry, prevHash: previous } as JournalEntry;
    previous = hashOf(relinked);
    return relinked;
  });
  return { journal: linked, journalHead: previous };
}
