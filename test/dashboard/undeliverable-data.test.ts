// GET /dashboard/data names the webhook notifications the worker gave up on (undeliverable.jsonl beside its
// outbox) to the coordinators whose cases they are, on a real dev server: scoped like a case, the subscriber's
// host only, unreadable lines counted, a file that cannot be read said so without failing the dashboard, nothing
// at all when the server does not know the file; and the page's section in headless Chromium.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../http/index.js';
import {
  createHttpServer,
  DashboardDataSchema,
  parseAccessConfig,
  startHttpServer,
} from '../../http/index.js';
import { undeliverableSummary } from '../../http/dashboard/client/undeliverable-words.js';
import type { HttpEnv, TokenName } from '../http/http-env.js';
import { ACCESS, startHttpEnv, TOKENS } from '../http/http-env.js';
import { launchChromium } from '../support/chromium.js';

/** A subscriber whose URL carries a token in its path and query, as some receivers want it. */
const SECRET_URL = 'https://hooks.noord.example/in/SECRET-PATH-TOKEN?key=SECRET-QUERY-KEY';

function record(
  caseId: string,
  place: { organisatie: string; regio: string },
  recordedAt: string,
  extra: { url?: string; kind?: string; stap?: number } = {},
) {
  const kind = extra.kind ?? 'deadline.overschreden';
  const url = extra.url ?? 'https://hooks.example.org/passend';
  return {
    notificationId: `${caseId}/intake-na-signaal/${kind}/2026-03-01T09:00:00.000Z`,
    url,
    attempts: 30,
    failure: `webhook ${url} answered 503`,
    recordedAt,
    notification: {
      kind,
      caseId,
      ...place,
      deadlineId: 'intake-na-signaal',
      normId: 'intake-na-signaal',
      title: 'Intake binnen vijf werkdagen na het signaal',
      dueAt: '2026-03-01T09:00:00.000Z',
      detectedAt: '2026-03-01T09:00:00.000Z',
      stage: 'signaal',
      regisseur: 'regisseur-1',
      ...(extra.stap === undefined ? {} : { stap: extra.stap, rol: 'coordinator' }),
    },
  };
}

const noord = { organisatie: 'swv-noord', regio: 'noord' };
const zuid = { organisatie: 'swv-zuid', regio: 'zuid' };
/** Another organisation in region noord: the coordinator of swv-noord also sees its region's cases. */
const andersInNoord = { organisatie: 'swv-anders', regio: 'noord' };

const LINES = [
  JSON.stringify(record('ud-noord-oud', noord, '2026-03-02T10:00:00.000Z')),
  JSON.stringify(record('ud-zuid', zuid, '2026-03-03T10:00:00.000Z')),
  '{"notificationId": "torn line', // a line cut off by a crash: not JSON
  JSON.stringify(
    record('ud-noord-nieuw', noord, '2026-03-04T10:00:00.000Z', {
      url: SECRET_URL,
      kind: 'deadline.opgeschaald',
      stap: 2,
    }),
  ),
  JSON.stringify({ notificationId: 'x', url: 'https://a.example', attempts: 1 }), // JSON, but no record
  JSON.stringify(record('ud-anders', andersInNoord, '2026-03-01T10:00:00.000Z')),
];

describe('GET /dashboard/data: notifications not delivered, within the viewer’s scope', () => {
  let http: HttpEnv;
  let app: FastifyInstance;
  let api: { url: string; close: () => Promise<void> };
  let browser: Browser;
  const log: AuditEntry[] = [];

  async function undeliverable(token: TokenName, query = '') {
    const response = await app.inject({
      method: 'GET',
      url: `/dashboard/data${query}`,
      headers: { authorization: `Bearer ${TOKENS[token]}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    // Never the subscriber's path or query, where a token may be.
    expect(response.body).not.toMatch(/SECRET/);
    return DashboardDataSchema.parse(response.json()).undeliverable;
  }

  beforeAll(async () => {
    http = await startHttpEnv('undeliverable-data');
    const folder = mkdtempSync(join(tmpdir(), 'passend-undeliverable-'));
    const path = join(folder, 'undeliverable.jsonl');
    writeFileSync(path, `${LINES.join('\n')}\n`, 'utf8');
    const started = await startHttpServer({
      passend: http.client,
      access: parseAccessConfig(ACCESS, 'test access'),
      log: (entry) => log.push(entry),
      undeliverablePath: path,
      port: 0,
      host: '127.0.0.1',
    });
    api = started;
    app = started.app;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await http?.teardown();
  });

  it('a coordinator sees those of its organisation and region, the latest first, the host only', async () => {
    const seen = await undeliverable('coordinator');
    expect(seen).toMatchObject({ count: 3, unreadable: 2, error: null });
    expect(seen?.latest.map((entry) => entry.caseId)).toEqual([
      'ud-noord-nieuw',
      'ud-noord-oud',
      'ud-anders',
    ]);
    expect(seen?.latest[0]).toEqual({
      caseId: 'ud-noord-nieuw',
      organisatie: 'swv-noord',
      regio: 'noord',
      normId: 'intake-na-signaal',
      kind: 'deadline.opgeschaald',
      stap: 2,
      host: 'hooks.noord.example',
      attempts: 30,
      failure: 'webhook hooks.noord.example answered 503',
      recordedAt: '2026-03-04T10:00:00.000Z',
    });
    expect(undeliverableSummary(seen ?? null)).toBe(
      "3 notifications could not be delivered to a subscriber's webhook; 2 lines of the file could not be read.",
    );
  });

  it('the coordinator of another organisation sees only its own', async () => {
    const seen = await undeliverable('otherCoordinator');
    expect(seen).toMatchObject({ count: 1, unreadable: 2 });
    expect(seen?.latest.map((entry) => entry.caseId)).toEqual(['ud-zuid']);
  });

  it('an auditor sees every one', async () => {
    const seen = await undeliverable('auditor');
    expect(seen?.count).toBe(4);
    expect(seen?.latest.map((entry) => entry.caseId)).toEqual([
      'ud-noord-nieuw',
      'ud-zuid',
      'ud-noord-oud',
      'ud-anders',
    ]);
  });

  it('the dashboard’s organisation filter narrows them as it narrows the cases', async () => {
    const seen = await undeliverable('coordinator', '?organisatie=swv-noord');
    expect(seen?.latest.map((entry) => entry.caseId)).toEqual(['ud-noord-nieuw', 'ud-noord-oud']);
  });

  it('names the cases it showed in the access log', async () => {
    log.length = 0;
    await undeliverable('otherCoordinator');
    expect(log.at(-1)).toMatchObject({
      route: '/dashboard/data',
      status: 200,
      disclosedCaseIds: ['ud-zuid'],
    });
  });

  it('says nothing of them when the server was not told where the file is', async () => {
    const response = await http.call('GET', '/dashboard/data', 'auditor');
    expect(response.status).toBe(200);
    expect(DashboardDataSchema.parse(response.body).undeliverable).toBeNull();
    expect(undeliverableSummary(null)).toBe('');
  });

  it('a file it cannot read is said so, and the rest of the dashboard answers as usual', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'passend-undeliverable-dir-'));
    const broken = createHttpServer({
      passend: http.client,
      access: parseAccessConfig(ACCESS, 'test access'),
      log: () => undefined,
      undeliverablePath: folder, // a folder, not a file: EISDIR
    });
    try {
      const response = await broken.inject({
        method: 'GET',
        url: '/dashboard/data',
        headers: { authorization: `Bearer ${TOKENS.auditor}` },
      });
      expect(response.statusCode, response.body).toBe(200);
      const seen = DashboardDataSchema.parse(response.json()).undeliverable;
      expect(seen).toEqual({
        count: 0,
        unreadable: 0,
        latest: [],
        error: 'undeliverable.jsonl could not be read (EISDIR)',
      });
      expect(response.body).not.toContain(folder);
      expect(undeliverableSummary(seen)).toBe('undeliverable.jsonl could not be read (EISDIR).');
    } finally {
      await broken.close();
    }
  });

  it('the page has the section, hidden until the data names any', async () => {
    const page = await app.inject({ method: 'GET', url: '/dashboard' });
    expect(page.body).toMatch(/<section id="undeliverable" class="card"[^>]* hidden>/);
    expect(page.body).toMatch(/<h2 id="undeliverable-title">Niet afgeleverde meldingen<\/h2>/);
  });

  it('in the browser, the coordinator sees the section with its own notifications, the host only', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${api.url}/dashboard`);
      await page.getByLabel('Bearer token').fill(TOKENS.coordinator);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('body[data-loads]').waitFor();
      const section = page.locator('#undeliverable');
      await section.waitFor();
      expect(await section.locator('h2').textContent()).toBe('Niet afgeleverde meldingen');
      expect(await page.locator('#undeliverable-summary').textContent()).toMatch(
        /^3 notifications could not/,
      );
      const rows = section.locator('tbody tr');
      expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-case-id')))).toEqual([
        'ud-noord-nieuw',
        'ud-noord-oud',
        'ud-anders',
      ]);
      expect(await rows.first().textContent()).toMatch(
        /intake-na-signaal.*opgeschaald stap 2.*hooks\.noord\.example/,
      );
      expect(await page.content()).not.toContain('SECRET');
    } finally {
      await context.close();
    }
  });
});
