// CI replays the recorded corpus (test/fixtures/histories/, made by scripts/record-histories.ts) against the
// current workflow code: a change that would break running cases fails here unless guarded with patched().
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { caseAt, checkAgainstHistory, checkChain, replayExports } from '../../audit/index.js';
import { isCorrectionEntry } from '../../core/index.js';
import { seedScenarios } from '../../scenarios/index.js';
import { startInputOf } from '../../audit/history.js';
import { workflowsPath } from '../../worker/index.js';
import { readRouteFiles, workflowsWithRoutes } from '../../worker/route-files.js';
import { CASE_WORKFLOW_VERSION } from '../../workflows/definitions.js';
import { bundleOnce, installQuietRuntime } from '../support/temporal-env.js';
import { corpus } from './corpus.js';

const files = corpus();
// The test routes (zorgplicht@2.0.0) beside the shipped ones: the migrated case ran on both versions.
const FIXTURE_ROUTES = readRouteFiles(fileURLToPath(new URL('../fixtures/routes/', import.meta.url)));

describe('the replay corpus', () => {
  it('holds a recorded history for every seed scenario, and a case that continued as new', () => {
    for (const name of seedScenarios().keys()) expect([...files.keys()]).toContain(`${name}.json`);
    const continued = [...files.values()].find((exported) => exported.histories.length > 1);
    expect(continued?.case.runIds.length).toBeGreaterThan(1);
  });

  it('holds a case migrated to another version of its route by the migrateRoute Update', () => {
    const migrated = files.get('zorgplicht-migrated.json');
    expect(
      migrated?.journal.some((entry) => entry.kind === 'gebeurtenis' && entry.type === 'route.gemigreerd'),
    ).toBe(true);
    expect(migrated?.case.route).toEqual({ id: 'zorgplicht', version: '2.0.0' });
  });

  it('holds a case with a correction, which audit at leaves out from the correction on', () => {
    const corrected = files.get('levi-gecorrigeerd.json')!;
    const correction = corrected.journal.find(isCorrectionEntry)!;
    const moment = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();
    const treeknorm = (at: string) =>
      caseAt(corrected, at).deadlines.find((deadline) => deadline.normId === 'treeknorm-intake');
    expect(correction.payload).toMatchObject({ reden: 'verkeerde-casus' });
    expect(treeknorm(moment(correction.recordedAt, -1))?.status).toBe('overschreden');
    expect(treeknorm(correction.recordedAt)).toBeUndefined();
    expect(caseAt(corrected, corrected.exportedAt).findings).toEqual([]);
  });

  it('holds histories of every case workflow version, so each behaviour a running case has replays', () => {
    const versions = new Set(
      [...files.values()].flatMap((exported) =>
        exported.histories.map((run) => {
          const input = startInputOf(run.history) as { workflowVersion?: number };
          return input.workflowVersion ?? 1;
        }),
      ),
    );
    for (let version = 1; version <= CASE_WORKFLOW_VERSION; version++) expect(versions).toContain(version);
  });

  it('is reproduced, run by run, by the current workflow code', async () => {
    installQuietRuntime();
    const exports = [...files.values()];
    const outcomes = await replayExports(exports, {
      workflowBundle: await bundleOnce(workflowsWithRoutes(workflowsPath(), FIXTURE_ROUTES)),
    });
    const failures = outcomes.flatMap((runs, index) =>
      runs.filter((run) => !run.ok).map((run) => ({ file: [...files.keys()][index], ...run })),
    );
    expect(failures).toEqual([]);
    expect(outcomes.map((runs) => runs.length)).toEqual(exports.map((exported) => exported.histories.length));
  });

  it.each([...files.keys()])('%s: its journal chain is intact and agrees with its history', (name) => {
    const exported = files.get(name)!;
    expect(checkChain(exported)).toMatchObject({ ok: true, head: exported.journalHead });
    expect(checkAgainstHistory(exported)).toMatchObject({ ok: true });
  });
});
