import type { Client } from '@temporalio/client';
import { archiveClosedCases } from './archive.js';

/** How often closed cases are archived, from `$PASSEND_ARCHIVE_EVERY_MINUTES` (default 15). */
export function archiveIntervalMs(): number {
  const minutes = Number(process.env['PASSEND_ARCHIVE_EVERY_MINUTES'] ?? 15);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new RangeError(
      `PASSEND_ARCHIVE_EVERY_MINUTES must be a positive number, not "${process.env['PASSEND_ARCHIVE_EVERY_MINUTES'] ?? ''}"`,
    );
  }
  return minutes * 60_000;
}

/**
 * Archives closed cases now and then every `everyMs`, one pass at a time, so histories outlive Temporal's
 * retention. Returns a function that stops the schedule and waits for a pass in progress.
 */
export async function scheduleArchiving(
  client: Client,
  dir: string,
  everyMs: number,
  say: (line: string) => void,
): Promise<() => Promise<void>> {
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
