import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIONS, GUARDS, PAYLOAD_CHECKS } from '../../core/route-library.js';

const doc = readFileSync(new URL('../../docs/routes.md', import.meta.url), 'utf8');

describe('docs/routes.md', () => {
  it('documents every guard, action and payload check of the library', () => {
    const names = [...Object.keys(GUARDS), ...Object.keys(ACTIONS), ...Object.keys(PAYLOAD_CHECKS)];
    expect(names.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });

  it('has an example route that the core accepts as it stands', async () => {
    const { checkRouteDefinition } = await import('../../core/index.js');
    const example = /## Writing a route[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    expect(checkRouteDefinition(JSON.parse(example!)).issues).toEqual([]);
  });
});
