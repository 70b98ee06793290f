// The dashboard's case panel draws the route version the case runs, from the host's registry: a version loaded at
// start (`--routes DIR`, here zorgplicht 2.0.0 from the test fixtures) is drawn as well as a shipped one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeDiagramFor } from '../../http/case-route.js';
import { installHostRoutes } from '../../machines/host-routes.js';

const V2 = new URL('../fixtures/routes/zorgplicht-2.0.0.json', import.meta.url);

describe('the case panel diagram', () => {
  it('draws the version a case runs, including a version loaded at start', async () => {
    installHostRoutes([{ source: V2.pathname, definition: JSON.parse(readFileSync(V2, 'utf8')) as unknown }]);
    const v1 = await routeDiagramFor('zorgplicht', '1.0.0');
    const v2 = await routeDiagramFor('zorgplicht', '2.0.0');
    // 2.0.0 has no tijdelijkIngeschreven stage; 1.0.0 has.
    expect(v1).toContain('data-state="tijdelijkIngeschreven"');
    expect(v2).not.toContain('data-state="tijdelijkIngeschreven"');
    expect(v2).toContain('<svg');
  });

  it('names a route version the host does not run', () => {
    expect(() => routeDiagramFor('zorgplicht', '9.9.9')).toThrow(
      'the engine has no route "zorgplicht@9.9.9"',
    );
  });
});
