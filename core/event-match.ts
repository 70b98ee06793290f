import type { EventEntry } from './case.js';
import { canonical } from './canonical.js';
import { toInstant } from './time.js';

/** An event as it was sent or received, before the core parsed it: the fields a journal entry records of it. */
export interface ReceivedEventInput {
  readonly type?: unknown;
  readonly actor?: unknown;
  readonly payload?: unknown;
  readonly occurredAt?: unknown;
  readonly submittedBy?: unknown;
}

/**
 * How an event as sent differs from the one a journal entry records: its type, its actor, every payload field
 * sent (the entry keeps the parsed payload with its defaults filled in, so each field sent must be there
 * unchanged), with `occurredAt` its moment when it names one, and with `submittedBy` who submitted it. Empty when
 * it is that event. The audit uses it to check a journal against the history; the client, without `occurredAt`
 * and `submittedBy` as the core's idempotency does, to answer a retry on a closed case.
 */
export function eventDifferences(
  entry: EventEntry,
  received: ReceivedEventInput,
  options: { readonly occurredAt: boolean; readonly submittedBy?: boolean },
): string[] {
  const found: string[] = [];
  if (entry.type !== received.type) found.push(`type ${String(received.type)} received`);
  if (canonical(entry.actor) !== canonical(received.actor)) found.push('another actor received');
  if (options.submittedBy === true && entry.submittedBy !== received.submittedBy)
    found.push(`submitted by ${String(received.submittedBy ?? 'nobody named')} received`);
  if (
    options.occurredAt &&
    typeof received.occurredAt === 'string' &&
    toInstant(received.occurredAt) !== entry.occurredAt
  )
    found.push(`occurredAt ${toInstant(received.occurredAt)} received`);
  const payload = (entry.payload ?? {}) as Record<string, unknown>;
  for (const [field, value] of Object.entries((received.payload ?? {}) as Record<string, unknown>)) {
    if (canonical(payload[field]) !== canonical(value)) found.push(`payload.${field} differs`);
  }
  return found;
}
