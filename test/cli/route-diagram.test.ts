// `passend route diagram` prints a route's statechart as drawn from its machine, and refuses what names no route.
import { describe, expect, it } from 'vitest';
import { mermaidDiagram } from '../../core/index.js';
import { svgDiagram } from '../../core/route-svg.js';
import { toeleiding, zorgplicht } from '../../machines/index.js';
import { passend } from '../support/cli-run.js';

describe('passend route diagram', () => {
  it('prints the Mermaid diagram of a route, with or without its version', async () => {
    for (const name of ['toeleiding', `toeleiding@${toeleiding.version}`]) {
      const run = await passend('route', 'diagram', name);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(mermaidDiagram(toeleiding.machine));
    }
  });

  it('prints the SVG diagram of a route with --format svg', async () => {
    const run = await passend('route', 'diagram', 'zorgplicht', '--format', 'svg');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(await svgDiagram(zorgplicht.machine));
  });

  it('refuses an unknown route, another version and another format, naming what is wrong', async () => {
    const unknown = await passend('route', 'diagram', 'breda');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'route "breda" is not known; the routes are toeleiding, zorgplicht, drechtsteden, gooi-mdo, ijw-toewijzing, jeugdwet-besluit, veilig-thuis',
    );
    const version = await passend('route', 'diagram', 'toeleiding@9');
    expect(version.stderr).toContain(`route toeleiding is at version ${toeleiding.version}, not 9`);
    const format = await passend('route', 'diagram', 'toeleiding', '--format', 'png');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be mermaid or svg, not "png"');
  });
});
