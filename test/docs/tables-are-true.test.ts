import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NORM_PRESETS, normTable } from '../../core/index.js';
import { eventTable } from '../../machines/event-table.js';
import { toeleiding, zorgplicht } from '../../machines/index.js';

// The tables live in docs/ (the README is a tour that links them); each is compared with what the code declares.
const routesPage = readFileSync(new URL('../../docs/routes-and-events.md', import.meta.url), 'utf8');
const normsPage = readFileSync(new URL('../../docs/norms.md', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Table rows with Prettier's padding removed, so the comparison is about content, not alignment. */
function rows(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.trim().startsWith('|') && !/^\|[\s|:-]+\|$/.test(line.trim()))
    .map((line) =>
      line
        .trim()
        .replace(/\s*\|\s*/g, '|')
        .replace(/\s+/g, ' '),
    );
}

describe('the docs tell the truth about the routes and norms', () => {
  it('shows the event table exactly as the machine and its schemas define it', () => {
    const documented = rows(routesPage);
    for (const row of rows(eventTable(toeleiding))) expect(documented).toContain(row);
  });

  it("shows the zorgplicht route's events as its machine and schemas define them", () => {
    const documented = rows(routesPage);
    for (const row of rows(eventTable(zorgplicht))) expect(documented).toContain(row);
  });

  it('shows every preset norm exactly as the data declares it', () => {
    const documented = rows(normsPage);
    for (const row of rows(normTable(NORM_PRESETS.values()))) expect(documented).toContain(row);
    for (const id of [...toeleiding.norms, ...zorgplicht.norms]) expect(NORM_PRESETS.has(id), id).toBe(true);
  });

  it('the README names both commands', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });
});
