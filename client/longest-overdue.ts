import type { CaseSummary, DueBound } from './case-list.js';
import { DUE_BOUND_EARLIEST, DUE_BOUND_LATEST } from './case-list.js';

/** The due moment a risk's list sorts by: since when a case is overdue, or when a warned case falls due. */
export const DUE_ATTRIBUTE = { overschreden: 'overdueSince', waarschuwing: 'nextDueAt' } as const;
export type DueAttribute = DueBound['attribute'];

/**
 * A whole millisecond `atMost` from `earliest` to `latest` for which `wanted <= count(atMost) <= enough`, by
 * bisection (`count` must not decrease as the moment grows); the smallest with `count(atMost) >= wanted` when no
 * moment asked on the way counts at most `enough` (equal moments). `latest` is taken without asking (the caller
 * knows that more than `wanted` cases match in all). Asks at most ceil(log2(latest - earliest + 1)) counts: 42
 * between 1970 and 2100, fewer the more room `enough` leaves.
 */
export async function cutOff(
  count: (atMost: number) => Promise<number>,
  wanted: number,
  enough = wanted,
  earliest = DUE_BOUND_EARLIEST,
  latest = DUE_BOUND_LATEST,
): Promise<{ atMost: number; counts: number }> {
  let below = earliest - 1;
  let atMost = latest;
  let counts = 0;
  while (atMost - below > 1) {
    const middle = below + Math.floor((atMost - below) / 2);
    const found = await count(middle);
    counts++;
    if (found < wanted) below = middle;
    else {
      atMost = middle;
      if (found <= enough) break;
    }
  }
  return { atMost, counts };
}

/** Earliest due first, a case without the moment last; equal moments by case id, so the order is the same each time. */
export function byDue(attribute: DueAttribute): (a: CaseSummary, b: CaseSummary) => number {
  return (a, b) => {
    const [x, y] = [a[attribute] ?? '9999', b[attribute] ?? '9999'];
    if (x !== y) return x < y ? -1 : 1;
    return a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
  };
}

/** The cases of one risk in a scope, as `longestDue` reads them. */
export interface DueReader {
  /** How many of them are due at or before the bound (count queries only). */
  count(bound: DueBound): Promise<number>;
  /** Every one of them (due at or before the bound, when given), each once, however many. */
  every(bound?: DueBound): Promise<CaseSummary[]>;
}

/**
 * The `limit` cases of one risk due longest ago, for a scope known to hold more than `limit` of them. Visibility on
 * SQL cannot sort by a custom attribute, so a cut-off moment is found by bisection with count queries (`cutOff`: at
 * most 42, stopping at the first moment with `limit` to `limit * 1.5` cases due at or before it), and the cases
 * due at or before it are listed (all of them, should equal moments make them more), sorted and cut. Only when no
 * moment up to 2100 reaches `limit` (cases without the moment, which a current case does not have at this risk)
 * is every case of the risk read instead.
 */
export async function longestDue(
  reader: DueReader,
  attribute: DueAttribute,
  limit: number,
): Promise<{ cases: CaseSummary[]; counts: number }> {
  const count = (moment: number) => reader.count({ attribute, atMost: moment });
  const { atMost, counts } = await cutOff(count, limit, limit + Math.ceil(limit / 2));
  let cases = await reader.every({ attribute, atMost });
  if (cases.length < limit && atMost === DUE_BOUND_LATEST) cases = await reader.every();
  return { cases: cases.sort(byDue(attribute)).slice(0, limit), counts };
}
