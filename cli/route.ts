import { mermaidDiagram } from '../core/index.js';
import { svgDiagram } from '../core/route-svg.js';
import { ROUTES } from '../machines/index.js';
import { optional, parseFlags } from './args.js';
import { UsageError } from './usage-error.js';

/** `passend route diagram <id>[@version] [--format mermaid|svg]`: the route's statechart, drawn from its machine. */
export async function runRoute(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'diagram') {
    throw new UsageError(
      sub === undefined ? 'route needs a subcommand: diagram' : `unknown command "route ${sub}": use diagram`,
    );
  }
  const { values, positionals } = parseFlags(rest, { format: { type: 'string' } });
  const format = optional(values, 'format') ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'svg')
    throw new UsageError(`--format must be mermaid or svg, not "${format}"`);
  if (positionals.length !== 1)
    throw new UsageError('route diagram takes one route id, as toeleiding or toeleiding@1');
  const [id, version] = (positionals[0] ?? '').split('@');
  const route = ROUTES.get(id ?? '');
  if (route === undefined) {
    throw new UsageError(`route "${id}" is not known; the routes are ${[...ROUTES.keys()].join(', ')}`);
  }
  if (version !== undefined && version !== route.version) {
    throw new UsageError(`route ${route.id} is at version ${route.version}, not ${version}`);
  }
  process.stdout.write(format === 'svg' ? await svgDiagram(route.machine) : mermaidDiagram(route.machine));
  return 0;
}
