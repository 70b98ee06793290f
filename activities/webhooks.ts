// Delivery of deadline notifications to the organisations that subscribe to them: an HTTP POST per subscription,
// signed with HMAC-SHA256 so the receiver knows it came from this engine, carrying the notification id so the
// receiver can drop a repeat. The activity that calls it is retried with backoff by Temporal; a receiver that is
// down loses nothing.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DeadlineNotification } from '../core/index.js';
import { toIssues } from '../core/index.js';

/** The header carrying the notification id: the same for every attempt at the same notification. */
export const NOTIFICATION_ID_HEADER = 'x-passend-notification-id';
/** The header carrying the moment of sending (ms since the epoch), signed with the body against replays. */
export const TIMESTAMP_HEADER = 'x-passend-timestamp';
/** The header carrying `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>` under the subscription's secret. */
export const SIGNATURE_HEADER = 'x-passend-signature';

const SubscriptionSchema = z.strictObject({
  /** The organisation whose cases' notifications go here, or `*` for every organisation. */
  organisatie: z.string().regex(/^(\*|[a-z0-9][a-z0-9-]{0,63})$/, {
    message: 'must be an organisation id (lower-case letters, digits and hyphens) or "*"',
  }),
  url: z
    .string()
    .url({ message: 'must be an absolute URL' })
    .refine((url) => /^https?:\/\//.test(url), { message: 'must be an http:// or https:// URL' }),
  secret: z.string().min(16, { message: 'must be at least 16 characters' }),
  /** Which kinds of notification; all by default. */
  kinds: z
    .array(
      z.enum([
        'deadline.waarschuwing',
        'deadline.overschreden',
        'deadline.opgeschaald',
        'deadline.ingetrokken',
      ]),
    )
    .min(1)
    .optional(),
  /** This subscription's own limit, instead of the configuration's `undeliverableAfterAttempts`. */
  undeliverableAfterAttempts: z.number().int().min(1).max(1000).optional(),
});

export const WebhookConfigSchema = z.strictObject({
  subscriptions: z.array(SubscriptionSchema),
  /** After this many attempts a notification that cannot be delivered is recorded as undeliverable. */
  undeliverableAfterAttempts: z.number().int().min(1).max(1000).default(30),
});

export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;
export type WebhookSubscription = z.infer<typeof SubscriptionSchema>;

/** A webhook configuration that cannot be used; the message names every field at fault and why. */
export class WebhookConfigError extends Error {
  override readonly name = 'WebhookConfigError';
}

/** Parses a webhook configuration; throws `WebhookConfigError` naming each field at fault. */
export function parseWebhookConfig(value: unknown, source = 'webhook configuration'): WebhookConfig {
  const parsed = WebhookConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = toIssues(parsed.error.issues).map((issue) => `${issue.path || '(root)'}: ${issue.message}`);
  throw new WebhookConfigError(`${source} is invalid: ${issues.join('; ')}`);
}

/** Reads and parses the JSON file at `path` (`$PASSEND_WEBHOOKS`). */
export function readWebhookConfig(path: string): WebhookConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new WebhookConfigError(`cannot read the webhook configuration ${path}: ${String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WebhookConfigError(`${path} is not JSON: ${String(error)}`);
  }
  return parseWebhookConfig(json, path);
}

/** The subscriptions a notification goes to. */
export function subscribersOf(
  config: WebhookConfig,
  notification: DeadlineNotification,
): WebhookSubscription[] {
  return config.subscriptions.filter(
    (subscription) =>
      (subscription.organisatie === '*' || subscription.organisatie === notification.organisatie) &&
      (subscription.kinds === undefined || subscription.kinds.includes(notification.kind)),
  );
}

/** The signature header's value for `body` sent at `timestamp`. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** POSTs `body` to one subscription; throws naming the URL and what went wrong unless the receiver answers 2xx. */
export async function post(
  subscription: WebhookSubscription,
  notificationId: string,
  body: string,
  fetcher: typeof fetch = fetch,
): Promise<void> {
  const timestamp = String(Date.now());
  let response: Response;
  try {
    response = await fetcher(subscription.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [NOTIFICATION_ID_HEADER]: notificationId,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signature(subscription.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(10_000),
      redirect: 'error',
    });
  } catch (error) {
    throw new Error(`webhook ${subscription.url} unreachable: ${String(error)}`);
  }
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`webhook ${subscription.url} answered ${response.status}`);
}
