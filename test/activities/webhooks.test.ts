// Notifications reach the organisations that subscribe to them (issue 12, item 4): a signed POST per subscription,
// retried with backoff while the receiver is down, nothing lost when it comes back, and recorded as undeliverable
// where it keeps failing. On a real dev server, with real local HTTP receivers that are stopped and started.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createActivities,
  NOTIFICATION_ID_HEADER,
  readWebhookConfig,
  SIGNATURE_HEADER,
  signature,
  TIMESTAMP_HEADER,
  WebhookConfigError,
  type WebhookConfig,
} from '../../activities/index.js';
import { PassendClient } from '../../client/index.js';
import { workflowsPath } from '../../worker/index.js';
import { event } from '../support/case-env.js';
import { eventually } from '../support/eventually.js';
import { freePort } from '../../faults/server-process.js';
import { createTestWorker, startDevEnv } from '../support/temporal-env.js';

const DAY = 86_400_000;
const SECRET = 'a-secret-of-sixteen-or-more';

interface Received {
  readonly id: string;
  readonly valid: boolean;
  readonly body: { notificationId: string; kind: string; caseId: string };
}

/** A local HTTP receiver on `port` that checks each POST's signature and answers `status`. */
function receiver(port: number, status: number, received: Received[]): Promise<Server> {
  const server = createServer((request: IncomingMessage, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const timestamp = String(request.headers[TIMESTAMP_HEADER]);
      received.push({
        id: String(request.headers[NOTIFICATION_ID_HEADER]),
        valid: request.headers[SIGNATURE_HEADER] === signature(SECRET, timestamp, text),
        body: JSON.parse(text) as Received['body'],
      });
      response.writeHead(status).end();
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('webhook subscriptions', () => {
  it('are validated with every field at fault named', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'passend-webhooks-')), 'webhooks.json');
    writeFileSync(
      file,
      JSON.stringify({ subscriptions: [{ organisatie: 'SWV Breda', url: 'ftp://x', secret: 'short' }] }),
    );
    expect(() => readWebhookConfig(file)).toThrow(WebhookConfigError);
    expect(() => readWebhookConfig(file)).toThrow(
      /subscriptions\.0\.organisatie: must be an organisation id/,
    );
    expect(() => readWebhookConfig(file)).toThrow(/subscriptions\.0\.url: must be an http/);
    expect(() => readWebhookConfig(file)).toThrow(/subscriptions\.0\.secret: must be at least 16 characters/);
    writeFileSync(file, '{"subscriptions": [');
    expect(() => readWebhookConfig(file)).toThrow(/is not JSON/);
  });

  it('deliver signed notifications once the receiver is back, and record what keeps failing', async () => {
    const env = await startDevEnv();
    const dir = mkdtempSync(join(tmpdir(), 'passend-webhooks-'));
    const outboxPath = join(dir, 'outbox.jsonl');
    const [upPort, failingPort] = [await freePort(), await freePort()];
    const webhooks: WebhookConfig = {
      subscriptions: [
        { organisatie: 'swv-up', url: `http://127.0.0.1:${upPort}/hook`, secret: SECRET },
        {
          organisatie: 'swv-failing',
          url: `http://127.0.0.1:${failingPort}/hook`,
          secret: SECRET,
          undeliverableAfterAttempts: 3,
        },
      ],
      undeliverableAfterAttempts: 30,
    };
    const failed: Received[] = [];
    const failing = await receiver(failingPort, 500, failed);
    const worker = await createTestWorker(env, {
      workflowsPath: workflowsPath(),
      activities: createActivities({ outboxPath, webhooks }),
      taskQueue: 'webhooks',
    });
    const running = worker.run();
    try {
      const client = new PassendClient(env.client, { taskQueue: 'webhooks' });
      // intake-na-signaal, backdated: its warning is past already, its due moment 3 seconds away.
      const occurredAt = new Date(Date.now() - 7 * DAY + 3_000).toISOString();
      for (const organisatie of ['swv-up', 'swv-failing']) {
        await client.startCase(
          { caseId: `hook-${organisatie}`, organisatie, regio: 'x' },
          event('signaal.gemeld', { regisseur: 'r-1' }, { occurredAt }),
        );
      }
      // The receiver is down while the warning and then the breach fall due; it comes up, goes down, comes up.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const received: Received[] = [];
      let up = await receiver(upPort, 204, received);
      await close(up);
      up = await receiver(upPort, 204, received);
      const kinds = await eventually(
        async () => new Set(received.map((delivery) => delivery.body.kind)),
        (seen) => seen.size === 2,
        60,
      );
      await close(up);
      expect([...kinds].sort()).toEqual(['deadline.overschreden', 'deadline.waarschuwing']);
      expect(received.every((delivery) => delivery.valid)).toBe(true);
      expect(received.every((delivery) => delivery.id === delivery.body.notificationId)).toBe(true);
      expect(received.every((delivery) => delivery.body.caseId === 'hook-swv-up')).toBe(true);

      // The failing receiver got each of its notifications three times, then they were recorded as undeliverable.
      const undeliverablePath = join(dir, 'undeliverable.jsonl');
      const records = await eventually(
        async () =>
          existsSync(undeliverablePath) ? readFileSync(undeliverablePath, 'utf8').trim().split('\n') : [],
        (lines) => lines.length === 2,
        60,
      );
      const parsed = records.map((line) => JSON.parse(line) as { notificationId: string; attempts: number });
      expect(parsed.map((record) => record.attempts)).toEqual([3, 3]);
      expect(parsed.every((record) => record.notificationId.startsWith('hook-swv-failing/'))).toBe(true);
      expect(failed.length).toBe(6);

      // The outbox holds each notification once, whatever the retries.
      const ids = readFileSync(outboxPath, 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { notificationId: string }).notificationId);
      expect(ids).toHaveLength(4);
      expect(new Set(ids).size).toBe(4);
    } finally {
      await close(failing);
      worker.shutdown();
      await running;
      await env.teardown();
    }
  }, 150_000);
});
