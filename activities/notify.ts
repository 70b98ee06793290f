import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Context, log } from '@temporalio/activity';
import type { DeadlineNotification } from '../core/index.js';
import { meldKindCasus } from './one-child.js';
import type { WebhookConfig, WebhookSubscription } from './webhooks.js';
import { post, subscribersOf } from './webhooks.js';

/** Where notifications go. Tests inject their own outbox path. */
export interface ActivityDependencies {
  /** A JSON-lines file coordinator tools read; each line has a stable `notificationId` to dedupe retries. */
  readonly outboxPath: string;
  /** Organisations' webhook subscriptions (`$PASSEND_WEBHOOKS`); none by default. */
  readonly webhooks?: WebhookConfig;
  /**
   * Where notifications that could not be delivered to a webhook are recorded (JSON lines), for coordinators and
   * `passend doctor`; by default `undeliverable.jsonl` beside the outbox.
   */
  readonly undeliverablePath?: string;
  /** The HTTP client for webhooks (tests may inject one); `fetch` by default. */
  readonly fetch?: typeof fetch;
}

/** Whether the outbox already holds a line with this id (asked on a retry only, so a retry does not write twice). */
async function inOutbox(outboxPath: string, notificationId: string): Promise<boolean> {
  const text = await readFile(outboxPath, 'utf8').catch(() => '');
  return text.includes(`"notificationId":${JSON.stringify(notificationId)}`);
}

/**
 * The case workflow's side effects. Created by a factory so tests and the CLI choose where output goes.
 * @example
 * const activities = createActivities({ outboxPath: 'data/outbox.jsonl' });
 */
export function createActivities(dependencies: ActivityDependencies) {
  return {
    meldKindCasus,
    /** Logs a warning or breach as a structured line and appends it to the notification outbox. */
    async notifyDeadline(notification: DeadlineNotification): Promise<void> {
      // The due moment is part of the id: an extended deadline warns again for its new due moment, and that
      // second warning is news, not a retry of the first.
      // A step of escalation is news of its own: each step has its own id.
      const step = notification.stap === undefined ? '' : `/${notification.stap}`;
      const notificationId = `${notification.caseId}/${notification.deadlineId}/${notification.kind}/${notification.dueAt}${step}`;
      const line = { notificationId, ...notification };
      const attempt = Context.current().info.attempt;
      if (attempt === 1 || !(await inOutbox(dependencies.outboxPath, notificationId))) {
        log.info(notification.kind, line);
        await mkdir(dirname(dependencies.outboxPath), { recursive: true });
        await appendFile(dependencies.outboxPath, `${JSON.stringify(line)}\n`, 'utf8');
      }
      const webhooks = dependencies.webhooks;
      if (webhooks === undefined) return;
      const limitOf = (subscription: WebhookSubscription) =>
        subscription.undeliverableAfterAttempts ?? webhooks.undeliverableAfterAttempts;
      // Every subscriber not yet given up on, again on a retry: the notification id lets a receiver drop a repeat.
      const subscribers = subscribersOf(webhooks, notification).filter(
        (subscription) => attempt <= limitOf(subscription),
      );
      const body = JSON.stringify(line);
      const outcomes = await Promise.allSettled(
        subscribers.map((subscription) => post(subscription, notificationId, body, dependencies.fetch)),
      );
      const failed = subscribers.flatMap((subscription, index) => {
        const outcome = outcomes[index];
        return outcome?.status === 'rejected' ? [{ subscription, reason: String(outcome.reason) }] : [];
      });
      // A subscriber that failed its last allowed attempt is given up on: recorded where a coordinator looks.
      const givenUp = failed.filter((failure) => attempt >= limitOf(failure.subscription));
      if (givenUp.length > 0) {
        const undeliverable =
          dependencies.undeliverablePath ?? join(dirname(dependencies.outboxPath), 'undeliverable.jsonl');
        await mkdir(dirname(undeliverable), { recursive: true });
        for (const { subscription, reason } of givenUp) {
          const record = {
            notificationId,
            url: subscription.url,
            attempts: attempt,
            failure: reason,
            recordedAt: new Date().toISOString(),
            notification,
          };
          log.warn('a notification could not be delivered to a webhook', record);
          await appendFile(undeliverable, `${JSON.stringify(record)}\n`, 'utf8');
        }
      }
      const retry = failed.filter((failure) => attempt < limitOf(failure.subscription));
      if (retry.length > 0) {
        throw new Error(
          `${retry.map((failure) => failure.reason).join('; ')} (attempt ${attempt}; retried with backoff)`,
        );
      }
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
