// How often `npm start` and `passend worker` archive closed cases: a setting Node's timers cannot hold must be
// refused, because setInterval replaces a delay above 2^31-1 ms by 1 ms and would archive in a tight loop.
import type { Client } from '@temporalio/client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  archiveIntervalMs,
  MAX_ARCHIVE_EVERY_MINUTES,
  scheduleArchiving,
} from '../../audit/archive-schedule.js';

const VARIABLE = 'PASSEND_ARCHIVE_EVERY_MINUTES';
const saved = process.env[VARIABLE];

afterEach(() => {
  if (saved === undefined) delete process.env[VARIABLE];
  else process.env[VARIABLE] = saved;
});

function intervalFor(value: string | undefined): number {
  if (value === undefined) delete process.env[VARIABLE];
  else process.env[VARIABLE] = value;
  return archiveIntervalMs();
}

describe('PASSEND_ARCHIVE_EVERY_MINUTES', () => {
  it('is 15 minutes unless set, and any positive number of minutes up to 35791', () => {
    expect(intervalFor(undefined)).toBe(15 * 60_000);
    expect(intervalFor('0.5')).toBe(30_000);
    expect(intervalFor('1440')).toBe(24 * 60 * 60_000);
    expect(MAX_ARCHIVE_EVERY_MINUTES).toBe(35_791);
    expect(intervalFor('35791')).toBe(35_791 * 60_000);
    expect(intervalFor('35791')).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('refuses more minutes than a timer can wait, naming the variable and the maximum', () => {
    for (const value of ['35792', '40000', '1e9']) {
      expect(() => intervalFor(value)).toThrow(
        `PASSEND_ARCHIVE_EVERY_MINUTES must be at most 35791 (about 24.8 days, the longest timer Node keeps), not "${value}"`,
      );
    }
  });

  it('refuses what is not a positive number', () => {
    for (const value of ['', '0', '-5', 'abc', 'Infinity']) {
      expect(() => intervalFor(value)).toThrow(
        `PASSEND_ARCHIVE_EVERY_MINUTES must be a positive number, not "${value}"`,
      );
    }
  });
});

describe('scheduleArchiving', () => {
  it('refuses an interval a timer cannot hold before the first pass touches Temporal', async () => {
    // A client that fails any use: the refusal must come before archiving starts.
    const untouchable = new Proxy({} as Client, {
      get: () => {
        throw new Error('the client was used');
      },
    });
    const lines: string[] = [];
    for (const everyMs of [2 ** 31, 0, Number.NaN]) {
      await expect(
        scheduleArchiving(untouchable, '/nonexistent/archive', everyMs, (line) => lines.push(line)),
      ).rejects.toThrow(`the archive interval must be 1-2147483647 ms, not ${everyMs}`);
    }
    expect(lines).toEqual([]);
  });
});
