// `passend doctor` shows the webhook notifications the worker gave up on (undeliverable.jsonl beside its outbox,
// written by activities/notify.ts): how many, and the latest, so a coordinator sees a subscriber that missed news.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseUndeliverable, undeliverablePathOf } from '../../cli/undeliverable.js';
import { passend } from '../support/cli-run.js';

const record = (notificationId: string, recordedAt: string, failure = 'Error: connect ECONNREFUSED') =>
  JSON.stringify({
    notificationId,
    url: 'http://127.0.0.1:9/passend',
    attempts: 30,
    failure,
    recordedAt,
    notification: { kind: 'deadline.overschreden', caseId: notificationId.split('/')[0] },
  });

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'passend-undeliverable-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('undeliverable webhook notifications in passend doctor', () => {
  it('the file sits beside the outbox, as the worker writes it', () => {
    expect(undeliverablePathOf(join(folder, 'outbox.jsonl'))).toBe(join(folder, 'undeliverable.jsonl'));
  });

  it('no file: nothing was given up on', async () => {
    expect(await summariseUndeliverable(join(folder, 'none', 'undeliverable.jsonl'))).toBeNull();
  });

  it('counts the records, names the latest by when it was recorded, and counts a torn line apart', async () => {
    const path = join(folder, 'count', 'undeliverable.jsonl');
    await mkdir(join(folder, 'count'));
    await writeFile(
      path,
      [
        record('case-2/d-1/deadline.opgeschaald/2026-03-09T00:00:00.000Z/2', '2026-03-10T08:00:00.000Z'),
        record('case-1/d-1/deadline.overschreden/2026-03-09T00:00:00.000Z', '2026-03-09T02:00:00.000Z'),
        '{"notificationId":"case-3/',
      ].join('\n'),
    );
    expect(await summariseUndeliverable(path)).toEqual({
      path,
      count: 2,
      unreadable: 1,
      latest: {
        notificationId: 'case-2/d-1/deadline.opgeschaald/2026-03-09T00:00:00.000Z/2',
        url: 'http://127.0.0.1:9/passend',
        attempts: 30,
        failure: 'Error: connect ECONNREFUSED',
        recordedAt: '2026-03-10T08:00:00.000Z',
      },
    });
  });

  it('the doctor reports them from the worker’s data folder, in text and JSON, even when Temporal does not answer', async () => {
    await writeFile(
      join(folder, 'undeliverable.jsonl'),
      `${record('case-1/d-1/deadline.overschreden/2026-03-09T00:00:00.000Z', '2026-03-09T02:00:00.000Z', 'Error: HTTP 503')}\n`,
    );
    const outbox = join(folder, 'outbox.jsonl');
    const json = await passend('doctor', '--address', '127.0.0.1:1', '--outbox', outbox, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      temporal: 'unreachable',
      undeliverable: {
        path: join(folder, 'undeliverable.jsonl'),
        count: 1,
        latest: {
          notificationId: 'case-1/d-1/deadline.overschreden/2026-03-09T00:00:00.000Z',
          failure: 'Error: HTTP 503',
        },
      },
    });
    const text = await passend('doctor', '--address', '127.0.0.1:1', '--outbox', outbox);
    expect(text.stdout).toContain(
      `webhooks   1 undeliverable notification(s) in ${join(folder, 'undeliverable.jsonl')}`,
    );
    expect(text.stdout).toContain(
      'latest 09-03-2026, 03:00: case-1/d-1/deadline.overschreden/2026-03-09T00:00:00.000Z to http://127.0.0.1:9/passend after 30 attempt(s): Error: HTTP 503',
    );
  });
});
