// Live inspection in headless Chromium against the HTTP API on a real Temporal dev server: the receiver page
// (/inspect?case=ID) is open and listening when `passend inspect ID --url ws://…/inspect/ws?case=ID` starts
// following the case; the page lists the replayed journal, and an event sent to the live case while the page is
// open appears in its list, with the diagram highlighting the states `passend audit at` gives after it. A
// coordinator outside the case's scope is refused on the page with the reason. Screenshot:
// artifacts/inspect-receiver.png (git-ignored).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAt, exportCase } from '../../audit/index.js';
import { journalMoments } from '../../audit/entry-moment.js';
import type { PassendClient } from '../../client/index.js';
import type { EventInput, Instant } from '../../core/index.js';
import { scenarioEventInput } from '../../core/index.js';
import { parseAccessConfig, startHttpServer } from '../../http/index.js';
import { seedScenarios } from '../../scenarios/index.js';
import { createCaseTestWorker } from '../support/case-env.js';
import { startPassend } from '../support/cli-process.js';
import { startDevEnv } from '../support/temporal-env.js';
import { ARTIFACTS, launchChromium } from '../support/chromium.js';

const CASE = 'demo-levi';
const TOKENS = {
  coordinator: 'inspect-page-coordinator-000000000001',
  otherCoordinator: 'inspect-page-coordinator-x-0000000002',
} as const;

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let passend: PassendClient;
let api: { url: string; close: () => Promise<void> };
let browser: Browser;
const scenario = seedScenarios().get('levi')!;

beforeAll(async () => {
  env = await startDevEnv();
  ({ worker, client: passend } = await createCaseTestWorker(env, 'inspect-browser'));
  running = worker.run();
  const [first, ...history] = scenario.events
    .slice(0, 5)
    .map((_, index) => scenarioEventInput(scenario, index));
  await passend.startCase({ caseId: CASE, routeId: scenario.route, ...scenario.start }, first as EventInput, {
    history: history as EventInput[],
  });
  api = await startHttpServer({
    passend,
    access: parseAccessConfig(
      {
        tokens: [
          {
            token: TOKENS.coordinator,
            role: 'coordinator',
            organisatie: scenario.start.organisatie,
            actorId: 'coord-levi',
          },
          { token: TOKENS.otherCoordinator, role: 'coordinator', organisatie: 'swv-x', actorId: 'coord-x' },
        ],
      },
      'inspect page test access',
    ),
    log: () => undefined,
    port: 0,
    host: '127.0.0.1',
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (worker !== undefined) {
    worker.shutdown();
    await running;
  }
  await env?.teardown();
});

/** Opens the receiver page for the case and signs in with `token`. */
async function openPage(token: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${api.url}/inspect?case=${CASE}`);
  await page.getByLabel('Bearer token').fill(token);
  await page.getByRole('button', { name: 'Inspect' }).click();
  return page;
}

/** The leaf states the page's diagram highlights. */
async function highlighted(page: Page): Promise<string[]> {
  const states = await page.locator('#diagram svg').getAttribute('data-states');
  return (states ?? '')
    .split(' ')
    .filter((state) => state !== '')
    .sort();
}

describe('the live inspection page, in headless Chromium', () => {
  it('shows an event sent to the live case while it is open, on the diagram and in its list', async () => {
    const page = await openPage(TOKENS.coordinator);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const dir = mkdtempSync(join(tmpdir(), 'passend-inspect-page-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, TOKENS.coordinator);
    const socket = `${api.url.replace(/^http/, 'ws')}/inspect/ws?case=${CASE}`;
    let inspect: ReturnType<typeof startPassend> | undefined;
    try {
      await expect
        .poll(() => page.locator('#status').textContent(), { timeout: 30_000 })
        .toBe(`listening for case ${CASE}`);
      expect(await page.locator('#command').textContent()).toContain(
        `passend inspect ${CASE} --url '${socket}'`,
      );

      inspect = startPassend([
        'inspect',
        CASE,
        '--url',
        socket,
        '--token-file',
        tokenFile,
        '--address',
        env.address,
      ]);
      await inspect.waitFor((_, stderr) => stderr.includes('following its new events'));
      const before = await exportCase(passend.client, CASE);
      const events = page.locator('#events li');
      await expect.poll(() => events.count(), { timeout: 30_000 }).toBe(before.journal.length);

      await passend.sendEvent(CASE, scenarioEventInput(scenario, 5) as unknown as EventInput);
      const arrived = page.locator('#events li[data-type="evaluatie.gestart"]');
      await arrived.waitFor({ timeout: 30_000 });
      const after = await exportCase(passend.client, CASE);
      expect(after.journal.length).toBe(before.journal.length + 1);
      // The newest event first; the diagram in the states `audit at` gives at its moment.
      expect(await events.first().getAttribute('data-type')).toBe('evaluatie.gestart');
      const moment = journalMoments(after.journal).at(-1) as Instant;
      await expect.poll(() => highlighted(page)).toEqual([...caseAt(after, moment).states].sort());
      expect(await page.locator('#current').textContent()).toContain('After evaluatie.gestart');
      expect(
        await page.locator('#diagram g.transition.taken[data-event="evaluatie.gestart"]').count(),
      ).toBeGreaterThan(0);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'inspect-receiver.png'), fullPage: true });
      expect(errors).toEqual([]);

      inspect.child.kill('SIGINT');
      expect(await inspect.exited).toBe(0);
      expect(inspect.stderr()).toContain(`case ${CASE}: evaluatie.gestart`);
    } finally {
      if (inspect !== undefined && inspect.child.exitCode === null) inspect.child.kill('SIGKILL');
      await page.close();
    }
  }, 120_000);

  it('refuses a coordinator outside the case’s scope, saying why', async () => {
    const page = await openPage(TOKENS.otherCoordinator);
    try {
      const error = page.locator('#error');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.textContent()).toBe(
        `Cannot inspect case ${CASE}: case ${CASE} does not exist (HTTP 404)`,
      );
      expect(await page.locator('#inspector').isHidden()).toBe(true);
    } finally {
      await page.close();
    }
  }, 60_000);
});
