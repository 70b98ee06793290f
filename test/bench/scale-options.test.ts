import { describe, expect, it } from 'vitest';
import type { ScaleOptions } from '../../bench/scale.js';
import { ScaleOptionsError, validateScaleOptions } from '../../bench/scale.js';

const options = (extra: Partial<ScaleOptions> = {}): ScaleOptions => ({
  sizes: [1_000, 10_000],
  overdueShare: 0.1,
  repeats: 8,
  write: false,
  ...extra,
});

describe('the scale bench refuses options it cannot run, naming the option', () => {
  it('takes starts in flight from 1 to 1000, on either server', () => {
    expect(() => validateScaleOptions(options({ concurrency: 100, server: 'postgres' }))).not.toThrow();
    expect(() => validateScaleOptions(options({ concurrency: 0 }))).toThrow(
      new ScaleOptionsError('concurrency must be an integer from 1 to 1000, got 0'),
    );
    expect(() => validateScaleOptions(options({ concurrency: 1_001 }))).toThrow(/^concurrency must be/);
  });

  it('refuses a start budget that is not a positive number of seconds', () => {
    expect(() => validateScaleOptions(options({ startBudgetSeconds: 0 }))).toThrow(
      'start budget must be a positive number of seconds, got 0',
    );
  });
});
