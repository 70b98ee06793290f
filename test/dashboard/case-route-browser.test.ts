// A case on its route, in headless Chromium against the HTTP API on a real Temporal dev server: case M. loaded
// with its backdated 2013 history; the case panel shows the route's diagram with the states the case was in on
// 1 March 2013 highlighted, exactly those `passend audit at` gives for that day (audit/at.ts on the case's
// export), and stepping through its journal shows, entry by entry, what `audit at` gives for each entry's
// moment. Every state of each shipped route is drawn. Screenshots: artifacts/dashboard-case-route.png and
// artifacts/route-<id>.png (git-ignored).
import { mkdirSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import type { AuditExport } from '../../audit/index.js';
import { caseAt, exportCase } from '../../audit/index.js';
import type { PassendClient } from '../../client/index.js';
import type { EventInput } from '../../core/index.js';
import { scenarioEventInput } from '../../core/index.js';
import { svgDiagram } from '../../core/route-svg.js';
import { CaseRouteSchema } from '../../http/case-route-schemas.js';
import type { AuditEntry } from '../../http/index.js';
import { parseAccessConfig, startHttpServer } from '../../http/index.js';
import { ROUTES } from '../../machines/index.js';
import { seedScenarios } from '../../scenarios/index.js';
import { createCaseTestWorker } from '../support/case-env.js';
import { startDevEnv } from '../support/temporal-env.js';
import { ARTIFACTS, launchChromium } from '../support/chromium.js';

const CASE_M = 'demo-casus-m';
const TOKENS = {
  auditor: 'route-auditor-00000000000000000000001',
  coordinatorM: 'route-coordinator-m-0000000000000002',
  coordinatorOther: 'route-coordinator-x-0000000000000003',
} as const;

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let passend: PassendClient;
let api: { url: string; close: () => Promise<void> };
let browser: Browser;
let exported: AuditExport;
const log: AuditEntry[] = [];

beforeAll(async () => {
  env = await startDevEnv();
  const created = await createCaseTestWorker(env, 'case-route-browser');
  worker = created.worker;
  passend = created.client;
  running = worker.run();
  const scenario = seedScenarios().get('case-m');
  if (scenario === undefined) throw new Error('no seed scenario case-m');
  const [first, ...history] = scenario.events.map((_, index) => scenarioEventInput(scenario, index));
  await passend.startCase(
    { caseId: scenario.caseId, routeId: scenario.route, ...scenario.start },
    first as EventInput,
    { history: history as EventInput[] },
  );
  api = await startHttpServer({
    passend,
    access: parseAccessConfig(
      {
        tokens: [
          { token: TOKENS.auditor, role: 'auditor', organisatie: 'inspectie', actorId: 'auditor-1' },
          {
            token: TOKENS.coordinatorM,
            role: 'coordinator',
            organisatie: 'vo-school-m',
            regio: 'regio-m',
            actorId: 'coord-m',
          },
          {
            token: TOKENS.coordinatorOther,
            role: 'coordinator',
            organisatie: 'swv-x',
            regio: 'regio-x',
            actorId: 'coord-x',
          },
        ],
      },
      'case route test access',
    ),
    log: (entry) => log.push(entry),
    port: 0,
    host: '127.0.0.1',
  });
  browser = await launchChromium();
  exported = await exportCase(passend.client, CASE_M);
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

function statesOf(node: AnyStateNode): string[] {
  return (Object.values(node.states) as AnyStateNode[]).flatMap((child) => [
    child.path.join('.'),
    ...statesOf(child),
  ]);
}

/** The leaf states the diagram in the panel highlights: active boxes with no active box inside them. */
async function highlighted(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown> } })
      .document;
    const active = Array.from(
      doc.querySelectorAll('#case-route g.state.active') as ArrayLike<{ getAttribute(n: string): string }>,
    ).map((element) => element.getAttribute('data-state'));
    return active.filter((state) => !active.some((other) => other.startsWith(`${state}.`))).sort();
  });
}

async function fetchRoute(token: string): Promise<Response> {
  return fetch(`${api.url}/dashboard/cases/${CASE_M}/route`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('a case on its route, in headless Chromium', () => {
  it('draws every state of each shipped route', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    try {
      mkdirSync(ARTIFACTS, { recursive: true });
      for (const route of ROUTES.values()) {
        await page.setContent(await svgDiagram(route.machine));
        for (const state of statesOf(route.machine.root)) {
          const box = await page.locator(`g.state[data-state="${state}"]`).boundingBox();
          expect(box, `${route.id}: ${state}`).not.toBeNull();
          expect(box?.width ?? 0, `${route.id}: ${state}`).toBeGreaterThan(10);
        }
        await page.screenshot({ path: `${ARTIFACTS}route-${route.id}.png`, fullPage: true });
      }
    } finally {
      await page.close();
    }
  }, 60_000);

  it('answers the case panel within the API’s roles and scopes', async () => {
    const own = await fetchRoute(TOKENS.coordinatorM);
    expect(own.status).toBe(200);
    const route = CaseRouteSchema.parse(await own.json());
    expect(route.steps).toHaveLength(exported.journal.length);
    // Each entry on the case's own clock: the 2013 breach at its due moment, not when this test loaded it.
    const breach = route.steps.find((step) => step.what === 'deadline.overschreden treeknorm-intake');
    expect(breach?.at).toBe('2013-02-21T11:00:00.000Z');
    // A moment the journal cannot answer for is refused, naming the parameter.
    const before = await fetch(`${api.url}/dashboard/cases/${CASE_M}/route?at=2012-12-31`, {
      headers: { authorization: `Bearer ${TOKENS.auditor}` },
    });
    expect(before.status).toBe(400);
    expect(JSON.stringify(await before.json())).toMatch(/"at".*before case demo-casus-m began/);
    expect((await fetchRoute(TOKENS.coordinatorOther)).status).toBe(404);
    expect((await fetch(`${api.url}/dashboard/cases/${CASE_M}/route`)).status).toBe(401);
    // Every read of a case's route is in the access log, with the case it disclosed.
    expect(log.some((entry) => entry.caseId === CASE_M && entry.actorId === 'coord-m')).toBe(true);
  });

  it('shows case M. on 1 March 2013 in the states `audit at` gives, and steps through its journal', async () => {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 1100 },
      locale: 'nl-NL',
      // Far from Amsterdam: the page shows Amsterdam's dates all the same.
      timezoneId: 'Pacific/Auckland',
    });
    const page = await context.newPage();
    try {
      await page.goto(`${api.url}/dashboard?refresh=3600&case=${CASE_M}`);
      await page.getByLabel('Bearer token').fill(TOKENS.auditor);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const panel = page.locator('#case-route');
      await panel.waitFor({ timeout: 30_000 });

      // As it stands now: the last entry, its states those `audit at` gives for that entry's moment.
      const steps = exported.journal.length;
      expect(await panel.getAttribute('data-step')).toBe(String(steps - 1));

      // 1 March 2013, as `passend audit at demo-casus-m 2013-03-01` takes it: the end of that day in Amsterdam.
      await page.locator('#route-date').fill('2013-03-01');
      await page.locator('#route-date-show').click();
      await expect.poll(() => panel.getAttribute('data-step')).toBe('moment');
      const march = caseAt(exported, '2013-03-01T22:59:59.999Z');
      expect(march.states).toContain('arrangement.lopend.gezin.wachten.aangemeld');
      await expect.poll(() => highlighted(page)).toEqual([...march.states].sort());
      // Its open deadlines on the states they watch: the family's intake, overdue, on the gezin region.
      const intake = page.locator(
        '#case-route g.deadline-mark.overschreden[data-norm-id="treeknorm-intake"][data-watches="arrangement.lopend.gezin"]',
      );
      expect(await intake.count()).toBe(1);
      expect(
        await page.locator('#route-deadlines li[data-norm-id="treeknorm-intake"]').textContent(),
      ).toContain('due 21-02-2013, 12:00');
      // The transitions it took by then, drawn as taken.
      expect(await page.locator('#case-route g.transition.taken[data-event="mdo.afgesproken"]').count()).toBe(
        1,
      );
      expect(await page.locator('#case-route g.transition.taken[data-event="zorg.gestart"]').count()).toBe(0);
      await page.screenshot({ path: `${ARTIFACTS}dashboard-case-route.png`, fullPage: false });

      // Stepping: from the first entry to the last, each the answer of `audit at` for the entry's moment.
      await page.locator('#route-step').fill('0');
      await expect.poll(() => panel.getAttribute('data-step')).toBe('0');
      expect(await page.locator('#route-previous').isDisabled()).toBe(true);
      const route = CaseRouteSchema.parse(
        await (
          await fetch(`${api.url}/dashboard/cases/${CASE_M}/route`, {
            headers: { authorization: `Bearer ${TOKENS.auditor}` },
          })
        ).json(),
      );
      for (let index = 0; index < steps; index++) {
        const entry = exported.journal[index];
        const moment = route.steps[index]?.at;
        if (entry === undefined || moment === undefined) throw new Error(`no entry ${index}`);
        const at = caseAt(exported, moment);
        await expect.poll(() => panel.getAttribute('data-step')).toBe(String(index));
        expect(await highlighted(page), `entry #${entry.seq}`).toEqual([...at.states].sort());
        expect(await page.locator('#route-step-label').textContent()).toContain(`#${entry.seq}`);
        if (index < steps - 1) await page.locator('#route-next').click();
      }
      expect(await page.locator('#route-next').isDisabled()).toBe(true);
      // The transitions taken, with their dates in Amsterdam: the first is the signal on 24 January 2013.
      const transitions = page.locator('#route-transitions li');
      expect(await transitions.first().textContent()).toContain('24-01-2013, 10:00 signaal.gemeld');
      expect(await page.locator('#case-route g.transition.taken[data-event="zorg.gestart"]').count()).toBe(1);
    } finally {
      await context.close();
    }
  }, 120_000);
});
