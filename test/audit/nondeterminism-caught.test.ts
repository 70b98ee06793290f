// The corpus guards running cases: a deliberately nondeterministic change to the workflow (a timer before
// anything else) fails the replay with a DeterminismViolationError; the same change behind patched() passes.
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { replayExports } from '../../audit/index.js';
import { historyFromJson } from '../../audit/proto-json.js';
import { bundleOnce, installRuntimeExpectingNondeterminism } from '../support/temporal-env.js';
import { corpus } from './corpus.js';

beforeAll(() => {
  installRuntimeExpectingNondeterminism();
});

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const exports = [...corpus().values()];

describe('a change to the workflow code that would break running cases', () => {
  it('is caught: every recorded run fails to replay with a DeterminismViolationError', async () => {
    const outcomes = await replayExports(exports, {
      workflowBundle: await bundleOnce(fixture('changed-workflow.ts')),
    });
    const runs = outcomes.flat();
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      expect(run.ok).toBe(false);
      expect(run.error?.name).toBe('DeterminismViolationError');
    }
  });

  it('surfaces as the SDK error type when one history is replayed', async () => {
    const [first] = exports;
    const history = historyFromJson(first!.histories[0]!.history);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: await bundleOnce(fixture('changed-workflow.ts')) },
        history,
        first!.case.workflowId,
      ),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });

  it('passes when guarded with patched(): recorded histories replay as before', async () => {
    const outcomes = await replayExports(exports, {
      workflowBundle: await bundleOnce(fixture('patched-workflow.ts')),
    });
    expect(outcomes.flat().filter((run) => !run.ok)).toEqual([]);
  });
});
