import { describe, expect, it } from 'vitest';
import { CaseListSchema, KpiSchema, OverdueListSchema } from '../../http/schemas.js';
import type { TokenName } from './http-env.js';
import { eventually, httpEvent, startBody, useHttpEnv } from './http-env.js';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

async function list(url: string, token: TokenName = 'auditor') {
  const response = await http.call('GET', url, token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return CaseListSchema.parse(response.body);
}

const ids = (cases: readonly { caseId: string }[]) => cases.map((summary) => summary.caseId).sort();

// Cases of three organisations, some late, one warned, one closed, as visibility shows them once settled.
const http = useHttpEnv('http-visibility', async () => {
  const starts: [string, string, ReturnType<typeof startBody>][] = [
    // Thirty days after the signal both intake-na-signaal (7 days) and breda-route (3 weeks) are breached.
    ['integrator', 'vis-laat', startBody('vis-laat', { occurredAt: daysAgo(30) })],
    // Six days after the signal intake-na-signaal's warning (2 days before) went out; nothing is breached.
    ['integrator', 'vis-waarschuwing', startBody('vis-waarschuwing', { occurredAt: daysAgo(6) })],
    ['integrator', 'vis-op-tijd', startBody('vis-op-tijd')],
    ['integrator', 'vis-dicht', startBody('vis-dicht')],
    [
      'otherIntegrator',
      'vis-zuid',
      startBody('vis-zuid', { organisatie: 'swv-zuid', regio: 'zuid', occurredAt: daysAgo(30) }),
    ],
  ];
  for (const [token, caseId, body] of starts) {
    const response = await http.call('POST', '/cases', token as TokenName, body);
    expect(response.status, caseId).toBe(201);
  }
  // A case of a third organisation in region noord, started outside the API.
  await http.client.startCase(
    { caseId: 'vis-derde', organisatie: 'swv-derde', regio: 'noord' },
    { ...httpEvent('signaal.gemeld', { regisseur: 'regisseur-3' }, { occurredAt: daysAgo(30) }) },
  );
  const close = httpEvent('casus.afgesloten', { reden: 'geen-ondersteuning-nodig' });
  expect((await http.call('POST', '/cases/vis-dicht/events', 'integrator', close)).status).toBe(200);
  // Visibility is eventually consistent: wait until it shows every case as it now stands.
  const settled = await eventually(
    () => list('/cases?includeClosed=true'),
    ({ cases }) =>
      cases.length === 6 &&
      cases.filter((summary) => summary.risk === 'overschreden').length === 3 &&
      cases.some((summary) => summary.risk === 'waarschuwing') &&
      cases.some((summary) => summary.caseId === 'vis-dicht' && summary.closedAt !== null),
  );
  expect(settled.count).toBe(6);
});

describe('GET /cases lists open cases from visibility, within the caller’s scope', () => {
  it('an auditor lists every open case; closed ones only when asked', async () => {
    const open = await list('/cases');
    expect(ids(open.cases)).toEqual(['vis-derde', 'vis-laat', 'vis-op-tijd', 'vis-waarschuwing', 'vis-zuid']);
    expect(open.count).toBe(5);
    expect(CaseListSchema.parse(open)).toEqual(open);
    const all = await list('/cases?includeClosed=true');
    expect(ids(all.cases)).toContain('vis-dicht');
  });

  it('filters by organisation, stage and risk', async () => {
    const noord = await list('/cases?organisatie=swv-noord&stage=signaal');
    expect(ids(noord.cases)).toEqual(['vis-laat', 'vis-op-tijd', 'vis-waarschuwing']);
    const warned = await list('/cases?risk=waarschuwing');
    expect(ids(warned.cases)).toEqual(['vis-waarschuwing']);
    const late = await list('/cases?risk=overschreden,waarschuwing&regio=noord&limit=10');
    expect(ids(late.cases)).toEqual(['vis-derde', 'vis-laat', 'vis-waarschuwing']);
    expect((await list('/cases?limit=2')).count).toBe(2);
  });

  it('a coordinator sees its organisation and its region, narrowed server-side', async () => {
    const mine = await list('/cases', 'coordinator');
    expect(ids(mine.cases)).toEqual(['vis-derde', 'vis-laat', 'vis-op-tijd', 'vis-waarschuwing']);
    // Another organisation: only its cases inside the coordinator's region.
    expect(ids((await list('/cases?organisatie=swv-derde', 'coordinator')).cases)).toEqual(['vis-derde']);
    // Another region: only the coordinator's own organisation there (none).
    expect((await list('/cases?regio=zuid', 'coordinator')).cases).toEqual([]);
    // A coordinator without a region: its organisation only.
    expect(ids((await list('/cases', 'otherCoordinator')).cases)).toEqual(['vis-zuid']);
  });
});

describe('GET /cases/overdue lists breached cases, the longest overdue first, with whole days over', () => {
  it('answers the breached cases with norms, due moment and days over', async () => {
    const response = await http.call('GET', '/cases/overdue', 'auditor');
    expect(response.status).toBe(200);
    const overdue = OverdueListSchema.parse(response.body);
    expect(overdue).toEqual(response.body);
    expect(ids(overdue.cases)).toEqual(['vis-derde', 'vis-laat', 'vis-zuid']);
    const since = overdue.cases.map((summary) => summary.overdueSince ?? '');
    expect(since).toEqual([...since].sort());
    const late = overdue.cases.find((summary) => summary.caseId === 'vis-laat');
    expect(late?.overdueNorms).toEqual(['breda-route', 'intake-na-signaal']);
    expect(late?.stage).toBe('signaal');
    expect(late?.regisseur).toBe('regisseur-1');
    // intake-na-signaal was due seven days after a signal thirty days ago: 23 whole days over (22 across DST).
    expect(late?.daysOver).toBeGreaterThanOrEqual(22);
    expect(late?.daysOver).toBeLessThanOrEqual(23);
    const expected = Math.floor((Date.parse(overdue.at) - Date.parse(late?.overdueSince ?? '')) / DAY);
    expect(late?.daysOver).toBe(expected);
  });

  it('with atRisk=true adds the warned case, without days over', async () => {
    const response = await http.call('GET', '/cases/overdue?atRisk=true&organisatie=swv-noord', 'auditor');
    const overdue = OverdueListSchema.parse(response.body);
    expect(ids(overdue.cases)).toEqual(['vis-laat', 'vis-waarschuwing']);
    const warned = overdue.cases.find((summary) => summary.caseId === 'vis-waarschuwing');
    expect(warned).toMatchObject({ risk: 'waarschuwing', daysOver: null, overdueSince: null });
    expect(warned?.warnedNorms).toContain('intake-na-signaal');
  });

  it('a coordinator sees the overdue cases of its organisation and region only', async () => {
    const response = await http.call('GET', '/cases/overdue', 'coordinator');
    expect(ids(OverdueListSchema.parse(response.body).cases)).toEqual(['vis-derde', 'vis-laat']);
  });
});

describe('GET /kpi counts the open cases in scope from visibility', () => {
  it('per stage, risk and regisseur, with breaches and overdue cases', async () => {
    const response = await http.call('GET', '/kpi', 'auditor');
    expect(response.status).toBe(200);
    const kpi = KpiSchema.parse(response.body);
    expect(kpi).toMatchObject({
      openCases: 5,
      byStage: { signaal: 5 },
      byRisk: { 'op-schema': 1, waarschuwing: 1, overschreden: 3 },
      byRegisseur: { 'regisseur-1': 4, 'regisseur-3': 1 },
      byOrganisatie: { 'swv-noord': 3, 'swv-zuid': 1, 'swv-derde': 1 },
      overdueCases: 3,
      // Two breaches in each of the three late cases: intake-na-signaal and breda-route.
      breachesTotal: 6,
      truncated: false,
    });
  });

  it('a coordinator’s figures cover its organisation and region', async () => {
    const kpi = KpiSchema.parse((await http.call('GET', '/kpi', 'coordinator')).body);
    expect(kpi.openCases).toBe(4);
    expect(kpi.byOrganisatie).toEqual({ 'swv-noord': 3, 'swv-derde': 1 });
    const derde = KpiSchema.parse((await http.call('GET', '/kpi?organisatie=swv-derde', 'coordinator')).body);
    expect(derde.openCases).toBe(1);
  });
});
