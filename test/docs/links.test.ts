// Every link from the README and the docs pages to a file of the repository names a file that exists, so moving a
// page (as the README's manual moved to docs/) cannot leave a link behind.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const PAGES = [
  'README.md',
  ...readdirSync(new URL('docs/', ROOT))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

describe('the links of the README and the docs pages', () => {
  it('name files that exist', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of PAGES) {
      const text = readFileSync(new URL(page, ROOT), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(?:[a-z]+:|#)/.test(target)) continue;
        checked++;
        const file = target.replace(/#.*$/, '');
        if (!existsSync(new URL(file, new URL(page, ROOT)))) broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
