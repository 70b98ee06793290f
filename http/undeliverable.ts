// The webhook notifications the worker gave up on, as a coordinator may see them on the dashboard. The worker
// records each one in `undeliverable.jsonl` beside its outbox (activities/notify.ts) with the notification itself,
// so a record carries the case's organisation and region and is scoped like a case. A subscriber's URL may hold a
// token in its path or query, so only its host is shown; the secret is never in the file.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Principal } from './access.js';
import type { DashboardData } from './dashboard-schemas.js';
import { mayRead } from './scope.js';

/** How many of the latest undeliverable notifications the dashboard lists. */
export const UNDELIVERABLE_LATEST = 10;

/** The longest failure text shown: a receiver's error stays a line, not a page. */
const FAILURE_LENGTH = 300;

/** One line of `undeliverable.jsonl` as the worker writes it; other fields are ignored. */
const UndeliverableRecordSchema = z.object({
  notificationId: z.string(),
  url: z.url(),
  attempts: z.number().int(),
  failure: z.string(),
  recordedAt: z.iso.datetime(),
  notification: z.object({
    kind: z.enum([
      'deadline.overschreden',
      'deadline.waarschuwing',
      'deadline.opgeschaald',
      'deadline.ingetrokken',
    ]),
    caseId: z.string(),
    organisatie: z.string(),
    regio: z.string(),
    normId: z.string(),
    stap: z.number().int().optional(),
  }),
});
type UndeliverableRecord = z.output<typeof UndeliverableRecordSchema>;

/** The records of the file, and how many of its lines are none (a torn last line, an edited file, an old format). */
export async function readUndeliverable(
  path: string,
): Promise<{ records: UndeliverableRecord[]; unreadable: number }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // No file: nothing was ever given up on.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], unreadable: 0 };
    throw error;
  }
  const records: UndeliverableRecord[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      unreadable++;
      continue;
    }
    const parsed = UndeliverableRecordSchema.safeParse(json);
    if (parsed.success) records.push(parsed.data);
    else unreadable++;
  }
  return { records, unreadable };
}

/** The failure with every URL cut to its host, so a token in a subscriber's path or query is not shown. */
function withHostsOnly(failure: string): string {
  const cut = failure.replace(/\bhttps?:\/\/[^\s'"<>]+/gi, (url) => {
    try {
      return new URL(url).host;
    } catch {
      return '(url)';
    }
  });
  return cut.length > FAILURE_LENGTH ? `${cut.slice(0, FAILURE_LENGTH)}…` : cut;
}

/**
 * What the dashboard says of the undeliverable notifications in the file at `path` that `principal` may see
 * (those of cases it may read), with the filter's organisation and region applied: how many, and the latest few.
 * Lines that are no record are counted, not shown: they name no case.
 */
export async function undeliverableFor(
  path: string,
  principal: Principal,
  filter: { readonly organisatie?: string | undefined; readonly regio?: string | undefined },
): Promise<NonNullable<DashboardData['undeliverable']>> {
  let read: Awaited<ReturnType<typeof readUndeliverable>>;
  try {
    read = await readUndeliverable(path);
  } catch (error) {
    // The rest of the dashboard still answers; the section says the file could not be read (its code, not its
    // path: the server's folders are no business of a coordinator's).
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return { count: 0, unreadable: 0, latest: [], error: `undeliverable.jsonl could not be read (${code})` };
  }
  const { records, unreadable } = read;
  const visible = records.filter(
    ({ notification }) =>
      mayRead(principal, notification) &&
      (filter.organisatie === undefined || notification.organisatie === filter.organisatie) &&
      (filter.regio === undefined || notification.regio === filter.regio),
  );
  // The latest by when it was recorded: appends from several workers on one folder need not be in order.
  const latest = [...visible]
    .sort((a, b) => (a.recordedAt === b.recordedAt ? 0 : a.recordedAt > b.recordedAt ? -1 : 1))
    .slice(0, UNDELIVERABLE_LATEST)
    .map(({ notification, url, attempts, failure, recordedAt }) => ({
      caseId: notification.caseId,
      organisatie: notification.organisatie,
      regio: notification.regio,
      normId: notification.normId,
      kind: notification.kind,
      stap: notification.stap ?? null,
      host: new URL(url).host,
      attempts,
      failure: withHostsOnly(failure),
      recordedAt,
    }));
  return { count: visible.length, unreadable, latest, error: null };
}
