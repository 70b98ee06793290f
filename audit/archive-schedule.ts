import type { Client } from '@temporalio/client';
import { archiveClosedCases } from './archive.js';

/**
 * The longest delay Node's timers keep: 2^31-1 ms, about 24.8 days. A longer one is not refused but replaced by
 * 1 ms (with only a warning), which would archive in a tight loop instead of rarely.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The largest whole number of minutes that fits {@link MAX_TIMER_MS}: 35791. */
export const MAX_ARCHIVE_EVERY_MINUTES = Math.floor(MAX_TIMER_MS / 60_000);

/** How often closed cases are archived, from `$PASSEND_ARCHIVE_EVERY_MINUTES` (default 15, at most 35791). */
export function archiveIntervalMs(): number {
  const raw = process.env['PASSEND_ARCHIVE_EVERY_MINUTES'];
  const minutes = Number(raw ?? 15);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new RangeError(`PASSEND_ARCHIVE_EVERY_MINUTES must be a positive number, not "${raw ?? ''}"`);
  }
  if (minutes > MAX_ARCHIVE_EVERY_MINUTES) {
    throw new RangeError(
      `PASSEND_ARCHIVE_EVERY_MINUTES must be at most ${MAX_ARCHIVE_EVERY_MINUTES} (about 24.8 days, the longest ` +
        `timer Node keeps), not "${raw ?? ''}"`,
    );
  }
  return minutes * 60_000;
}

/**
 * Archives closed cases now and then every `everyMs`, one pass at a time, so histories outlive Temporal's
 * retention. Returns a function that stops the schedule and waits for a pass in progress. An `everyMs` that a
 * timer cannot hold is refused before the first pass, for callers that do not go through
 * {@link archiveIntervalMs}.
 */
export async function scheduleArchiving(
  client: Client,
  dir: string,
  everyMs: number,
  say: (line: string) => void,
): Promise<() => Promise<void>> {
  if (!(everyMs > 0 && everyMs <= MAX_TIMER_MS)) {
    throw new RangeError(`the archive interval must be 1-${MAX_TIMER_MS} ms, not ${everyMs}`);
  }
  let running: Promise<void> | null = null;
  const pass = (): Promise<void> => {
    running ??= archiveClosedCases(client, dir)
      .then((outcome) => {
        if (outcome.archived.length > 0) say(`archived ${outcome.archived.length} closed case(s) to ${dir}`);
        for (const { caseId, error } of outcome.failed) say(`archive of ${caseId} failed: ${error}`);
      })
      .catch((error: unknown) => say(`archive pass failed: ${(error as Error).message}`))
      .finally(() => {
        running = null;
      });
    return running;
  };
  await pass();
  const timer = setInterval(() => void pass(), everyMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
