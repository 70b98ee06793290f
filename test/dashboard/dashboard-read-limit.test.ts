// GET /dashboard/data beyond its read limit: the open cases and their risks come from count queries (exact for
// any number of cases), the overdue and at-risk list from their risk's index up to a limit, and the groups over the
// cases read, which the answer says. On a real dev server, with the limits lowered to see it with six cases.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaseSummary } from '../../client/index.js';
import type { DashboardData } from '../../http/index.js';
import {
  createHttpServer,
  DashboardDataSchema,
  dashboardDataFromRead,
  parseAccessConfig,
} from '../../http/index.js';
import type { HttpEnv, TokenName } from '../http/http-env.js';
import { ACCESS, eventually, httpEvent, startBody, startHttpEnv, TOKENS } from '../http/http-env.js';

const DAY = 86_400_000;
const AT = new Date('2026-03-01T12:00:00.000Z');

function summary(caseId: string, extra: Partial<CaseSummary> = {}): CaseSummary {
  return {
    caseId,
    workflowId: `casus-${caseId}`,
    route: 'toeleiding',
    stage: 'signaal',
    stageSince: new Date(AT.getTime() - DAY).toISOString(),
    regisseur: 'regisseur-1',
    organisatie: 'swv-noord',
    regio: 'noord',
    risk: 'op-schema',
    nextDueAt: null,
    overdueNorms: [],
    overdueSince: null,
    warnedNorms: [],
    wachtlijstAanbieders: [],
    breaches: 0,
    dubbeleCasus: false,
    status: 'RUNNING',
    startedAt: AT.toISOString(),
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

describe('dashboardDataFromRead: what a partial read answers', () => {
  const overdue = summary('laat', {
    risk: 'overschreden',
    overdueNorms: ['intake-na-signaal'],
    overdueSince: new Date(AT.getTime() - 3 * DAY).toISOString(),
  });
  const limits = { readLimit: 2, listLimit: 1 };

  it('takes the counts for the tiles and the listed cases for the list, and says what the groups cover', () => {
    const data = dashboardDataFromRead(
      {
        counts: { open: 1_000, overschreden: 100, waarschuwing: 10 },
        complete: false,
        cases: [summary('a'), summary('b', { stage: 'intake' })],
        atRisk: [overdue],
        dubbel: [],
      },
      AT,
      { viewer, limits },
    );
    expect(DashboardDataSchema.parse(data)).toEqual(data);
    expect(data).toMatchObject({
      openCases: 1_000,
      byRisk: { 'op-schema': 890, waarschuwing: 10, overschreden: 100 },
      truncated: true,
      coverage: { complete: false, casesRead: 2, readLimit: 2, listLimit: 1 },
    });
    expect(data.cases.map((entry) => [entry.caseId, entry.daysOver])).toEqual([['laat', 3]]);
    // The groups are over the two cases read, and say nothing of the other 998.
    expect(data.byStage.reduce((sum, group) => sum + group.open, 0)).toBe(2);
  });

  it('is the full figures when every case was read', () => {
    const data = dashboardDataFromRead(
      {
        counts: { open: 2, overschreden: 1, waarschuwing: 0 },
        complete: true,
        cases: [overdue, summary('b')],
        atRisk: [],
        dubbel: [],
      },
      AT,
      { viewer, limits },
    );
    expect(data).toMatchObject({
      openCases: 2,
      byRisk: { 'op-schema': 1, waarschuwing: 0, overschreden: 1 },
      truncated: false,
      coverage: { complete: true, casesRead: 2 },
    });
    expect(data.cases.map((entry) => entry.caseId)).toEqual(['laat']);
  });
});

describe('GET /dashboard/data over more open cases than it reads, on a dev server', () => {
  let http: HttpEnv;
  let limited: FastifyInstance;

  async function data(app: FastifyInstance, token: TokenName): Promise<DashboardData> {
    const response = await app.inject({
      method: 'GET',
      url: '/dashboard/data',
      headers: { authorization: `Bearer ${TOKENS[token]}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    return DashboardDataSchema.parse(response.json());
  }

  beforeAll(async () => {
    http = await startHttpEnv('dashboard-read-limit');
    limited = createHttpServer({
      passend: http.client,
      access: parseAccessConfig(ACCESS, 'test access'),
      log: () => undefined,
      dashboard: { readLimit: 3, listLimit: 1 },
    });
    await limited.ready();
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY).toISOString();
    const starts: [TokenName, ReturnType<typeof startBody>][] = [
      ['integrator', startBody('rl-laat-1', { occurredAt: ago(30) })],
      ['integrator', startBody('rl-laat-2', { occurredAt: ago(25) })],
      ['integrator', startBody('rl-waarschuwing', { occurredAt: ago(6) })],
      ['integrator', startBody('rl-op-tijd-1')],
      ['integrator', startBody('rl-op-tijd-2')],
      [
        'otherIntegrator',
        startBody('rl-zuid', { organisatie: 'swv-zuid', regio: 'zuid', occurredAt: ago(30) }),
      ],
    ];
    for (const [token, body] of starts) {
      expect((await http.call('POST', '/cases', token, body)).status, body.caseId).toBe(201);
    }
    await eventually(
      () => data(http.app, 'auditor'),
      (figures) =>
        figures.openCases === 6 && figures.byRisk.overschreden === 3 && figures.byRisk.waarschuwing === 1,
    );
  });

  afterAll(async () => {
    await limited?.close();
    await http?.teardown();
  });

  it('an auditor gets exact counts, one case of each risk listed, and groups over the three cases read', async () => {
    const full = await data(http.app, 'auditor');
    const partial = await data(limited, 'auditor');
    expect(full).toMatchObject({ truncated: false, coverage: { complete: true, casesRead: 6 } });
    expect(partial).toMatchObject({
      openCases: 6,
      byRisk: full.byRisk,
      truncated: true,
      coverage: { complete: false, casesRead: 3, readLimit: 3, listLimit: 1 },
    });
    expect(partial.cases.map((entry) => entry.risk)).toEqual(['overschreden', 'waarschuwing']);
    const overdueIds = full.cases
      .filter((entry) => entry.risk === 'overschreden')
      .map((entry) => entry.caseId);
    expect(overdueIds).toContain(partial.cases[0]?.caseId);
    expect(partial.cases[1]?.caseId).toBe('rl-waarschuwing');
    expect(partial.byOrganisatie.reduce((sum, group) => sum + group.open, 0)).toBe(3);
  });

  it('refuses limits no list query can read, naming the option, when the server is created', () => {
    const server = (dashboard: { readLimit?: number; listLimit?: number }) => () =>
      createHttpServer({
        passend: http.client,
        access: parseAccessConfig(ACCESS, 'test access'),
        log: () => undefined,
        dashboard,
      });
    expect(server({ readLimit: 0 })).toThrow(
      'dashboard.readLimit must be a whole number from 1 to 10000, got 0',
    );
    expect(server({ listLimit: 20_000 })).toThrow(
      'dashboard.listLimit must be a whole number from 1 to 10000',
    );
    expect(server({ readLimit: 2.5 })).toThrow('dashboard.readLimit');
  });

  it('a coordinator of an organisation and a region counts a case in both once', async () => {
    // Every swv-noord case lies in region noord too: one count per part of the scope would count them twice.
    const partial = await data(limited, 'coordinator');
    expect(partial).toMatchObject({
      openCases: 5,
      byRisk: { 'op-schema': 2, waarschuwing: 1, overschreden: 2 },
      coverage: { complete: false, casesRead: 3 },
    });
    expect(partial.cases.map((entry) => entry.caseId)).not.toContain('rl-zuid');
    const zuid = await data(limited, 'otherCoordinator');
    expect(zuid).toMatchObject({
      openCases: 1,
      truncated: false,
      coverage: { complete: true, casesRead: 1 },
    });
    expect(zuid.cases.map((entry) => entry.caseId)).toEqual(['rl-zuid']);
  });

  // Run after the tests above, which count the six cases: seven overdue and seven warned cases more, of swv-oost in
  // region noord, started longest overdue (and earliest due) first: a plain listing of three would miss exactly those.
  describe('its overdue and at-risk lists beyond the list limit: the longest overdue, found with count queries', () => {
    let sampled: FastifyInstance;
    const laat = [1, 2, 3, 4, 5, 6, 7].map((index) => `rl-oost-laat-${index}`);
    const bijna = [1, 2, 3, 4, 5, 6, 7].map((index) => `rl-oost-bijna-${index}`);

    beforeAll(async () => {
      sampled = createHttpServer({
        passend: http.client,
        access: parseAccessConfig(ACCESS, 'test access'),
        log: () => undefined,
        dashboard: { readLimit: 3, listLimit: 3 },
      });
      await sampled.ready();
      const now = Date.now();
      const start = (caseId: string, ago: number) =>
        http.client.startCase(
          { caseId, organisatie: 'swv-oost', regio: 'noord' },
          httpEvent(
            'signaal.gemeld',
            { regisseur: 'regisseur-1' },
            { occurredAt: new Date(now - ago).toISOString() },
          ),
        );
      // Fifty to 44 days after the signal: longer overdue than any case above (30 days at most).
      for (const [index, caseId] of laat.entries()) await start(caseId, (50 - index) * DAY);
      // Six days and 70 to 10 minutes: intake-na-signaal's warning went out, due within the day.
      for (const [index, caseId] of bijna.entries())
        await start(caseId, 6 * DAY + (70 - 10 * index) * 60_000);
      await eventually(
        () => data(http.app, 'auditor'),
        (figures) =>
          figures.openCases === 20 && figures.byRisk.overschreden === 10 && figures.byRisk.waarschuwing === 8,
      );
    });

    afterAll(async () => {
      await sampled?.close();
    });

    const listed = (figures: DashboardData, risk: string) =>
      figures.cases.filter((entry) => entry.risk === risk).map((entry) => entry.caseId);

    it('an auditor’s sampled answer lists the three longest overdue and the three falling due first', async () => {
      const counted = vi.spyOn(http.client.client.workflow, 'count');
      const started = Date.now();
      const partial = await data(sampled, 'auditor');
      const took = Date.now() - started;
      expect(partial).toMatchObject({
        openCases: 20,
        truncated: true,
        coverage: { complete: false, listLimit: 3 },
      });
      expect(listed(partial, 'overschreden')).toEqual(laat.slice(0, 3));
      expect(listed(partial, 'waarschuwing')).toEqual(bijna.slice(0, 3));
      // Three counts for the tiles, at most 67 per list for its cut-off (4 in the first round, 3 in each of 21 more).
      expect(counted.mock.calls.length).toBeLessThanOrEqual(3 + 2 * 67);
      console.log(`auditor's dashboard: ${counted.mock.calls.length} count queries, ${took} ms`);
      counted.mockRestore();
    });

    it('a coordinator’s two scopes (organisation and region) the same, each case once', async () => {
      const counted = vi.spyOn(http.client.client.workflow, 'count');
      const started = Date.now();
      const partial = await data(sampled, 'coordinator');
      const took = Date.now() - started;
      expect(partial).toMatchObject({ openCases: 19, truncated: true });
      expect(listed(partial, 'overschreden')).toEqual(laat.slice(0, 3));
      expect(listed(partial, 'waarschuwing')).toEqual(bijna.slice(0, 3));
      expect(counted.mock.calls.length).toBeLessThanOrEqual(3 * (3 + 2 * 67));
      console.log(`coordinator's dashboard: ${counted.mock.calls.length} count queries, ${took} ms`);
      counted.mockRestore();
    });
  });
});
