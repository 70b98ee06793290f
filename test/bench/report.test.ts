import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../bench/report.js';
import { verdictOf } from '../../bench/report.js';

/** The three ratios the verdict reads; the rest of a result does not matter to it. */
function run(throughputRatio: number, cpuRatio: number, throughputRatioShared: number): BenchResult {
  return { throughputRatio, cpuRatio, throughputRatioShared } as BenchResult;
}

describe('the bench judges its goal only on a run that other load did not move', () => {
  it('meets or misses the goal of 0.85 when both estimates agree and bare runs like bare-shared', () => {
    expect(verdictOf(run(0.87, 0.84, 0.88))).toEqual({ met: true, text: 'met' });
    expect(verdictOf(run(0.83, 0.8, 0.82))).toEqual({ met: false, text: 'not met' });
  });

  it('calls a run inconclusive when the CPU ratio disagrees with the events/s ratio, naming both', () => {
    const verdict = verdictOf(run(0.905, 0.69, 0.92));
    expect(verdict.met).toBeNull();
    expect(verdict.text).toMatch(/^inconclusive: .*CPU per event \(0\.69\) differs by 0\.22.*run it again$/);
  });

  it('calls a run inconclusive when bare and bare-shared, the same workflow, ran far apart', () => {
    const verdict = verdictOf(run(0.905, 0.86, 1.13));
    expect(verdict.met).toBeNull();
    expect(verdict.text).toContain('bare and bare-shared, the same workflow, ran 20% apart');
  });
});
