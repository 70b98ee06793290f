// GET /dashboard/data: the figures computed purely from case summaries, the page shell, and the route over
// HTTP on a real dev server, scoped like the list routes and written to the access log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary, PassendClient } from '../../client/index.js';
import {
  createHttpServer,
  DashboardDataSchema,
  dashboardData,
  parseAccessConfig,
  termInDays,
} from '../../http/index.js';
import type { DashboardData } from '../../http/index.js';
import type { HttpEnv, TokenName } from '../http/http-env.js';
import { ACCESS, eventually, httpEvent, startBody, startHttpEnv } from '../http/http-env.js';

const DAY = 86_400_000;
const AT = new Date('2026-03-01T12:00:00.000Z');
const before = (days: number, from = AT) => new Date(from.getTime() - days * DAY).toISOString();

function summary(caseId: string, extra: Partial<CaseSummary> = {}): CaseSummary {
  return {
    caseId,
    workflowId: `casus-${caseId}`,
    route: 'toeleiding',
    stage: 'signaal',
    stageSince: before(1),
    regisseur: 'regisseur-1',
    organisatie: 'swv-noord',
    regio: 'noord',
    risk: 'op-schema',
    nextDueAt: before(-5),
    overdueNorms: [],
    overdueSince: null,
    warnedNorms: [],
    wachtlijstAanbieders: [],
    breaches: 0,
    dubbeleCasus: false,
    status: 'RUNNING',
    startedAt: before(1),
    closedAt: null,
    ...extra,
  };
}

const viewer: DashboardData['viewer'] = {
  role: 'auditor',
  actorId: 'audit-1',
  organisatie: 'inspectie',
  regio: null,
  scope: 'every case',
};

describe('dashboardData: the figures from search attributes only', () => {
  const cases = [
    summary('laat-1', {
      risk: 'overschreden',
      overdueNorms: ['breda-route', 'intake-na-signaal'],
      overdueSince: before(23),
      breaches: 2,
      stageSince: before(30),
    }),
    summary('laat-2', {
      risk: 'overschreden',
      overdueNorms: ['intake-na-signaal'],
      overdueSince: before(3.5),
      regisseur: 'regisseur-2',
      organisatie: 'swv-derde',
      stageSince: before(10),
    }),
    summary('bijna', { risk: 'waarschuwing', warnedNorms: ['intake-na-signaal'], nextDueAt: before(-1) }),
    summary('bijna-later', { risk: 'waarschuwing', warnedNorms: ['zorgplicht'], nextDueAt: before(-3) }),
    summary('wacht-lang', {
      stage: 'arrangement',
      stageSince: before(100),
      wachtlijstAanbieders: ['jeugdzorg-x'],
    }),
    summary('wacht-kort', {
      stage: 'arrangement',
      stageSince: before(20),
      wachtlijstAanbieders: ['jeugdzorg-x', 'jeugdzorg-y'],
    }),
    summary('geen-regisseur', { regisseur: null, stageSince: null }),
  ];
  const data = dashboardData(cases, AT, { viewer, truncated: false });

  it('is what the schema documents', () => {
    expect(DashboardDataSchema.parse(data)).toEqual(data);
    expect(data).toMatchObject({ at: AT.toISOString(), openCases: 7, truncated: false });
    expect(data.byRisk).toEqual({ 'op-schema': 3, waarschuwing: 2, overschreden: 2 });
  });

  it('lists overdue cases the longest overdue first with whole days over, then those at risk', () => {
    expect(data.cases.map((entry) => [entry.caseId, entry.risk, entry.daysOver])).toEqual([
      ['laat-1', 'overschreden', 23],
      ['laat-2', 'overschreden', 3],
      ['bijna', 'waarschuwing', null],
      ['bijna-later', 'waarschuwing', null],
    ]);
    expect(data.cases[0]).toMatchObject({
      overdueNorms: ['breda-route', 'intake-na-signaal'],
      stage: 'signaal',
      regisseur: 'regisseur-1',
      organisatie: 'swv-noord',
      breaches: 2,
    });
  });

  it('groups open cases by stage, regisseur and organisation, the most breached first', () => {
    expect(data.byStage).toEqual([
      { key: 'signaal', open: 5, overschreden: 2, waarschuwing: 2 },
      { key: 'arrangement', open: 2, overschreden: 0, waarschuwing: 0 },
    ]);
    expect(data.byRegisseur.map((group) => group.key)).toEqual(['regisseur-1', 'regisseur-2', '(onbekend)']);
    expect(data.byRegisseur[0]).toEqual({ key: 'regisseur-1', open: 5, overschreden: 1, waarschuwing: 2 });
    expect(data.byOrganisatie).toEqual([
      { key: 'swv-noord', open: 6, overschreden: 1, waarschuwing: 2 },
      { key: 'swv-derde', open: 1, overschreden: 1, waarschuwing: 0 },
    ]);
  });

  it('holds waiting lists against treeknorm-behandeling: ten weeks', () => {
    expect(data.waitingLists.norm).toMatchObject({ id: 'treeknorm-behandeling', termDays: 70 });
    expect(data.waitingLists.providers).toEqual([
      {
        aanbieder: 'jeugdzorg-x',
        cases: 2,
        caseIds: ['wacht-lang', 'wacht-kort'],
        longestWaitDays: 100,
        longestSince: before(100),
        overNorm: 1,
        exceedsNorm: true,
      },
      {
        aanbieder: 'jeugdzorg-y',
        cases: 1,
        caseIds: ['wacht-kort'],
        longestWaitDays: 20,
        longestSince: before(20),
        overNorm: 0,
        exceedsNorm: false,
      },
    ]);
  });

  it('gives the time in the current stage per stage: nearest-rank median and p90', () => {
    // signaal: 1, 1, 10, 30 days (the case without stageSince is left out); arrangement: 20, 100.
    expect(data.timeInStage).toEqual([
      { stage: 'arrangement', cases: 2, medianDays: 20, p90Days: 100, maxDays: 100 },
      { stage: 'signaal', cases: 4, medianDays: 1, p90Days: 30, maxDays: 30 },
    ]);
  });

  it('counts terms in calendar days', () => {
    expect(termInDays({ amount: 10, unit: 'weken' })).toBe(70);
    expect(termInDays({ amount: 7, unit: 'dagen' })).toBe(7);
    expect(termInDays({ amount: 5, unit: 'werkdagen' })).toBe(7);
  });

  it('says so when nothing is open', () => {
    const empty = dashboardData([], AT, { viewer, truncated: false });
    expect(empty).toMatchObject({ openCases: 0, cases: [], byStage: [], timeInStage: [] });
    expect(empty.waitingLists.providers).toEqual([]);
  });
});

describe('GET /dashboard: the page itself holds no data and loads nothing from elsewhere', () => {
  const app = createHttpServer({
    passend: {} as PassendClient,
    access: parseAccessConfig(ACCESS, 'test'),
    log: () => undefined,
  });

  it('is one HTML document, served without a token, with a CSP that allows only itself', async () => {
    const response = await app.inject({ method: 'GET', url: '/dashboard?refresh=2' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/connect-src 'self'/);
    const html = response.body;
    expect(html).toMatch(/^<!doctype html>/);
    // No URL of any kind, and nothing loaded by src or href.
    expect(html).not.toMatch(/:\/\//);
    expect(html).not.toMatch(/\s(?:src|href)=/);
    expect(html).not.toMatch(/@import|url\(/);
    // Accessibility basics: headings, captions, a live region for the updated-at line.
    expect(html).toMatch(/<h1>/);
    expect(html).toMatch(/id="updated" role="status" aria-live="polite"/);
    expect(html.match(/<caption/g)?.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses a refresh that is not a number of seconds', async () => {
    const response = await app.inject({ method: 'GET', url: '/dashboard?refresh=soon' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid-request', issues: [{ path: 'refresh' }] });
  });
});

describe('GET /dashboard/data over HTTP: coordinators and auditors, within their scope', () => {
  let http: HttpEnv;

  async function data(token: TokenName, query = '') {
    const response = await http.call('GET', `/dashboard/data${query}`, token);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return DashboardDataSchema.parse(response.body);
  }
  const ids = (figures: DashboardData) => figures.cases.map((entry) => entry.caseId).sort();

  beforeAll(async () => {
    http = await startHttpEnv('dashboard-data');
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY).toISOString();
    const starts: [TokenName, ReturnType<typeof startBody>][] = [
      ['integrator', startBody('dd-laat', { occurredAt: ago(30) })],
      ['integrator', startBody('dd-waarschuwing', { occurredAt: ago(6) })],
      ['integrator', startBody('dd-op-tijd')],
      [
        'otherIntegrator',
        startBody('dd-zuid', { organisatie: 'swv-zuid', regio: 'zuid', occurredAt: ago(30) }),
      ],
    ];
    for (const [token, body] of starts) {
      expect((await http.call('POST', '/cases', token, body)).status, body.caseId).toBe(201);
    }
    // A case on a provider's waiting list for 100 days: its arrangement began at the MDO.
    const waiting = {
      ...startBody('dd-wacht', { occurredAt: ago(101) }),
      history: [
        httpEvent('mdo.afgesproken', { soort: 'regulier', sporen: ['gezin'] }, { occurredAt: ago(100) }),
        httpEvent('zorg.aangemeld', { spoor: 'gezin', aanbieder: 'jeugdzorg-x' }, { occurredAt: ago(99) }),
        httpEvent('zorg.intake-gehouden', { spoor: 'gezin' }, { occurredAt: ago(80) }),
        httpEvent('wachtlijst.geplaatst', { spoor: 'gezin' }, { occurredAt: ago(79) }),
      ],
    };
    const started = await http.call('POST', '/cases', 'integrator', waiting);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await eventually(
      () => data('auditor'),
      (figures) =>
        figures.openCases === 5 && figures.byRisk.waarschuwing >= 1 && figures.byRisk.overschreden >= 2,
    );
  });

  afterAll(async () => {
    await http?.teardown();
  });

  it('asks for a token: 401 without one', async () => {
    const response = await http.call('GET', '/dashboard/data', null);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('is not for integrators: 403', async () => {
    const response = await http.call('GET', '/dashboard/data', 'integrator');
    expect(response.status).toBe(403);
    expect(response.body.error).toBe('forbidden');
  });

  it('an auditor sees every open case', async () => {
    const figures = await data('auditor');
    expect(figures.viewer).toMatchObject({ role: 'auditor', scope: 'every case' });
    expect(figures.openCases).toBe(5);
    expect(ids(figures)).toEqual(['dd-laat', 'dd-waarschuwing', 'dd-wacht', 'dd-zuid']);
    expect(figures.byOrganisatie.map((group) => group.key).sort()).toEqual(['swv-noord', 'swv-zuid']);
  });

  it('a coordinator sees its own organisation and region only', async () => {
    const noord = await data('coordinator');
    expect(noord.viewer).toMatchObject({
      role: 'coordinator',
      actorId: 'coord-noord',
      organisatie: 'swv-noord',
    });
    expect(noord.openCases).toBe(4);
    expect(ids(noord)).toEqual(['dd-laat', 'dd-waarschuwing', 'dd-wacht']);
    expect(noord.cases.find((entry) => entry.caseId === 'dd-laat')).toMatchObject({
      risk: 'overschreden',
      overdueNorms: expect.arrayContaining(['intake-na-signaal']),
      daysOver: expect.any(Number),
    });
    expect(noord.cases.find((entry) => entry.caseId === 'dd-waarschuwing')).toMatchObject({
      risk: 'waarschuwing',
      daysOver: null,
    });
    const zuid = await data('otherCoordinator');
    expect(zuid.openCases).toBe(1);
    expect(ids(zuid)).toEqual(['dd-zuid']);
    expect(zuid.waitingLists.providers).toEqual([]);
    // A filter outside the scope is refused, as on the list routes.
    const outside = await http.call('GET', '/dashboard/data?organisatie=swv-zuid&regio=zuid', 'coordinator');
    expect(outside.status).toBe(403);
  });

  it('shows the waiting list over its norm, and the time in stage per stage', async () => {
    const figures = await data('coordinator');
    const provider = figures.waitingLists.providers.find((entry) => entry.aanbieder === 'jeugdzorg-x');
    expect(provider).toMatchObject({ cases: 1, caseIds: ['dd-wacht'], exceedsNorm: true, overNorm: 1 });
    expect(provider?.longestWaitDays).toBeGreaterThanOrEqual(99);
    expect(provider?.longestWaitDays).toBeLessThanOrEqual(101);
    const arrangement = figures.timeInStage.find((entry) => entry.stage === 'arrangement');
    expect(arrangement).toMatchObject({ cases: 1 });
    expect(figures.timeInStage.find((entry) => entry.stage === 'signaal')?.cases).toBe(3);
  });

  it('is written to the access log like the list routes', async () => {
    http.log.length = 0;
    await http.call('GET', '/dashboard/data', 'coordinator');
    await http.call('GET', '/dashboard/data', 'integrator');
    expect((await http.app.inject({ method: 'GET', url: '/dashboard' })).statusCode).toBe(200);
    expect(
      http.log.map(({ role, actorId, method, route, status }) => ({ role, actorId, method, route, status })),
    ).toEqual([
      { role: 'coordinator', actorId: 'coord-noord', method: 'GET', route: '/dashboard/data', status: 200 },
      { role: 'integrator', actorId: 'int-noord', method: 'GET', route: '/dashboard/data', status: 403 },
    ]);
  });
});
