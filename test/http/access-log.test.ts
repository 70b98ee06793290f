import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer, fileAuditLog, parseAccessConfig } from '../../http/index.js';
import { ACCESS, httpEvent, startBody, TOKENS, useHttpEnv } from './http-env.js';

const http = useHttpEnv('http-access-log');

beforeEach(() => {
  http.log.length = 0;
});

describe('every request that reads or changes a case is logged with role and actor id', () => {
  it('changes: starting a case and sending an event', async () => {
    expect((await http.call('POST', '/cases', 'integrator', startBody('log-1'))).status).toBe(201);
    const event = httpEvent('intake.gehouden', { locatie: 'thuis' });
    expect((await http.call('POST', '/cases/log-1/events', 'integrator', event)).status).toBe(200);
    expect(http.log).toEqual([
      {
        at: expect.any(String),
        role: 'integrator',
        actorId: 'int-noord',
        organisatie: 'swv-noord',
        clientAddress: '127.0.0.1',
        method: 'POST',
        route: '/cases',
        caseId: 'log-1',
        status: 201,
      },
      {
        at: expect.any(String),
        role: 'integrator',
        actorId: 'int-noord',
        organisatie: 'swv-noord',
        clientAddress: '127.0.0.1',
        method: 'POST',
        route: '/cases/:caseId/events',
        caseId: 'log-1',
        status: 200,
      },
    ]);
    expect(Date.parse(http.log[0]?.at ?? '')).not.toBeNaN();
  });

  it('reads: a case, a list, the overdue cases and the KPI', async () => {
    await http.call('GET', '/cases/log-1', 'coordinator');
    await http.call('GET', '/cases?organisatie=swv-noord', 'auditor');
    await http.call('GET', '/cases/overdue', 'coordinator');
    await http.call('GET', '/kpi', 'auditor');
    expect(
      http.log.map(({ role, actorId, method, route, caseId, status }) => ({
        role,
        actorId,
        method,
        route,
        caseId,
        status,
      })),
    ).toEqual([
      {
        role: 'coordinator',
        actorId: 'coord-noord',
        method: 'GET',
        route: '/cases/:caseId',
        caseId: 'log-1',
        status: 200,
      },
      { role: 'auditor', actorId: 'audit-1', method: 'GET', route: '/cases', caseId: undefined, status: 200 },
      {
        role: 'coordinator',
        actorId: 'coord-noord',
        method: 'GET',
        route: '/cases/overdue',
        caseId: undefined,
        status: 200,
      },
      { role: 'auditor', actorId: 'audit-1', method: 'GET', route: '/kpi', caseId: undefined, status: 200 },
    ]);
  });

  it('refusals are logged too: without a token (no role), with the wrong role, outside the scope', async () => {
    await http.call('GET', '/cases/log-1', null);
    await http.call('POST', '/cases/log-1/events', 'auditor', httpEvent('verzuim.gemeld'));
    await http.call('GET', '/cases/log-1', 'otherCoordinator');
    await http.call('GET', '/cases/log-onbekend', 'auditor');
    expect(http.log.map(({ role, actorId, caseId, status }) => [role, actorId, caseId, status])).toEqual([
      [null, null, 'log-1', 401],
      ['auditor', 'audit-1', 'log-1', 403],
      ['coordinator', 'coord-zuid', 'log-1', 404],
      ['auditor', 'audit-1', 'log-onbekend', 404],
    ]);
  });

  it('records the client address, and for a list read the id of every case its answer named', async () => {
    const reads = ['/cases?includeClosed=true', '/cases/overdue?atRisk=true', '/dashboard/data', '/kpi'];
    const answers: Record<string, unknown>[] = [];
    for (const url of reads) {
      const response = await http.app.inject({
        method: 'GET',
        url,
        remoteAddress: '192.0.2.7',
        headers: { authorization: `Bearer ${TOKENS.coordinator}` },
      });
      expect(response.statusCode, url).toBe(200);
      answers.push(response.json());
    }
    const named = (answer: Record<string, unknown> | undefined) =>
      (answer?.['cases'] as { caseId: string }[]).map((summary) => summary.caseId);
    const [list, overdue, dashboard] = answers;
    expect(named(list)).toContain('log-1');
    const dashboardIds = new Set([
      ...named(dashboard),
      ...(dashboard?.['waitingLists'] as { providers: { caseIds: string[] }[] }).providers.flatMap(
        (provider) => provider.caseIds,
      ),
    ]);
    expect(http.log.map((entry) => [entry.route, entry.clientAddress, entry.disclosedCaseIds])).toEqual([
      ['/cases', '192.0.2.7', named(list)],
      ['/cases/overdue', '192.0.2.7', named(overdue)],
      ['/dashboard/data', '192.0.2.7', [...dashboardIds]],
      // The key figures count cases and name none.
      ['/kpi', '192.0.2.7', undefined],
    ]);
  });

  it('health and the OpenAPI document touch no case and are not logged', async () => {
    await http.call('GET', '/health', null);
    await http.call('GET', '/openapi.json', null);
    expect(http.log).toEqual([]);
  });

  it('the default log appends one JSON line per request to a file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'passend-access-')), 'logs', 'access.log');
    const log = fileAuditLog(path);
    const app = createHttpServer({ passend: http.client, access: parseAccessConfig(ACCESS, 'test'), log });
    for (const token of [TOKENS.auditor, TOKENS.coordinator]) {
      const response = await app.inject({
        method: 'GET',
        url: '/cases/log-1',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(200);
    }
    await app.close();
    await log.close();
    const lines = readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      expect.objectContaining({ role: 'auditor', actorId: 'audit-1', caseId: 'log-1', status: 200 }),
      expect.objectContaining({ role: 'coordinator', actorId: 'coord-noord', caseId: 'log-1', status: 200 }),
    ]);
    // Ids only: the token itself is never written.
    expect(readFileSync(path, 'utf8')).not.toContain(TOKENS.auditor);
  });
});
