import { readFileSync } from 'node:fs';
import type { RouteDefinition, RouteSource } from '../core/index.js';
import { checkRouteDefinition, createRouteRegistry, mermaidDiagram, routeKey } from '../core/index.js';
import { svgDiagram } from '../core/route-svg.js';
import { eventTable } from '../machines/event-table.js';
import { HOST_ROUTES, installHostRoutes } from '../machines/host-routes.js';
import { SHIPPED_ROUTE_SOURCES } from '../machines/index.js';
import { readRouteFiles } from '../worker/route-files.js';
import { optional, parseFlags } from './args.js';
import { table } from './format.js';
import { UsageError } from './usage-error.js';

const SUBCOMMANDS = 'list, show, validate, diagram, migrate';

/**
 * `--routes DIR`: the route files of that folder beside the shipped routes, for this command (the worker, the
 * simulator, `route list`/`show`/`diagram`). A file that cannot run refuses the command with every problem.
 */
export function installRoutesFlag(values: Record<string, unknown>): void {
  const dir = optional(values as never, 'routes');
  if (dir !== undefined) installHostRoutes(readRouteFiles(dir));
}

/** `id` or `id@version`: the host's route, its latest version without one; a usage error naming what exists. */
function routeArgument(argument: string | undefined, command: string): RouteDefinition {
  if (argument === undefined)
    throw new UsageError(`route ${command} takes one route, as toeleiding or toeleiding@1.0.0`);
  const [id = '', version] = argument.split('@');
  const route = HOST_ROUTES.get(id, version);
  if (route !== undefined) return route;
  if (HOST_ROUTES.get(id) === undefined) {
    throw new UsageError(`route "${id}" is not known; the routes are ${HOST_ROUTES.ids.join(', ')}`);
  }
  const versions = HOST_ROUTES.routes.filter((each) => each.id === id).map((each) => each.version);
  throw new UsageError(
    `route ${id} is at version${versions.length === 1 ? '' : 's'} ${versions.join(', ')}, not ${version ?? ''}`,
  );
}

function list(json: boolean): number {
  const routes = HOST_ROUTES.routes;
  if (json) {
    const rows = routes.map((route) => ({
      id: route.id,
      version: route.version,
      title: route.title,
      startEvent: route.startEvent,
      norms: route.norms,
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const rows = routes.map((route) => [
    routeKey(route),
    route.title,
    route.startEvent,
    route.norms.join(', '),
  ]);
  process.stdout.write(`${table(['route', 'title', 'opens with', 'norms'], rows)}\n`);
  return 0;
}

function show(route: RouteDefinition, json: boolean): number {
  if (json) {
    process.stdout.write(`${JSON.stringify(route.definition, null, 2)}\n`);
    return 0;
  }
  const { definition } = route;
  const lines = [
    `${routeKey(route)}: ${route.title}`,
    ...(definition.description === undefined ? [] : [definition.description]),
    ...(definition.sources ?? []).map(
      (source) => `source: ${source.citation}${source.url === undefined ? '' : ` (${source.url})`}`,
    ),
    `opens with: ${route.startEvent}`,
    `norms: ${route.norms.join(', ') || 'none'}`,
    '',
    eventTable(route),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Checks route files as the worker would load them: each on its own, then together with the shipped routes. */
function validate(files: readonly string[], json: boolean): number {
  if (files.length === 0) throw new UsageError('route validate takes one or more route files');
  const sources: RouteSource[] = [];
  const problems: { file: string; path: string; message: string }[] = [];
  for (const file of files) {
    let definition: unknown;
    try {
      definition = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    } catch (error) {
      problems.push({ file, path: '(file)', message: (error as Error).message });
      continue;
    }
    const { issues } = checkRouteDefinition(definition);
    problems.push(...issues.map((issue) => ({ file, ...issue })));
    if (issues.length === 0) sources.push({ source: file, definition });
  }
  if (problems.length === 0) {
    // Together: an id@version defined twice, a migration from a stage the earlier version lacks.
    try {
      createRouteRegistry([...SHIPPED_ROUTE_SOURCES, ...sources]);
    } catch (error) {
      for (const issue of (error as { issues?: readonly { path: string; message: string }[] }).issues ?? []) {
        const [file = '', path = ''] = issue.path.split(': ');
        problems.push({ file, path, message: issue.message });
      }
    }
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok: problems.length === 0, problems }, null, 2)}\n`);
  } else if (problems.length === 0) {
    for (const { source, definition } of sources) {
      const { id, version } = definition as { id: string; version: string };
      process.stdout.write(`${source}: ${id}@${version} is valid\n`);
    }
  } else {
    process.stdout.write(
      `${problems.map((problem) => `${problem.file}: ${problem.path}: ${problem.message}`).join('\n')}\n`,
    );
  }
  return problems.length === 0 ? 0 : 1;
}

/**
 * `passend route list|show|validate|diagram`: the routes this host runs (the shipped ones and `--routes DIR`),
 * one of them, a check of route files, or a route's statechart drawn from its machine.
 */
export async function runRoute(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || !SUBCOMMANDS.split(', ').includes(sub)) {
    throw new UsageError(
      sub === undefined
        ? `route needs a subcommand: ${SUBCOMMANDS}`
        : `unknown command "route ${sub}": use ${SUBCOMMANDS}`,
    );
  }
  // Migration runs on the workers, which hold the route versions; it takes flags of its own.
  if (sub === 'migrate') return await (await import('./route-migrate.js')).runRouteMigrate(rest);
  const { values, positionals } = parseFlags(rest, {
    format: { type: 'string' },
    json: { type: 'boolean' },
    routes: { type: 'string' },
  });
  const json = values['json'] === true;
  if (sub === 'validate') return validate(positionals, json);
  installRoutesFlag(values);
  if (sub === 'list') {
    if (positionals.length > 0) throw new UsageError('route list takes no arguments');
    return list(json);
  }
  if (positionals.length > 1)
    throw new UsageError(`route ${sub} takes one route, as toeleiding or toeleiding@1.0.0`);
  const route = routeArgument(positionals[0], sub);
  if (sub === 'show') return show(route, json);
  const format = optional(values, 'format') ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'svg')
    throw new UsageError(`--format must be mermaid or svg, not "${format}"`);
  process.stdout.write(format === 'svg' ? await svgDiagram(route.machine) : mermaidDiagram(route.machine));
  return 0;
}
