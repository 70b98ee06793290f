// The dashboard end to end: headless Chromium (Debian's `chromium`, driven by playwright-core) against the HTTP
// API on a real Temporal dev server with a real case worker. A case's intake deadline passes while the page is
// open; the workflow's durable timer records the breach, and the page, refreshing itself, shows it breached
// without a reload. A coordinator of another organisation does not see the case at all. A screenshot of the
// page is kept in artifacts/dashboard.png, with the timeline open, and artifacts/dashboard-overview.png (both
// git-ignored).
import { mkdirSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PassendClient } from '../../client/index.js';
import type { CaseView, EventInput } from '../../core/index.js';
import { openCase } from '../../core/index.js';
import type { AccessConfigInput, AuditEntry, DashboardData } from '../../http/index.js';
import { DashboardDataSchema, parseAccessConfig, startHttpServer } from '../../http/index.js';
import { createCaseTestWorker } from '../support/case-env.js';
import { startDevEnv } from '../support/temporal-env.js';
import { ARTIFACTS, launchChromium } from '../support/chromium.js';

const DAY = 86_400_000;
/** How long after its creation the watched case's intake deadline passes. */
const LEAD_MS = 30_000;

const TOKENS = {
  integratorA: 'dash-integrator-swv-a-000000000000001',
  coordinatorA: 'dash-coordinator-swv-a-00000000000002',
  coordinatorB: 'dash-coordinator-swv-b-00000000000003',
} as const;

const ACCESS: AccessConfigInput = {
  tokens: [
    {
      token: TOKENS.integratorA,
      role: 'integrator',
      organisatie: 'swv-a',
      startIn: { organisaties: ['swv-a'], regios: ['regio-a'] },
      actorId: 'int-a',
    },
    {
      token: TOKENS.coordinatorA,
      role: 'coordinator',
      organisatie: 'swv-a',
      regio: 'regio-a',
      actorId: 'coord-a',
    },
    {
      token: TOKENS.coordinatorB,
      role: 'coordinator',
      organisatie: 'swv-b',
      regio: 'regio-b',
      actorId: 'coord-b',
    },
  ],
};

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let passend: PassendClient;
let api: { url: string; close: () => Promise<void> };
let browser: Browser;
const log: AuditEntry[] = [];

let counter = 0;
function event(
  type: string,
  payload: Record<string, unknown>,
  occurredAt: string | undefined,
  role: EventInput['actor']['role'] = 'intern-begeleider',
): EventInput {
  counter++;
  return {
    type,
    payload,
    actor: { role, id: `${role}-1` },
    idempotencyKey: `dashboard-${process.pid}-${counter}`,
    ...(occurredAt === undefined ? {} : { occurredAt }),
  };
}

const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** Starts a case of swv-a through the API, as its integrator. */
async function startCase(body: Record<string, unknown>): Promise<CaseView> {
  const response = await fetch(`${api.url}/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.integratorA}`, 'content-type': 'application/json' },
    body: JSON.stringify({ organisatie: 'swv-a', regio: 'regio-a', ...body }),
  });
  const answer = (await response.json()) as CaseView;
  expect(response.status, JSON.stringify(answer)).toBe(201);
  return answer;
}

/** A signal moment whose `intake-na-signaal` deadline (seven calendar days, local time) falls at `dueAt`. */
function signalDueAt(dueAt: number): string {
  let occurred = dueAt - 7 * DAY;
  for (let attempt = 0; attempt < 3; attempt++) {
    const decision = openCase(
      { caseId: 'probe', organisatie: 'swv-a', regio: 'regio-a' },
      event('signaal.gemeld', { regisseur: 'probe' }, new Date(occurred).toISOString()),
      Date.now(),
    );
    if (!decision.ok) throw new Error(decision.rejection.message);
    const deadline = decision.state.deadlines.find((each) => each.normId === 'intake-na-signaal');
    if (deadline === undefined) throw new Error('no intake-na-signaal deadline');
    const offset = Date.parse(deadline.dueAt) - dueAt;
    if (offset === 0) break;
    occurred -= offset;
  }
  return new Date(occurred).toISOString();
}

async function dashboardData(token: string): Promise<DashboardData> {
  const response = await fetch(`${api.url}/dashboard/data`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return DashboardDataSchema.parse(await response.json());
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((wait) => setTimeout(wait, 250));
  }
}

/** A fresh browser context and page, with every request the page makes recorded. */
async function openPage(): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'nl-NL' });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  return { context, page, requests };
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${api.url}/dashboard?refresh=2`);
  await page.getByLabel('Bearer token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('body[data-loads]').waitFor();
}

const caseRow = (page: Page, caseId: string) => page.locator(`#cases tbody tr[data-case-id="${caseId}"]`);

beforeAll(async () => {
  env = await startDevEnv();
  const created = await createCaseTestWorker(env, 'dashboard-browser');
  worker = created.worker;
  passend = created.client;
  running = worker.run();
  api = await startHttpServer({
    passend,
    access: parseAccessConfig(ACCESS, 'dashboard test access'),
    log: (entry) => log.push(entry),
    port: 0,
    host: '127.0.0.1',
  });
  browser = await launchChromium();

  // Cases of swv-a around the one the test watches: long breached, warned, on time, and two on a waiting list.
  await startCase({
    caseId: 'dash-laat',
    event: event('signaal.gemeld', { regisseur: 'regisseur-a1' }, ago(30)),
  });
  await startCase({
    caseId: 'dash-waarschuwing',
    event: event('signaal.gemeld', { regisseur: 'regisseur-a2' }, ago(6)),
  });
  await startCase({
    caseId: 'dash-op-tijd',
    event: event('signaal.gemeld', { regisseur: 'regisseur-a2' }, ago(1)),
  });
  for (const [caseId, aanbieder, mdo] of [
    ['dash-wacht-lang', 'jeugdzorg-x', 100],
    ['dash-wacht-kort', 'jeugdzorg-y', 20],
  ] as const) {
    await startCase({
      caseId,
      event: event(
        'signaal.gemeld',
        { regisseur: 'regisseur-a2' },
        ago(mdo + 2),
        'schoolmaatschappelijk-werk',
      ),
      history: [
        event('mdo.afgesproken', { soort: 'regulier', sporen: ['gezin'] }, ago(mdo), 'zorgcoordinator'),
        event('zorg.aangemeld', { spoor: 'gezin', aanbieder }, ago(mdo - 1), 'schoolmaatschappelijk-werk'),
        event('zorg.intake-gehouden', { spoor: 'gezin' }, ago(mdo - 10), 'jeugdzorg'),
        event('wachtlijst.geplaatst', { spoor: 'gezin' }, ago(mdo - 11), 'jeugdzorg'),
      ],
    });
  }
  // A case of swv-b in region regio-b, started outside the API: coordinator B's own.
  await passend.startCase(
    { caseId: 'dash-b-laat', organisatie: 'swv-b', regio: 'regio-b' },
    event('signaal.gemeld', { regisseur: 'regisseur-b1' }, ago(12)),
  );
  await until(
    () => dashboardData(TOKENS.coordinatorA),
    (data) =>
      data.openCases === 5 && data.byRisk.waarschuwing === 1 && data.waitingLists.providers.length === 2,
  );
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (worker !== undefined) {
    worker.shutdown();
    await running;
  }
  await env?.teardown();
});

describe('the dashboard in headless Chromium, on a real dev server with real cases', () => {
  it('shows a case breached once its deadline passes, without a reload, with its timeline', async () => {
    // The watched case: its intake deadline passes LEAD_MS from now; its warning (two days before) went out.
    const dueAt = Date.now() + LEAD_MS;
    const started = await startCase({
      caseId: 'dash-bijna',
      event: event('signaal.gemeld', { regisseur: 'regisseur-a1' }, signalDueAt(dueAt)),
    });
    const intake = started.deadlines.find((deadline) => deadline.normId === 'intake-na-signaal');
    expect(intake?.status).toBe('lopend');
    expect(Math.abs(Date.parse(intake?.dueAt ?? '') - dueAt)).toBeLessThan(1_000);

    const { context, page, requests } = await openPage();
    try {
      await signIn(page, TOKENS.coordinatorA);
      // Before the deadline: at risk (waarschuwing), not breached.
      const row = caseRow(page, 'dash-bijna');
      await row.waitFor({ timeout: 15_000 });
      expect(Date.now(), 'the page should load before the deadline passes').toBeLessThan(dueAt);
      expect(await row.getAttribute('data-risk')).toBe('waarschuwing');
      await expect.poll(() => caseRow(page, 'dash-laat').getAttribute('data-risk')).toBe('overschreden');
      await expect.poll(() => page.locator('#updated').textContent()).toMatch(/^updated at \d\d:\d\d:\d\d$/);
      // A marker that a reload would wipe out.
      await page.evaluate(() => Object.assign(globalThis, { dashboardMarker: 'no reload' }));

      // The deadline passes; the workflow's timer records the breach; the page refreshes itself.
      await page
        .locator('#cases tbody tr[data-case-id="dash-bijna"][data-risk="overschreden"]')
        .waitFor({ timeout: dueAt - Date.now() + 30_000 });
      expect(Date.now()).toBeGreaterThanOrEqual(dueAt);
      expect(await page.evaluate(() => (globalThis as { dashboardMarker?: string }).dashboardMarker)).toBe(
        'no reload',
      );
      const navigations = await page.evaluate(
        () =>
          (
            globalThis as unknown as { performance: { getEntriesByType(type: string): unknown[] } }
          ).performance.getEntriesByType('navigation').length,
      );
      expect(navigations).toBe(1);
      expect(Number(await page.locator('body').getAttribute('data-loads'))).toBeGreaterThan(1);
      await expect.poll(() => row.locator('td').nth(1).textContent()).toBe('intake-na-signaal');
      await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('0');

      // By stage, by regisseur, by organisation: the breached cases counted.
      const signaal = page.locator('#by-stage tbody tr[data-key="signaal"] td');
      await expect.poll(() => signaal.allTextContents()).toEqual(['4', '2', '1']);
      await expect
        .poll(() => page.locator('#by-regisseur tbody tr[data-key="regisseur-a1"] td').allTextContents())
        .toEqual(['2', '2', '0']);
      // Waiting lists against treeknorm-behandeling (70 days): the 100-day wait is over the norm.
      expect(
        await page.locator('#waiting tbody tr[data-aanbieder="jeugdzorg-x"]').getAttribute('data-exceeds'),
      ).toBe('true');
      expect(
        await page.locator('#waiting tbody tr[data-aanbieder="jeugdzorg-y"]').getAttribute('data-exceeds'),
      ).toBe('false');
      expect(await page.locator('#waiting caption').textContent()).toContain('treeknorm-behandeling');
      // The chart: one bar group per stage with open cases.
      expect(await page.locator('#stage-svg g[data-stage]').count()).toBe(2);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}dashboard-overview.png`, fullPage: true });

      // The case's timeline: its events, deadlines and the breach.
      await row.getByRole('button', { name: /dash-bijna/ }).click();
      const timeline = page.locator('#timeline');
      await timeline.locator('li[data-kind="deadline.overschreden"]').waitFor();
      expect(await timeline.locator('li[data-kind="deadline.overschreden"]').textContent()).toContain(
        'intake-na-signaal',
      );
      expect(await timeline.locator('li[data-kind="deadline.waarschuwing"]').count()).toBeGreaterThan(0);
      expect(await timeline.locator('li[data-kind="gebeurtenis"]').first().textContent()).toContain(
        'signaal.gemeld',
      );
      expect(await timeline.locator('tr[data-norm-id="intake-na-signaal"]').getAttribute('data-status')).toBe(
        'overschreden',
      );
      expect(await page.locator('#timeline-title').textContent()).toBe('Case dash-bijna');

      await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });

      // Everything the page loaded came from the test server.
      const origin = new URL(api.url).origin;
      expect(requests.length).toBeGreaterThan(2);
      expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
      expect(requests.some((url) => url.startsWith(`${origin}/cases/dash-bijna`))).toBe(true);
    } finally {
      await context.close();
    }
    // Every read of the page went through the access log as coordinator A.
    expect(log.some((entry) => entry.route === '/dashboard/data' && entry.actorId === 'coord-a')).toBe(true);
    expect(log.some((entry) => entry.caseId === 'dash-bijna' && entry.actorId === 'coord-a')).toBe(true);
  }, 120_000);

  it('a coordinator of another organisation does not see the case at all', async () => {
    const { context, page, requests } = await openPage();
    try {
      // A token the server does not know is refused.
      await page.goto(`${api.url}/dashboard?refresh=2`);
      await page.getByLabel('Bearer token').fill('not-a-token-of-this-server-0000000000');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.locator('#error').textContent()).toMatch(/does not know this token/);
      expect(await page.locator('#login').isVisible()).toBe(true);

      await signIn(page, TOKENS.coordinatorB);
      await caseRow(page, 'dash-b-laat').waitFor();
      expect(await caseRow(page, 'dash-b-laat').getAttribute('data-risk')).toBe('overschreden');
      expect(await page.locator('#viewer').textContent()).toContain('coord-b');
      const text = await page.locator('body').innerText();
      expect(text).not.toContain('dash-bijna');
      expect(text).not.toMatch(/dash-(laat|waarschuwing|op-tijd|wacht)/);
      expect(text).not.toContain('swv-a');
      expect(await page.locator('#waiting tbody tr').count()).toBe(0);
      // Nor can it open it directly: answered as a case that does not exist.
      const direct = await page.evaluate(async (token) => {
        const response = await fetch('/cases/dash-bijna', { headers: { authorization: `Bearer ${token}` } });
        return response.status;
      }, TOKENS.coordinatorB);
      expect(direct).toBe(404);

      // Signing out forgets the token.
      await page.getByRole('button', { name: 'Sign out' }).click();
      expect(await page.locator('#login').isVisible()).toBe(true);
      const stored = await page.evaluate(
        () => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length,
      );
      expect(stored).toBe(0);
      const origin = new URL(api.url).origin;
      expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
