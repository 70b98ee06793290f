// The dashboard's "One child, one plan" section in headless Chromium against the HTTP API on a real dev server: two
// open cases of one child in a region are listed for the region's coordinator, the overdue one is marked in the
// overdue list, and the child's reference appears nowhere on the page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAccessConfig, startHttpServer } from '../../http/index.js';
import { ACCESS, eventually, httpEvent, TOKENS, useHttpEnv } from '../http/http-env.js';
import { launchChromium } from '../support/chromium.js';

const REFERENTIE = 'kind-browser-8c2';

const http = useHttpEnv('dashboard-one-child', async (http) => {
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const start = (caseId: string, organisatie: string, occurredAt?: string) =>
    http.client.startCase(
      { caseId, organisatie, regio: 'noord', kindReferentie: REFERENTIE },
      httpEvent(
        'signaal.gemeld',
        { regisseur: `${organisatie}-cl` },
        occurredAt === undefined ? {} : { occurredAt },
      ),
    );
  await start('dash-kind-laat', 'swv-noord', monthAgo);
  // Listed before the child's next case starts, so that one finds it (see docs/coordinators.md on the lag).
  await eventually(
    () => http.client.listCases({ regio: 'noord' }),
    (cases) => cases.some((summary) => summary.caseId === 'dash-kind-laat'),
  );
  await start('dash-kind-gemeente', 'gemeente-noord');
  await eventually(
    () => http.client.listCases({ regio: 'noord', dubbeleCasus: true }),
    (cases) => cases.length === 2,
  );
});

let api: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  api = await startHttpServer({
    passend: http.client,
    access: parseAccessConfig(ACCESS, 'one-child dashboard access'),
    log: (entry) => http.log.push(entry),
    port: 0,
    host: '127.0.0.1',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('the dashboard shows a coordinator the open cases of one child in the region', () => {
  it('lists both cases in "One child, one plan" and marks the overdue one, without the reference', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${api.url}/dashboard`);
      await page.getByLabel('Bearer token').fill(TOKENS.coordinator);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('body[data-loads]').waitFor();
      const section = page.locator('#dubbel');
      await section.waitFor();
      const rows = section.locator('tbody tr');
      expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-case-id')))).toEqual([
        'dash-kind-gemeente',
        'dash-kind-laat',
      ]);
      expect(await rows.first().textContent()).toMatch(/gemeente-noord.*noord.*signaal/);
      const overdueRow = page.locator('#cases tbody tr[data-case-id="dash-kind-laat"]');
      expect(await overdueRow.locator('.badge.dubbel').textContent()).toBe('one child, twice');
      expect(await page.content()).not.toContain(REFERENTIE);
    } finally {
      await context.close();
    }
  });
});
