import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../http/index.js';

const page = readFileSync(new URL('../../docs/http-api.md', import.meta.url), 'utf8');
const ROLES = ['integrator', 'coordinator', 'auditor'] as const;

/** The rows of docs/http-api.md's route table: each route it names (`GET /cases/{caseId}`) and its "who" cell. */
function routeTable(): { route: string; who: string }[] {
  const start = page.indexOf('| route');
  const table = page.slice(start, page.indexOf('\n\n', start));
  return table
    .split('\n')
    .slice(2)
    .flatMap((line) => {
      const [, routes = '', who = ''] = line.split('|').map((cell) => cell.trim());
      return [...routes.matchAll(/`(GET|POST) ([^`?]+)/g)].map((match) => ({
        route: `${match[1]} ${match[2]}`,
        who,
      }));
    });
}

describe('the HTTP API page’s route table names who may call each route, as the route table decides', () => {
  it('lists each case route with exactly the roles the server allows', () => {
    const rows = routeTable();
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const { route, who } of rows) {
      const spec = ROUTES.find((each) => `${each.method} ${each.url.replace(/:(\w+)/g, '{$1}')}` === route);
      expect(spec, `${route} is not a route of the server`).toBeDefined();
      const named = ROLES.filter((role) => new RegExp(`\\b${role}\\b`).test(who));
      const allowed = spec?.roles ?? null;
      if (allowed === null) expect(who, route).toBe('anyone');
      else expect(named, route).toEqual(ROLES.filter((role) => allowed.includes(role)));
    }
  });

  it('documents every route outside the dashboard (which docs/coordinators.md describes)', () => {
    const documented = new Set(routeTable().map((row) => row.route));
    for (const spec of ROUTES.filter((each) => !each.url.startsWith('/dashboard'))) {
      const route = `${spec.method} ${spec.url.replace(/:(\w+)/g, '{$1}')}`;
      expect(documented.has(route), route).toBe(true);
    }
  });
});
