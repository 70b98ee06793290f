// What `passend doctor` says of webhook notifications given up on: the worker records each one that kept failing
// in `undeliverable.jsonl` beside its outbox (activities/notify.ts); the doctor counts them and names the latest,
// so a coordinator sees a subscriber that missed news without reading the worker's log.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** The undeliverable notifications recorded beside an outbox: how many, and the latest one. */
export interface UndeliverableSummary {
  readonly path: string;
  readonly count: number;
  /** Lines that are not a record the worker writes (a torn last line, an edited file). */
  readonly unreadable: number;
  readonly latest: {
    readonly notificationId: string;
    readonly url: string;
    readonly attempts: number;
    readonly failure: string;
    readonly recordedAt: string;
  } | null;
}

/** The file the worker records undeliverable notifications in for the outbox at `outboxPath`. */
export function undeliverablePathOf(outboxPath: string): string {
  return join(dirname(resolve(outboxPath)), 'undeliverable.jsonl');
}

type Latest = NonNullable<UndeliverableSummary['latest']>;

function recordOf(line: string): Latest | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { notificationId, url, attempts, failure, recordedAt } = value as Record<string, unknown>;
  if (
    typeof notificationId !== 'string' ||
    typeof url !== 'string' ||
    typeof attempts !== 'number' ||
    typeof failure !== 'string' ||
    typeof recordedAt !== 'string'
  )
    return null;
  return { notificationId, url, attempts, failure, recordedAt };
}

/** The summary of the file at `path`, or null when there is none (nothing was ever given up on). */
export async function summariseUndeliverable(path: string): Promise<UndeliverableSummary | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const records = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(recordOf);
  const readable = records.filter((record) => record !== null);
  // The latest by when it was recorded: appends from several workers on one folder need not be in order.
  const latest = readable.reduce<Latest | null>(
    (best, record) => (best === null || record.recordedAt > best.recordedAt ? record : best),
    null,
  );
  return { path, count: readable.length, unreadable: records.length - readable.length, latest };
}
