// CI replays the recorded corpus (test/fixtures/histories/, made by scripts/record-histories.ts) against the
// current workflow code: a change that would break running cases fails here unless guarded with patched().
import { describe, expect, it } from 'vitest';
import { checkAgainstHistory, checkChain, replayExports } from '../../audit/index.js';
import { seedScenarios } from '../../scenarios/index.js';
import { startInputOf } from '../../audit/history.js';
import { workflowsPath } from '../../worker/index.js';
import { CASE_WORKFLOW_VERSION } from '../../workflows/definitions.js';
import { bundleOnce, installQuietRuntime } from '../support/temporal-env.js';
import { corpus } from './corpus.js';

const files = corpus();

describe('the replay corpus', () => {
  it('holds a recorded history for every seed scenario, and a case that continued as new', () => {
    for (const name of seedScenarios().keys()) expect([...files.keys()]).toContain(`${name}.json`);
    const continued = [...files.values()].find((exported) => exported.histories.length > 1);
    expect(continued?.case.runIds.length).toBeGreaterThan(1);
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
    const outcomes = await replayExports(exports, { workflowBundle: await bundleOnce(workflowsPath()) });
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
