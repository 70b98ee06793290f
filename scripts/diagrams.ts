// `npm run diagrams`: redraws the route diagrams of docs/routes-and-events.md from the machines (core/route-diagram.ts). Each diagram
// follows a marker `<!-- diagram:ROUTE_ID … -->`; test/docs/route-diagrams.test.ts fails when one has drifted.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mermaidDiagram } from '../core/index.js';
import { ROUTES } from '../machines/index.js';

const MARKER = /<!-- diagram:([a-z0-9-]+)[^>]*-->\n\n```mermaid\n[\s\S]*?```\n/g;

/** The page, relative to the repository, whose `<!-- diagram:ID -->` markers this redraws. */
export const DIAGRAM_PAGE = 'docs/routes-and-events.md';

/** `page` with every marked diagram drawn anew from its route's machine; throws for a marker naming no route. */
export function withDiagrams(page: string): string {
  return page.replace(MARKER, (block: string, id: string) => {
    const route = ROUTES.get(id);
    if (route === undefined)
      throw new Error(`${DIAGRAM_PAGE} names a diagram of route "${id}", which the engine does not have`);
    const marker = block.slice(0, block.indexOf('\n'));
    return `${marker}\n\n\`\`\`mermaid\n${mermaidDiagram(route.machine)}\`\`\`\n`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = fileURLToPath(new URL(`../${DIAGRAM_PAGE}`, import.meta.url));
  const before = readFileSync(path, 'utf8');
  const after = withDiagrams(before);
  writeFileSync(path, after);
  process.stdout.write(
    after === before ? `${DIAGRAM_PAGE}: diagrams already current\n` : `${DIAGRAM_PAGE}: diagrams redrawn\n`,
  );
}
