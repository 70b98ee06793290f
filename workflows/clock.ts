/**
 * The clock a case workflow decides by. Inside a workflow `Date.now()` is the start of the current workflow task as
 * the history records it, with one exception found under faults (issue 10): when a Query is the first thing a
 * worker is given for a case it does not hold, Temporal sends the whole history, including a TimerFired whose
 * workflow task has not started yet, and sdk-core hands the workflow the timer's firing with the clock of the last
 * task that ran, the one that armed the timer. A workflow reading that clock decides the deadline is not yet due
 * and arms the timer again; a replay reads the task's own clock, decides it is due, and no longer matches.
 *
 * So a timer that fired is taken as proof that its moment has come: `fired(due)` raises the clock to the moment the
 * timer was armed for, and the clock never runs backwards. In every history the server wrote with a correct clock
 * this changes nothing (a timer fires at or after its moment, and each task starts after the one before), so
 * histories recorded before it replay as they were; a history made under the fault decides as its replay does.
 */
export interface CaseClock {
  /** The moment to decide at: the workflow's clock, never before a moment already reached. */
  now(): number;
  /** A timer armed for `due` (epoch ms) fired: its moment has come, whatever the clock says. */
  fired(due: number): void;
}

export function createCaseClock(read: () => number): CaseClock {
  let floor = Number.NEGATIVE_INFINITY;
  return {
    now() {
      floor = Math.max(read(), floor);
      return floor;
    },
    fired(due) {
      floor = Math.max(floor, due);
    },
  };
}

/** What the timer loop does next: act on what is due now, wait (`wait` ms, or for an event only), or stop. */
export type Wake = { readonly act: true } | { readonly act: false; readonly wait: number | undefined };

/** The loop's decision for the earliest due moment `due` (epoch ms, or none) at `now`. */
export function nextWake(due: number | undefined, now: number): Wake {
  if (due === undefined) return { act: false, wait: undefined };
  const wait = due - now;
  return wait <= 0 ? { act: true } : { act: false, wait };
}
