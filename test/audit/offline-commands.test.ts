// The audit commands on export files alone: no Temporal server. The corpus export of case M. (recorded live
// on the time-skipping server, so its dates are shifted) is reconstructed, reported on and tampered with.
import { Buffer } from 'node:buffer';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditExport, CaseAt } from '../../audit/index.js';
import { parseMoment } from '../../audit/index.js';
import type { EventEntry, JournalEntry } from '../../core/index.js';
import { passend } from '../support/cli-run.js';
import { rechain as rechainJournal } from './rechain.js';
import { CORPUS_DIR } from './corpus.js';

const source = join(CORPUS_DIR, 'case-m.json');
const original = JSON.parse(readFileSync(source, 'utf8')) as AuditExport;
const dir = mkdtempSync(join(tmpdir(), 'passend-audit-offline-'));
const events = original.journal.filter((entry): entry is EventEntry => entry.kind === 'gebeurtenis');
const eventOf = (type: string) => events.find((entry) => entry.type === type)!;
const shift = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();

function tampered(name: string, change: (journal: JournalEntry[]) => void, rechain = false): string {
  const copy = JSON.parse(JSON.stringify(original)) as { journal: JournalEntry[]; journalHead: string };
  change(copy.journal);
  if (rechain) Object.assign(copy, rechainJournal(copy.journal, original.case.caseId));
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(copy));
  return path;
}

/** Removes the entry at `index` and numbers the rest again, as a forger would before recomputing the chain. */
function removeEntry(journal: JournalEntry[], index: number): void {
  journal.splice(index, 1);
  journal.forEach((entry, position) => Object.assign(entry, { seq: position + 1 }));
}

async function at(moment: string): Promise<CaseAt> {
  const run = await passend('audit', 'at', source, moment, '--json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as CaseAt;
}

/** `audit verify --chain-only` of a file whose chain was recomputed: exit 1, the chain intact; returns the run. */
async function chainIntactHistoryDiffers(file: string): Promise<Awaited<ReturnType<typeof passend>>> {
  const run = await passend('audit', 'verify', '--chain-only', file);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/chain\s+ok/);
  return run;
}

describe('passend audit at, offline from an export file', () => {
  it('reconstructs the case while the provider intake is overdue', async () => {
    const registered = eventOf('zorg.aangemeld');
    const intake = eventOf('zorg.intake-gehouden');
    const state = await at(shift(intake.occurredAt, -60_000));
    expect(state.stage).toBe('arrangement');
    expect(state.states).toContain('arrangement.lopend.gezin.wachten.aangemeld');
    expect(state.regisseur).toBe('smw-m-01');
    expect(state.lastEvent).toMatchObject({ seq: registered.seq, type: 'zorg.aangemeld' });
    const deadline = state.deadlines.find((candidate) => candidate.normId === 'treeknorm-intake');
    expect(deadline).toMatchObject({ status: 'overschreden', spoor: 'gezin', startedBySeq: registered.seq });
    expect(state.findings).toEqual([]);
    expect(state.chain).toEqual({ ok: true });
  });

  it('shows the handover of regie at the moment it happened, not a minute earlier', async () => {
    const handover = eventOf('regie.overgedragen');
    expect((await at(shift(handover.occurredAt, -60_000))).regisseur).toBe('smw-m-01');
    const after = await at(handover.occurredAt);
    expect(after.regisseur).toBe('jz-m-07');
    expect(after.regisseurSince).toMatchObject({ seq: handover.seq, type: 'regie.overgedragen' });
  });

  it('prints a table for people', async () => {
    const run = await passend('audit', 'at', source, shift(eventOf('zorg.intake-gehouden').occurredAt, -1));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/regisseur\s+smw-m-01/);
    expect(run.stdout).toMatch(/treeknorm-intake \(gezin\)\s+overschreden/);
  });

  it('refuses a moment before the case began, or after the export, naming why', async () => {
    const before = await passend('audit', 'at', source, '2013-03-01');
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('lies before case corpus-case-m began');
    expect(before.stderr).toContain('signaal.gemeld');
    const after = await passend('audit', 'at', source, shift(original.exportedAt, 60_000));
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('lies after the export was made');
  });

  it('refuses what is not a moment with a usage error (exit 2)', async () => {
    const run = await passend('audit', 'at', source, 'gisteren');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"gisteren" is not a moment');
  });

  it('refuses an export whose journal holds a malformed moment, naming the field (not "Invalid time value")', async () => {
    const file = tampered('garbage-moment', (journal) => {
      journal[0] = { ...(journal[0] as EventEntry), occurredAt: 'garbage' };
    });
    for (const command of [
      ['at', file, '2013-06-01'],
      ['report', file],
      ['verify', '--chain-only', file],
    ]) {
      const run = await passend('audit', ...command);
      expect(run.code, command.join(' ')).toBe(1);
      const output = run.stderr + run.stdout;
      expect(output, command.join(' ')).toContain('is not a passend-routes audit export');
      expect(output, command.join(' ')).toMatch(/journal\.0\.occurredAt: Invalid ISO datetime\n/);
      expect(output, command.join(' ')).not.toContain('Invalid time value');
    }
  });

  it('checks every moment of the journal: a warning’s warnAt, a breach’s dueAt, an extension’s to', async () => {
    const warning = original.journal.findIndex((entry) => entry.kind === 'deadline.waarschuwing');
    const breach = original.journal.findIndex((entry) => entry.kind === 'deadline.overschreden');
    const file = tampered('garbage-moments', (journal) => {
      journal[warning] = { ...journal[warning]!, warnAt: '2013-13-01T00:00:00Z' } as JournalEntry;
      journal[breach] = { ...journal[breach]!, dueAt: 'morgen' } as JournalEntry;
      const event = journal[1] as EventEntry;
      journal[1] = {
        ...event,
        deadlines: { ...event.deadlines, verlengd: [{ id: 'x', from: event.occurredAt, to: 'later' }] },
      };
    });
    const run = await passend('audit', 'at', file, '2013-06-01');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`journal.${warning}.warnAt: Invalid ISO datetime`);
    expect(run.stderr).toContain(`journal.${breach}.dueAt: Invalid ISO datetime`);
    expect(run.stderr).toContain('journal.1.deadlines.verlengd.0.to: Invalid ISO datetime');
  });

  it('reads a plain date as the end of that day in Amsterdam, in winter and in summer', () => {
    expect(parseMoment('2013-03-01')).toBe('2013-03-01T22:59:59.999Z');
    expect(parseMoment('2013-07-01')).toBe('2013-07-01T21:59:59.999Z');
    expect(parseMoment('2013-04-17T11:00:00+02:00')).toBe('2013-04-17T09:00:00.000Z');
    expect(() => parseMoment('2013-02-30')).toThrow('not a calendar date');
  });
});

describe('passend audit verify names the first entry tampered with', () => {
  it('accepts the untouched export', async () => {
    const run = await passend('audit', 'verify', '--chain-only', source);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^ok\s+corpus-case-m/);
  });

  it('an altered entry', async () => {
    const file = tampered('altered', (journal) => {
      const entry = journal[5] as EventEntry;
      journal[5] = { ...entry, occurredAt: shift(entry.occurredAt, -14 * 86_400_000) };
    });
    const run = await passend('audit', 'verify', '--chain-only', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('chain    BROKEN: entry 6 altered');
  });

  it('a removed entry', async () => {
    const file = tampered('removed', (journal) => void journal.splice(4, 1));
    const run = await passend('audit', 'verify', '--chain-only', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('chain    BROKEN: entry 5 removed');
  });

  it('an inserted entry', async () => {
    const file = tampered('inserted', (journal) => void journal.splice(3, 0, { ...journal[2]!, seq: 3 }));
    const run = await passend('audit', 'verify', '--chain-only', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('chain    BROKEN: entry 4 inserted');
  });

  it('two reordered entries', async () => {
    const file = tampered('reordered', (journal) => {
      const [a, b] = [journal[6]!, journal[7]!];
      journal[6] = b;
      journal[7] = a;
    });
    const run = await passend('audit', 'verify', '--chain-only', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('chain    BROKEN: entry 7 reordered');
  });

  it('an entry rewritten with a recomputed chain: the Temporal history disagrees', async () => {
    const file = tampered(
      'rechained',
      (journal) => {
        const entry = journal[7] as EventEntry;
        journal[7] = { ...entry, actor: { role: 'jeugdzorg', id: 'jz-m-07' } };
      },
      true,
    );
    const run = await chainIntactHistoryDiffers(file);
    expect(run.stdout).toContain('history  DIFFERS: entry 8 is not the event the workflow received (run');
    expect(run.stdout).toContain('another actor received');
  });

  it('an engine-recorded field rewritten with a recomputed chain: the recorded journal disagrees', async () => {
    const file = tampered(
      'rechained-regisseur',
      (journal) => {
        journal[2] = { ...(journal[2] as EventEntry), regisseur: 'iemand-anders' };
      },
      true,
    );
    const run = await chainIntactHistoryDiffers(file);
    expect(run.stdout).toContain('history  DIFFERS: entry 3 is not what the Temporal history recorded');
  });

  it('an event dropped with a recomputed chain: the workflow received it', async () => {
    const file = tampered(
      'rechained-removed',
      (journal) => {
        removeEntry(
          journal,
          journal.findIndex((entry) => entry.kind === 'gebeurtenis' && entry.type === 'wachtlijst.geplaatst'),
        );
      },
      true,
    );
    const run = await chainIntactHistoryDiffers(file);
    expect(run.stdout).toContain('history  DIFFERS: the workflow received wachtlijst.geplaatst');
  });

  it('a breach appended after the last event, with a recomputed chain: the workflow never notified it', async () => {
    const file = tampered(
      'rechained-appended-breach',
      (journal) => {
        const last = journal.at(-1) as JournalEntry;
        journal.push({
          seq: journal.length + 1,
          prevHash: '',
          kind: 'deadline.overschreden',
          deadlineId: 'thuiszitter#1',
          normId: 'thuiszitter',
          dueAt: shift(original.exportedAt, -3_600_000),
          detectedAt: shift(original.exportedAt, -3_600_000),
          stage: 'arrangement',
          regisseur: (last as { regisseur: string }).regisseur,
        } as unknown as JournalEntry);
      },
      true,
    );
    const run = await chainIntactHistoryDiffers(file);
    expect(run.stdout).toContain(
      'history  DIFFERS: entry 18 (deadline.overschreden of thuiszitter#1) is no warning or breach the workflow notified',
    );
  });

  it('the last breach removed, with a recomputed chain: the workflow notified it', async () => {
    const file = tampered(
      'rechained-dropped-breach',
      (journal) => {
        removeEntry(
          journal,
          journal.findLastIndex((entry) => entry.kind === 'deadline.overschreden'),
        );
      },
      true,
    );
    const run = await chainIntactHistoryDiffers(file);
    expect(run.stdout).toMatch(
      /history {2}DIFFERS: the workflow notified deadline\.overschreden of \S+ \(run .*\), which the journal lacks: removed/,
    );
  });

  it('an export with an unreadable history fails that file only, naming it, the run and the problem', async () => {
    const copy = JSON.parse(JSON.stringify(original)) as AuditExport & {
      histories: { history: { events: Record<string, unknown>[] } }[];
    };
    const started = copy.histories[0]?.history.events[0]?.['workflowExecutionStartedEventAttributes'] as {
      input: { payloads: { data: string }[] };
    };
    (started.input.payloads[0] as { data: string }).data = Buffer.from('{not json').toString('base64');
    const bad = join(dir, 'unreadable-history.json');
    writeFileSync(bad, JSON.stringify(copy));
    const run = await passend('audit', 'verify', '--chain-only', source, bad);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ok {4}corpus-case-m/m);
    expect(run.stdout).toContain(`FAIL  ${bad}`);
    expect(run.stdout).toContain(`${bad} holds an unreadable history: histories.0 (run `);
  });

  it('an export whose event entry lacks its actor is refused naming the field', async () => {
    const file = tampered('no-actor', (journal) => {
      const { actor: _actor, ...withoutActor } = journal[0] as EventEntry;
      journal[0] = withoutActor as unknown as JournalEntry;
    });
    const run = await passend('audit', 'report', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('journal.0.actor: Invalid input');
  });

  it('a file that is no export, naming the field', async () => {
    const path = join(dir, 'not-an-export.json');
    writeFileSync(path, JSON.stringify({ ...original, format: 'something-else' }));
    const run = await passend('audit', 'verify', '--chain-only', path);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('format');
  });
});

describe('passend audit report, offline', () => {
  it('tells the breaches with their days late, the waits, regie and the interim support, citing entries', async () => {
    const run = await passend('audit', 'report', source);
    expect(run.code).toBe(0);
    const intake = eventOf('zorg.intake-gehouden');
    const breach = original.journal.find(
      (entry) => entry.kind === 'deadline.overschreden' && entry.normId === 'treeknorm-intake',
    )!;
    expect(run.stdout).toMatch(
      new RegExp(
        `treeknorm-intake \\(gezin\\): due .* \\[#${breach.seq}\\], met .* \\[#${intake.seq}\\]: 41 days late`,
      ),
    );
    expect(run.stdout).toMatch(/treeknorm-behandeling \(gezin\): due .*: 19 days late/);
    expect(run.stdout).toContain('5 of at most 5 contacts');
    const handover = eventOf('regie.overgedragen');
    expect(run.stdout).toMatch(new RegExp(`jz-m-07: .* \\[#${handover.seq}\\] until the export`));
    expect(run.stdout).toContain('journal hash chain: intact');
  });

  it('warns on a tampered journal', async () => {
    const file = tampered('report-altered', (journal) => {
      journal[0] = { ...(journal[0] as EventEntry), regisseur: 'iemand-anders' };
    });
    const run = await passend('audit', 'report', file);
    expect(run.stdout).toContain('WARNING: the journal was altered');
  });

  it('renders one standalone HTML page: inline style, no scripts, no external assets, links within the page', async () => {
    const run = await passend('audit', 'report', source, '--format', 'html');
    expect(run.code).toBe(0);
    const html = run.stdout;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    for (const external of ['<script', '<link', 'src=', 'url(', '@import'])
      expect(html).not.toContain(external);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^#e\d+$/);
    expect(html).toContain('id="e5"');
  });

  it('refuses an unknown format (exit 2)', async () => {
    expect((await passend('audit', 'report', source, '--format', 'pdf')).code).toBe(2);
  });
});
