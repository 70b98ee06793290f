/**
 * A date the engine's calendar data does not cover: public holidays outside the years they are known for, or a
 * school year whose holidays are not published or verified yet. A gap in data, not a bug: the core refuses the
 * event that needs the date, naming what is missing, and leaves the case as it was.
 */
export class CalendarDataError extends RangeError {
  override readonly name: string = 'CalendarDataError';
}
