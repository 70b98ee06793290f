import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { log } from '@temporalio/activity';
import type { DeadlineNotification } from '../core/index.js';

/** Where notifications go. Tests inject their own outbox path. */
export interface ActivityDependencies {
  /** A JSON-lines file coordinator tools read; each line has a stable `notificationId` to dedupe retries. */
  readonly outboxPath: string;
}

/**
 * The case workflow's side effects. Created by a factory so tests and the CLI choose where output goes.
 * @example
 * const activities = createActivities({ outboxPath: 'data/outbox.jsonl' });
 */
export function createActivities(dependencies: ActivityDependencies) {
  return {
    /** Logs a warning or breach as a structured line and appends it to the notification outbox. */
    async notifyDeadline(notification: DeadlineNotification): Promise<void> {
      // The due moment is part of the id: an extended deadline warns again for its new due moment, and that
      // second warning is news, not a retry of the first.
      const notificationId = `${notification.caseId}/${notification.deadlineId}/${notification.kind}/${notification.dueAt}`;
      const line = { notificationId, ...notification };
      log.info(notification.kind, line);
      await mkdir(dirname(dependencies.outboxPath), { recursive: true });
      await appendFile(dependencies.outboxPath, `${JSON.stringify(line)}\n`, 'utf8');
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
