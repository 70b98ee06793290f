/**
 * Amsterdam's offset from UTC, by rules pinned in the engine instead of read from the runtime's time-zone data.
 * Every due moment is counted on Amsterdam's wall clock; were it read through `Intl`, two workers with different
 * tzdata (an old Node, a new one, a country that changes its rules) could replay a twenty-year-old case to other
 * due moments. These are the rules of the IANA tz database (file `europe`, Zone Europe/Brussels, which
 * Europe/Amsterdam follows: `1:00 EU CE%sT` since 1977), unchanged there since 1996:
 *
 *   Rule EU 1977 1980 - Apr Sun>=1  1:00u 1:00 S      Rule EU 1979 1995 - Sep lastSun 1:00u 0 -
 *   Rule EU 1977 only - Sep lastSun 1:00u 0    -      Rule EU 1981 max  - Mar lastSun 1:00u 1:00 S
 *   Rule EU 1978 only - Oct  1      1:00u 0    -      Rule EU 1996 max  - Oct lastSun 1:00u 0 -
 *
 * Instants before 1977 are refused (no case of the engine lies there; the zone's older history differs between tzdata
 * releases). Should the rules change (the EU has discussed ending
 * daylight saving time), the change is a new rule here from the year it takes effect, never a rewrite of the past.
 * test/core/amsterdam-offset.test.ts compares these rules with the runtime's zone data, hour by hour at each change.
 */
const HOUR_MS = 3_600_000;
/** The first year before which the pinned rules do not reach: no case of the engine starts before it. */
export const PINNED_FROM_YEAR = 1977;

/** The UTC day of the month of the last Sunday of `month` (1-12) in `year`. */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/** The UTC day of the month of the first Sunday on or after the 1st of `month`. */
function firstSunday(year: number, month: number): number {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return 1 + ((7 - first) % 7);
}

/** The instants (UTC ms) at which summer time starts and ends in `year`, or undefined when it has none. */
export function summerTime(year: number): { start: number; end: number } | undefined {
  if (year < PINNED_FROM_YEAR) return undefined;
  const startDay = year <= 1980 ? firstSunday(year, 4) : lastSunday(year, 3);
  const startMonth = year <= 1980 ? 4 : 3;
  const [endMonth, endDay] =
    year === 1978 ? [10, 1] : year <= 1995 ? [9, lastSunday(year, 9)] : [10, lastSunday(year, 10)];
  return {
    start: Date.UTC(year, startMonth - 1, startDay, 1),
    end: Date.UTC(year, endMonth - 1, endDay, 1),
  };
}

/** Amsterdam's offset from UTC in milliseconds at the instant `millis`. */
export function amsterdamOffset(millis: number): number {
  const year = new Date(millis).getUTCFullYear();
  if (year < PINNED_FROM_YEAR) {
    throw new RangeError(
      `${new Date(millis).toISOString()} lies before ${PINNED_FROM_YEAR}, where the engine's Amsterdam rules begin`,
    );
  }
  const summer = summerTime(year);
  return summer !== undefined && millis >= summer.start && millis < summer.end ? 2 * HOUR_MS : HOUR_MS;
}
