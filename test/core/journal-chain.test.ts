import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../core/index.js';
import { chainHead, genesisHash, hashOf, simulate, verifyChain } from '../../core/index.js';
import { seedScenarios } from '../../scenarios/index.js';

const caseM = seedScenarios().get('case-m')!;
const journal = simulate(caseM).state.journal;
const head = chainHead(journal, caseM.caseId);

const clone = (): JournalEntry[] => JSON.parse(JSON.stringify(journal)) as JournalEntry[];

describe('the journal is a hash chain that shows tampering', () => {
  it('links every entry to the one before it, starting from the case genesis', () => {
    expect(journal[0]?.prevHash).toBe(genesisHash(caseM.caseId));
    for (let index = 1; index < journal.length; index++) {
      expect(journal[index]?.prevHash).toBe(hashOf(journal[index - 1]));
    }
    expect(verifyChain(journal, caseM.caseId, head)).toEqual({ ok: true, head });
  });

  it('names an altered entry', () => {
    const tampered = clone();
    const fourth = tampered[3] as Extract<JournalEntry, { kind: 'deadline.overschreden' }>;
    tampered[3] = { ...fourth, dueAt: '2013-04-30T10:00:00.000Z' };
    expect(verifyChain(tampered, caseM.caseId, head)).toMatchObject({
      ok: false,
      break: { kind: 'altered', seq: 4 },
    });
  });

  it('names an altered last entry through the recorded head', () => {
    const tampered = clone();
    const last = tampered.at(-1) as JournalEntry;
    tampered[tampered.length - 1] = { ...last, recordedAt: '2030-01-01T00:00:00.000Z' } as JournalEntry;
    expect(verifyChain(tampered, caseM.caseId, head)).toMatchObject({
      ok: false,
      break: { kind: 'altered', seq: journal.length },
    });
  });

  it('names a removed entry', () => {
    const tampered = clone();
    tampered.splice(4, 1);
    expect(verifyChain(tampered, caseM.caseId, head)).toMatchObject({
      ok: false,
      break: { kind: 'removed', seq: 5 },
    });
  });

  it('names an inserted entry', () => {
    const tampered = clone();
    tampered.splice(2, 0, { ...(tampered[1] as JournalEntry), seq: 2 } as JournalEntry);
    expect(verifyChain(tampered, caseM.caseId, head)).toMatchObject({
      ok: false,
      break: { kind: 'inserted', seq: 3 },
    });
  });

  it('names reordered entries', () => {
    const tampered = clone();
    const [moved] = tampered.splice(6, 1);
    tampered.splice(7, 0, moved as JournalEntry);
    expect(verifyChain(tampered, caseM.caseId, head)).toMatchObject({
      ok: false,
      break: { kind: 'reordered', seq: 7 },
    });
    const swapped = clone();
    [swapped[5], swapped[6]] = [swapped[6] as JournalEntry, swapped[5] as JournalEntry];
    expect(verifyChain(swapped, caseM.caseId, head)).toMatchObject({
      ok: false,
      break: { kind: 'reordered', seq: 6 },
    });
  });

  it('binds the chain to its case: the same journal under another case id fails', () => {
    expect(verifyChain(journal, 'een-andere-casus')).toMatchObject({ ok: false, break: { seq: 1 } });
  });
});
