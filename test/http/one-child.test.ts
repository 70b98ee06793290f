import { describe, expect, it } from 'vitest';
import { DashboardDataSchema } from '../../http/dashboard-schemas.js';
import { CaseListSchema, InvalidRequestSchema, OverdueListSchema } from '../../http/schemas.js';
import type { TokenName } from './http-env.js';
import { eventually, httpEvent, startBody, useHttpEnv } from './http-env.js';

const REFERENTIE = 'kind-http-5e1';
const monthAgo = () => new Date(Date.now() - 30 * 86_400_000).toISOString();

async function list(url: string, token: TokenName) {
  const response = await http.call('GET', url, token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return CaseListSchema.parse(response.body);
}

const ids = (cases: readonly { caseId: string }[]) => cases.map((summary) => summary.caseId).sort();

/** The issues of a 400 answer as `path: message`. */
function issuesOf(body: unknown): Record<string, string> {
  const parsed = InvalidRequestSchema.parse(body);
  return Object.fromEntries(parsed.issues.map((issue) => [issue.path, issue.message]));
}

// One child with a case at swv-noord (late) and one at a third organisation in region noord, and a case in region
// zuid with the same reference, which is another region's business.
const http = useHttpEnv('http-one-child', async (http) => {
  const late = { ...startBody('kind-noord', { occurredAt: monthAgo() }), kindReferentie: REFERENTIE };
  expect((await http.call('POST', '/cases', 'integrator', late)).status).toBe(201);
  // Listed before the child's next case starts, so that one finds it (see docs/coordinators.md on the lag).
  await eventually(
    () => list('/cases', 'auditor'),
    ({ cases }) => cases.some((summary) => summary.caseId === 'kind-noord'),
  );
  const zuid = {
    ...startBody('kind-zuid', { organisatie: 'swv-zuid', regio: 'zuid' }),
    kindReferentie: REFERENTIE,
  };
  expect((await http.call('POST', '/cases', 'otherIntegrator', zuid)).status).toBe(201);
  expect((await http.call('POST', '/cases', 'integrator', startBody('kind-los'))).status).toBe(201);
  await http.client.startCase(
    { caseId: 'kind-derde', organisatie: 'swv-derde', regio: 'noord', kindReferentie: REFERENTIE },
    httpEvent('signaal.gemeld', { regisseur: 'regisseur-3' }),
  );
  await eventually(
    () => list('/cases?dubbeleCasus=true', 'auditor'),
    ({ cases }) => cases.length === 2,
  );
});

describe('one child, one plan over HTTP: the lists flag a second open case of a child in a region', () => {
  it('a coordinator of the region lists both cases of the child as dubbeleCasus, and only those with the filter', async () => {
    const all = await list('/cases', 'coordinator');
    const flags = Object.fromEntries(all.cases.map((summary) => [summary.caseId, summary.dubbeleCasus]));
    expect(flags).toEqual({ 'kind-noord': true, 'kind-derde': true, 'kind-los': false });
    expect(ids((await list('/cases?dubbeleCasus=true', 'coordinator')).cases)).toEqual([
      'kind-derde',
      'kind-noord',
    ]);
    // Another region's coordinator sees its own case of the child, unflagged: the other cases lie elsewhere.
    expect((await list('/cases', 'otherCoordinator')).cases).toMatchObject([
      { caseId: 'kind-zuid', dubbeleCasus: false },
    ]);
    expect((await list('/cases?dubbeleCasus=true', 'otherCoordinator')).cases).toEqual([]);
  });

  it('the overdue list carries the flag and takes the filter', async () => {
    const response = await http.call('GET', '/cases/overdue?dubbeleCasus=true', 'coordinator');
    expect(response.status).toBe(200);
    const overdue = OverdueListSchema.parse(response.body);
    expect(overdue.cases.map((summary) => [summary.caseId, summary.dubbeleCasus])).toEqual([
      ['kind-noord', true],
    ]);
  });

  it('the dashboard lists both cases of the child for the coordinator of the region, and marks the overdue one', async () => {
    const response = await http.call('GET', '/dashboard/data', 'coordinator');
    expect(response.status).toBe(200);
    const data = DashboardDataSchema.parse(response.body);
    expect(data.dubbeleCasussen).toEqual([
      {
        caseId: 'kind-derde',
        organisatie: 'swv-derde',
        regio: 'noord',
        stage: 'signaal',
        regisseur: 'regisseur-3',
        risk: 'op-schema',
      },
      {
        caseId: 'kind-noord',
        organisatie: 'swv-noord',
        regio: 'noord',
        stage: 'signaal',
        regisseur: 'regisseur-1',
        risk: 'overschreden',
      },
    ]);
    expect(data.cases.find((entry) => entry.caseId === 'kind-noord')?.dubbeleCasus).toBe(true);
    const other = DashboardDataSchema.parse(
      (await http.call('GET', '/dashboard/data', 'otherCoordinator')).body,
    );
    expect(other.dubbeleCasussen).toEqual([]);
  });

  it('never answers with the reference itself, to any role', async () => {
    // Integrators list nothing (403); they read the cases in their reach.
    const reads: [TokenName, string][] = [
      ...(['coordinator', 'auditor'] as const).flatMap((token) =>
        ['/cases', '/cases/overdue', '/cases/kind-noord', '/dashboard/data'].map(
          (url): [TokenName, string] => [token, url],
        ),
      ),
      ['integrator', '/cases/kind-noord'],
    ];
    for (const [token, url] of reads) {
      const response = await http.call('GET', url, token);
      expect(response.status, `${token} ${url}`).toBe(200);
      expect(JSON.stringify(response.body), `${token} ${url}`).not.toContain(REFERENTIE);
    }
  });

  it.each([
    ['kind-111222333', /holds a BSN/],
    ['Jan de Vries', /identifier/],
    ['k'.repeat(65), /identifier/],
  ])('refuses kindReferentie %j with 400 naming the field, and starts nothing', async (value, reason) => {
    const body = { ...startBody('kind-fout'), kindReferentie: value };
    const response = await http.call('POST', '/cases', 'integrator', body);
    expect(response.status).toBe(400);
    const issues = issuesOf(response.body);
    expect(Object.keys(issues)).toEqual(['kindReferentie']);
    expect(issues['kindReferentie']).toMatch(reason);
    expect((await http.call('GET', '/cases/kind-fout', 'auditor')).status).toBe(404);
  });

  it('refuses a filter dubbeleCasus other than true, naming it', async () => {
    const response = await http.call('GET', '/cases?dubbeleCasus=false', 'coordinator');
    expect(response.status).toBe(400);
    expect(Object.keys(issuesOf(response.body))).toEqual(['dubbeleCasus']);
  });
});
