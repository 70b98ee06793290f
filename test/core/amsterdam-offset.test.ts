// Amsterdam's wall clock by the engine's pinned rules (core/amsterdam-offset.ts), not the runtime's tzdata: the
// rules agree with this runtime's zone data at every change from 1977 to 2100 and at noon of every day in between,
// and the core counts terms without asking Intl at all, so a worker with other zone data replays a case alike.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { amsterdamOffset, PINNED_FROM_YEAR, summerTime } from '../../core/amsterdam-offset.js';
import { addCalendarTerm, toLocal } from '../../core/calendar.js';
import { openCase } from '../../core/index.js';
import { ev, rejected, START, T0 } from '../support/core-cases.js';

const HOUR = 3_600_000;
const runtime = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Amsterdam',
  timeZoneName: 'longOffset',
});
/** This runtime's offset for Amsterdam at `millis`, from its own zone data. */
function runtimeOffset(millis: number): number {
  const name =
    runtime.formatToParts(new Date(millis)).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  if (match === null) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * HOUR + Number(match[3]) * 60_000);
}

describe("Amsterdam's offset, pinned", () => {
  afterEach(() => vi.restoreAllMocks());

  it('agrees with the runtime zone data around every change from 1977 to 2100', () => {
    for (let year = 1977; year <= 2100; year++) {
      const summer = summerTime(year)!;
      for (const change of [summer.start, summer.end]) {
        for (const at of [change - HOUR, change - 1, change, change + HOUR - 1]) {
          expect([year, new Date(at).toISOString(), amsterdamOffset(at)]).toEqual([
            year,
            new Date(at).toISOString(),
            runtimeOffset(at),
          ]);
        }
      }
    }
  });

  it('agrees with the runtime zone data at noon of every day from 1977 to 2060', () => {
    const mismatches: string[] = [];
    for (let day = Date.UTC(1977, 0, 1, 12); day < Date.UTC(2061, 0, 1); day += 24 * HOUR) {
      if (amsterdamOffset(day) !== runtimeOffset(day)) mismatches.push(new Date(day).toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('counts terms without the runtime zone data: Intl may be missing or wrong', () => {
    const before = addCalendarTerm('2025-10-24T14:00:00.000Z', { amount: 8, unit: 'weken' });
    vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(() => {
      throw new Error('no zone data');
    });
    expect(addCalendarTerm('2025-10-24T14:00:00.000Z', { amount: 8, unit: 'weken' })).toBe(before);
    // Friday 16:00 in summer time, eight weeks on: Friday 16:00 in winter time, an hour later in UTC.
    expect(before).toBe('2025-12-19T15:00:00.000Z');
    expect(toLocal(Date.parse('2025-03-30T01:00:00.000Z'))).toMatchObject({ hour: 3 });
    expect(toLocal(Date.parse('2025-03-30T00:59:59.999Z'))).toMatchObject({ hour: 1 });
  });

  it('refuses instants before the rules begin rather than guess, and an event dated there as bad input', () => {
    expect(() => amsterdamOffset(Date.UTC(PINNED_FROM_YEAR - 1, 11, 31))).toThrow(/before 1977/);
    const refused = rejected(
      openCase(START, ev('signaal.gemeld', { regisseur: 'r-1' }, '1976-06-01T10:00:00.000Z'), Date.parse(T0)),
    );
    expect(refused.issues).toEqual([
      { path: 'occurredAt', message: "may not lie before 1977, where the engine's calendar begins" },
    ]);
  });
});
