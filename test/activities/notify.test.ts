import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { DeadlineNotification } from '../../core/index.js';

const warning: DeadlineNotification = {
  kind: 'deadline.waarschuwing',
  caseId: 'c-1',
  organisatie: 'swv-x',
  regio: 'r',
  deadlineId: 'zorgplicht#1',
  normId: 'zorgplicht',
  title: 'Besluit over toelating',
  dueAt: '2027-01-11T08:00:00.000Z',
  detectedAt: '2027-01-04T08:00:00.000Z',
  stage: 'aangemeld',
  regisseur: 'zc-1',
};

describe('the notification outbox', () => {
  it('gives a warning for an extended deadline its own id: it is news, not a retry of the first warning', async () => {
    const outboxPath = join(mkdtempSync(join(tmpdir(), 'passend-outbox-')), 'outbox.jsonl');
    const { notifyDeadline } = createActivities({ outboxPath });
    // The activity logs through Temporal's activity context, which the mock environment provides.
    const notify = (notification: DeadlineNotification) =>
      new MockActivityEnvironment().run(notifyDeadline, notification);
    await notify(warning);
    await notify(warning); // a retry of the same activity: same id, for readers to drop
    await notify({ ...warning, dueAt: '2027-02-08T08:00:00.000Z', detectedAt: '2027-02-01T08:00:00.000Z' });
    const ids = readFileSync(outboxPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { notificationId: string }).notificationId);
    expect(ids).toEqual([
      'c-1/zorgplicht#1/deadline.waarschuwing/2027-01-11T08:00:00.000Z',
      'c-1/zorgplicht#1/deadline.waarschuwing/2027-01-11T08:00:00.000Z',
      'c-1/zorgplicht#1/deadline.waarschuwing/2027-02-08T08:00:00.000Z',
    ]);
  });
});
