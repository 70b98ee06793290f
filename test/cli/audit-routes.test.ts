// `passend audit … --routes DIR`: an auditor's host reconstructs a case on a route version it loaded from files
// (here the test fixture zorgplicht@2.0.0, to which the case was migrated), and names the version it lacks
// when it was not loaded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAuditExport } from '../../audit/index.js';
import type { CaseState } from '../../core/index.js';
import { createRouteRegistry, viewCase } from '../../core/index.js';
import { SHIPPED_ROUTE_SOURCES } from '../../machines/index.js';
import { exportOf } from '../support/audit-export.js';
import { passend } from '../support/cli-run.js';
import { dayOf, migratedZorgplichtCase, ROUTE_FIXTURES, ZORGPLICHT_V2 } from '../support/zorgplicht-v2.js';

const FIXTURES = ROUTE_FIXTURES;
const routes = createRouteRegistry([...SHIPPED_ROUTE_SOURCES, ZORGPLICHT_V2]);
const at = dayOf;

function migratedCase(): CaseState {
  return migratedZorgplichtCase('audit-routes-1', routes, 'r');
}

const dir = mkdtempSync(join(tmpdir(), 'passend-audit-routes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'audit-routes-1.json');
writeAuditExport(file, exportOf(viewCase(migratedCase()), at(40)));

describe('passend audit with --routes', () => {
  // In this order: the first run has only the shipped routes; --routes then loads the folder for the process.
  it('without the route version loaded, refuses naming it', async () => {
    const run = await passend('audit', 'at', file, at(30));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the case ran on route zorgplicht@2.0.0, which this host has not loaded');
    expect(run.stderr).toContain('--routes DIR');
    expect(run.stdout).toBe('');
  });

  it('with --routes DIR, reconstructs the case on the version it was migrated to', async () => {
    const run = await passend('audit', 'at', file, at(30), '--json', '--routes', FIXTURES);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      route: { id: 'zorgplicht', version: '2.0.0' },
      states: ['geplaatst'],
    });
    // Version 2.0.0 runs intake-na-signaal from the placement on; the shipped 1.0.0 does not.
    const deadlines = (JSON.parse(run.stdout) as { deadlines: { normId: string }[] }).deadlines;
    expect(deadlines.map((deadline) => deadline.normId)).toContain('intake-na-signaal');
  });

  it('refuses --routes without a folder', async () => {
    const run = await passend('audit', 'at', file, at(30), '--routes');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--routes needs a folder of route files');
  });
});
