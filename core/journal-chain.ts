import { hashOf } from './canonical.js';

interface Chained {
  readonly seq: number;
  readonly prevHash: string;
}

/** The hash the first journal entry points back to: it binds the chain to its case. */
export function genesisHash(caseId: string): string {
  return hashOf({ genesis: 'passend-routes', caseId });
}

// Journal entries are immutable once committed, and the head is asked for again and again (the next commit,
// every view): each entry is hashed once. `verifyChain` never uses this memo, so it still sees any tampering.
const entryHashes = new WeakMap<Chained, string>();

function headHashOf(entry: Chained): string {
  let hash = entryHashes.get(entry);
  if (hash === undefined) {
    hash = hashOf(entry);
    entryHashes.set(entry, hash);
  }
  return hash;
}

/** The hash of the last entry (or the genesis of an empty journal): what the next entry points back to. */
export function chainHead(journal: readonly Chained[], caseId: string): string {
  const last = journal.at(-1);
  return last === undefined ? genesisHash(caseId) : headHashOf(last);
}

/** How a journal was tampered with, at the first place it shows. */
export interface ChainBreak {
  readonly kind: 'altered' | 'removed' | 'inserted' | 'reordered';
  /** The journal entry (1-based seq) that was altered, or where entries were removed, inserted or reordered. */
  readonly seq: number;
  readonly message: string;
}

function diagnose(journal: readonly Chained[], index: number): ChainBreak {
  const entry = journal[index] as Chained;
  const expectedSeq = index + 1;
  const count = (seq: number) => journal.filter((other) => other.seq === seq).length;
  if (entry.seq !== expectedSeq && count(entry.seq) > 1) {
    return {
      kind: 'inserted',
      seq: expectedSeq,
      message: `an entry was inserted at position ${expectedSeq}`,
    };
  }
  if (entry.seq !== expectedSeq) {
    const later = journal.some((other, position) => position > index && other.seq === expectedSeq);
    return later || entry.seq < expectedSeq
      ? {
          kind: 'reordered',
          seq: Math.min(entry.seq, expectedSeq),
          message: `entry ${entry.seq} stands where entry ${expectedSeq} belongs`,
        }
      : {
          kind: 'removed',
          seq: expectedSeq,
          message: `entry ${expectedSeq} is missing: the journal jumps to ${entry.seq}`,
        };
  }
  // The link into this entry is broken while its position is right: the entry before it changed.
  const altered = index === 0 ? entry.seq : (journal[index - 1] as Chained).seq;
  return {
    kind: 'altered',
    seq: altered,
    message: `entry ${altered} was altered: its hash no longer matches the chain`,
  };
}

/**
 * Checks a journal's hash chain, and its head when one was recorded. Names the first entry that was
 * altered, removed, inserted or reordered.
 */
export function verifyChain(
  journal: readonly Chained[],
  caseId: string,
  recordedHead?: string,
): { ok: true; head: string } | { ok: false; break: ChainBreak } {
  let expected = genesisHash(caseId);
  for (const [index, entry] of journal.entries()) {
    if (entry.prevHash !== expected || entry.seq !== index + 1)
      return { ok: false, break: diagnose(journal, index) };
    expected = hashOf(entry);
  }
  if (recordedHead !== undefined && recordedHead !== expected) {
    const last = journal.at(-1)?.seq ?? 0;
    return {
      ok: false,
      break: {
        kind: 'altered',
        seq: last,
        message: `the chain head does not match: entry ${last} was altered or entries after it removed`,
      },
    };
  }
  return { ok: true, head: expected };
}
