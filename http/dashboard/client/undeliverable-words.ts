// The words of the section "Niet afgeleverde meldingen" (./undeliverable.ts): pure, without the DOM, so they
// are checked in Node.
import type { DashboardData } from '../../dashboard-schemas.js';

/** The line above the table: how many, how many are listed, and unreadable lines; empty when there is nothing. */
export function undeliverableSummary(undeliverable: DashboardData['undeliverable']): string {
  if (undeliverable === null) return '';
  const { count, unreadable, latest, error } = undeliverable;
  const parts: string[] = error === null ? [] : [error];
  if (count > 0) {
    parts.push(
      `${count} notification${count === 1 ? '' : 's'} could not be delivered to a subscriber's webhook` +
        (latest.length < count ? `; the latest ${latest.length} are listed` : ''),
    );
  }
  if (unreadable > 0) {
    parts.push(`${unreadable} line${unreadable === 1 ? '' : 's'} of the file could not be read`);
  }
  return parts.length === 0 ? '' : `${parts.join('; ')}.`;
}
