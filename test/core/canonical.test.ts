import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical } from '../../core/index.js';

/** The canonical form as first written (map, filter, sort): every recorded journal hash is of this text. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${reference(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string({ unit: 'binary' }),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('canonical', () => {
  it('writes the same text as the form every recorded hash was made with', () => {
    fc.assert(
      fc.property(values, (value) => {
        expect(canonical(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys by code unit, leaves out undefined properties and writes undefined elements as nothing', () => {
    expect(canonical({ b: 1, a: [undefined, null, 'x'], c: undefined, Z: { y: 2, x: 1 } })).toBe(
      '{"Z":{"x":1,"y":2},"a":[,null,"x"],"b":1}',
    );
  });
});
