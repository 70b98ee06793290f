import { describe, expect, it } from 'vitest';
import type { LocalDateTime } from '../../core/calendar.js';
import { fromLocal, toLocal } from '../../core/calendar.js';

const reference = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Amsterdam',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Amsterdam's wall clock at an instant, straight from Intl (no cache). */
function wallClock(millis: number): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of reference.formatToParts(new Date(millis))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 0,
    month: parts['month'] ?? 0,
    day: parts['day'] ?? 0,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
    millisecond: ((millis % 1000) + 1000) % 1000,
  };
}

const MINUTE = 60_000;

describe("Amsterdam's wall clock, by the engine's pinned rules, is exactly this runtime's Intl", () => {
  it('agrees at moments spread over 1977-2100 (an odd step, so minutes, seconds and milliseconds vary)', () => {
    const from = Date.UTC(1977, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    const step = 7_919 * MINUTE + 4_447;
    for (let millis = from; millis < to; millis += step) expect(toLocal(millis)).toEqual(wallClock(millis));
  });

  it('agrees minute by minute around every change of offset in 2013, 2026 and 2040', () => {
    for (const year of [2013, 2026, 2040]) {
      for (const month of [2, 9]) {
        // The last Sunday of March and of October, 01:00 UTC; the search covers the whole last week.
        for (let day = 24; day <= 31; day++) {
          const around = Date.UTC(year, month, day, 1);
          for (let millis = around - 90 * MINUTE; millis <= around + 90 * MINUTE; millis += MINUTE + 1) {
            expect(toLocal(millis)).toEqual(wallClock(millis));
          }
        }
      }
    }
  });

  it('refuses instants before 1977, where the pinned rules begin, instead of guessing', () => {
    for (const millis of [
      Date.UTC(1916, 4, 1, 0, 30),
      Date.UTC(1969, 11, 31, 23),
      Date.UTC(1976, 11, 31, 22),
    ]) {
      expect(() => toLocal(millis)).toThrow(RangeError);
    }
  });

  it('still turns a wall-clock time back into its instant, also across the spring gap', () => {
    expect(new Date(fromLocal({ ...wallClock(Date.UTC(2026, 2, 29, 0)), hour: 2 })).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    // The day the clock goes back, after the repeated hour.
    const autumn = Date.UTC(2026, 9, 25, 9, 15, 30, 250);
    expect(fromLocal(toLocal(autumn))).toBe(autumn);
  });
});
