/**
 * Instants are kept as UTC ISO strings (`2013-01-24T09:00:00.000Z`): readable in a journal, ordered as strings,
 * and identical whether computed in a test, the simulator or the Temporal workflow sandbox.
 */
export type Instant = string;

/** Normalises any ISO date-time (with offset) or epoch milliseconds to a UTC ISO instant. */
export function toInstant(value: string | number | Date): Instant {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid moment: ${String(value)}`);
  return date.toISOString();
}

/** Milliseconds since the epoch of an instant. */
export function toMillis(instant: Instant): number {
  return Date.parse(instant);
}

/** The earlier of two instants; `undefined` counts as "none". */
export function earliest(a: Instant | undefined, b: Instant | undefined): Instant | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a <= b ? a : b;
}
