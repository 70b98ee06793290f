import type { CaseSummary, DueBound } from './case-list.js';
import { DUE_BOUND_EARLIEST, DUE_BOUND_LATEST } from './case-list.js';

/** The due moment a risk's list sorts by: since when a case is overdue, or when a warned case falls due. */
export const DUE_ATTRIBUTE = { overschreden: 'overdueSince', waarschuwing: 'nextDueAt' } as const;
export type DueAttribute = DueBound['attribute'];

const DAY_MS = 24 * 60 * 60 * 1000;
/** The first round's moments, from the anchor (now): due moments lie mostly in the weeks before it (and after it). */
const FIRST_ROUND_OFFSETS = [-365 * DAY_MS, -30 * DAY_MS, -DAY_MS, 30 * DAY_MS];
/** Count queries asked at once in each later round: the bracket narrows fourfold per round. */
const PROBES_PER_ROUND = 3;

/** How {@link cutOff} searches: between which moments, from which anchor, and how many counts at once. */
export interface CutOffOptions {
  readonly earliest?: number;
  readonly latest?: number;
  /** Where the first round looks around (default: now). */
  readonly anchor?: number;
  readonly probes?: number;
}

/** `probes` moments strictly between `below` and `atMost`, evenly apart (every one between, when fewer fit). */
function evenly(below: number, atMost: number, probes: number): number[] {
  const moments = new Set<number>();
  for (let part = 1; part <= probes; part++) {
    const moment = below + Math.round(((atMost - below) * part) / (probes + 1));
    if (moment > below && moment < atMost) moments.add(moment);
  }
  return [...moments];
}

/**
 * A whole millisecond `atMost` from `earliest` to `latest` for which `wanted <= count(atMost) <= enough`; the
 * smallest with `count(atMost) >= wanted` when no moment asked on the way counts at most `enough` (equal moments).
 * `count` must not decrease as the moment grows; `latest` is taken without asking (the caller knows that more than
 * `wanted` cases match in all). The counts of a round are asked at once: the first round around `anchor` (a year,
 * a month and a day before it, a month after it), then `probes` evenly apart in what is left, each round narrowing
 * it (`probes` + 1)-fold. Rounds, not counts, are what a caller waits for: about ten when the due moments lie within
 * weeks of now, at most 1 + ceil(42 / log2(probes + 1)) = 22 with the default three.
 */
export async function cutOff(
  count: (atMost: number) => Promise<number>,
  wanted: number,
  enough = wanted,
  options: CutOffOptions = {},
): Promise<{ atMost: number; counts: number; rounds: number }> {
  const earliest = options.earliest ?? DUE_BOUND_EARLIEST;
  const latest = options.latest ?? DUE_BOUND_LATEST;
  const anchor = options.anchor ?? Date.now();
  const probes = options.probes ?? PROBES_PER_ROUND;
  let below = earliest - 1;
  let atMost = latest;
  let counts = 0;
  let rounds = 0;
  let moments = FIRST_ROUND_OFFSETS.map((offset) => anchor + offset);
  while (atMost - below > 1) {
    const asked = moments.filter((moment) => moment > below && moment < atMost).sort((a, b) => a - b);
    moments = [];
    const round = asked.length > 0 ? asked : evenly(below, atMost, probes);
    const found = await Promise.all(round.map(count));
    counts += round.length;
    rounds++;
    // The first moment that reaches `wanted` closes the range from above; every moment before it, from below.
    for (const [index, moment] of round.entries()) {
      const matched = found[index] ?? 0;
      if (matched < wanted) {
        below = moment;
        continue;
      }
      atMost = moment;
      if (matched <= enough) return { atMost, counts, rounds };
      break;
    }
  }
  return { atMost, counts, rounds };
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
 * SQL cannot sort by a custom attribute, so a cut-off moment is searched with count queries (`cutOff`: rounds of a
 * few counts at once, stopping at the first moment with `limit` to `limit * 1.5` cases due at or before it), and the cases
 * due at or before it are listed (all of them, should equal moments make them more), sorted and cut. Only when no
 * moment up to 2100 reaches `limit` (cases without the moment, which a current case does not have at this risk)
 * is every case of the risk read instead.
 */
export async function longestDue(
  reader: DueReader,
  attribute: DueAttribute,
  limit: number,
): Promise<{ cases: CaseSummary[]; counts: number; rounds: number }> {
  const count = (moment: number) => reader.count({ attribute, atMost: moment });
  const { atMost, counts, rounds } = await cutOff(count, limit, limit + Math.ceil(limit / 2));
  let cases = await reader.every({ attribute, atMost });
  if (cases.length < limit && atMost === DUE_BOUND_LATEST) cases = await reader.every();
  return { cases: cases.sort(byDue(attribute)).slice(0, limit), counts, rounds };
}
