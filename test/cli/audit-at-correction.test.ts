// `passend audit at` and `audit report` on the replay corpus's corrected case (levi-gecorrigeerd): from the correction
// on, audit at names the withdrawn event, its correction, when and why; before it, the case as then known, the
// referral's treeknorm breached; the report marks the withdrawn event and what the correction did.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { local, readAuditExport } from '../../audit/index.js';
import { isCorrectionEntry } from '../../core/index.js';
import { passend } from '../support/cli-run.js';

const FILE = fileURLToPath(new URL('../fixtures/histories/levi-gecorrigeerd.json', import.meta.url));
const correction = readAuditExport(FILE).journal.find(isCorrectionEntry)!;
const before = new Date(Date.parse(correction.recordedAt) - 1).toISOString();

describe('passend audit at on a corrected case', () => {
  it('after the correction: the withdrawn referral named with its correction and reason, its treeknorm gone', async () => {
    const run = await passend('audit', 'at', FILE, correction.recordedAt);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `corrected: \\[#${correction.payload.seq}\\] zorg\\.aangemeld was withdrawn by \\[#${correction.seq}\\] on .+ \\(verkeerde-casus\\)`,
      ),
    );
    expect(run.stdout).not.toContain('treeknorm-intake');
  });

  it('before it: the case as then known, the referral in and its treeknorm breached', async () => {
    const run = await passend('audit', 'at', FILE, before, '--json');
    expect(run.code).toBe(0);
    const at = JSON.parse(run.stdout) as {
      withdrawn: unknown[];
      deadlines: { normId: string; status: string }[];
    };
    expect(at.withdrawn).toEqual([]);
    expect(at.deadlines.find((deadline) => deadline.normId === 'treeknorm-intake')?.status).toBe(
      'overschreden',
    );
  });

  it('audit report says when and why the referral was corrected, and what the correction withdrew and retracted', async () => {
    const run = await passend('audit', 'report', FILE);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `corrected on ${local(correction.recordedAt)} (verkeerde-casus) [#${correction.seq}]: the case no longer rests on it`,
    );
    expect(run.stdout).toContain('deadline withdrawn: treeknorm-intake (kind)');
    expect(run.stdout).toMatch(/not met, the event it rested on was corrected \[#\d+\]/);
  });
});
