import type { Issue } from './errors.js';
import type { RouteDefinition } from './route.js';
import { pathOf, stageNodes } from './route-checks.js';
import { checkRouteDefinition, compileRoute, RouteDefinitionError } from './route-compiler.js';
import { routeKey } from './route-format.js';

/**
 * The routes a host can run, by `id@version`. The core takes one from its host (the worker, the CLI, a test) and
 * never imports a route: a case pins the version it started on, and a host that lacks that version says so
 * instead of running another one.
 */
export interface RouteRegistry {
  /** One version of a route; without `version`, its latest. */
  get(id: string, version?: string): RouteDefinition | undefined;
  /** Every route, each id's versions oldest first, ids in the order they were registered. */
  readonly routes: readonly RouteDefinition[];
  /** The route ids, in the order they were registered. */
  readonly ids: readonly string[];
  /** The route a case runs when its start names none. */
  readonly defaultRouteId: string;
}

/** A definition to register: where it comes from (a file path, for issues) and its parsed JSON. */
export interface RouteSource {
  readonly source: string;
  readonly definition: unknown;
}

/**
 * A case names a route version this host does not have. The host must not run another version in its place: the
 * workflow fails its task (so that a worker that has the version can take it) and writes nothing.
 */
export class RouteUnavailableError extends Error {
  override readonly name = 'RouteUnavailableError';
  constructor(id: string, version: string, registry: RouteRegistry) {
    super(
      `route ${routeKey({ id, version })} is not available on this host (it has ${registry.routes.map(routeKey).join(', ') || 'none'}); a worker that loaded that version must run this case`,
    );
  }
}

/** One version of a route, or a `RouteUnavailableError` naming it. */
export function requireRoute(registry: RouteRegistry, id: string, version: string): RouteDefinition {
  const route = registry.get(id, version);
  if (route === undefined) throw new RouteUnavailableError(id, version, registry);
  return route;
}

const SEMVER_PARTS = /^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$/;

/** Orders two semantic versions (negative: `a` is older). A pre-release is older than its release. */
export function compareVersions(a: string, b: string): number {
  const [, ...left] = SEMVER_PARTS.exec(a) ?? [];
  const [, ...right] = SEMVER_PARTS.exec(b) ?? [];
  for (let index = 0; index < 3; index++) {
    const difference = Number(left[index]) - Number(right[index]);
    if (difference !== 0) return difference;
  }
  const [pre = undefined] = left.slice(3);
  const [rightPre = undefined] = right.slice(3);
  if (pre === rightPre) return 0;
  if (pre === undefined) return 1;
  if (rightPre === undefined) return -1;
  return pre < rightPre ? -1 : 1;
}

function registryOf(routes: readonly RouteDefinition[], defaultRouteId: string): RouteRegistry {
  const byKey = new Map(routes.map((route) => [routeKey(route), route]));
  const ids = [...new Set(routes.map((route) => route.id))];
  const sorted = ids.flatMap((id) =>
    routes.filter((route) => route.id === id).sort((a, b) => compareVersions(a.version, b.version)),
  );
  return {
    get: (id, version) =>
      version === undefined
        ? sorted.filter((route) => route.id === id).at(-1)
        : byKey.get(routeKey({ id, version })),
    routes: sorted,
    ids,
    defaultRouteId,
  };
}

/** A migration's `from` states that its earlier version, when registered, does not have. */
function migrationIssues(
  source: RouteSource,
  route: RouteDefinition,
  registered: readonly RouteDefinition[],
): Issue[] {
  const issues: Issue[] = [];
  for (const [index, migration] of (route.definition.migrations ?? []).entries()) {
    const earlier = registered.find((each) => each.id === route.id && each.version === migration.from);
    if (earlier === undefined) continue;
    const nodes = stageNodes(earlier.definition);
    const paths = new Set(nodes.map((node) => node.keys.join('.')));
    for (const from of Object.keys(migration.states).filter((path) => !paths.has(path))) {
      issues.push({
        path: `${source.source}: ${pathOf(['migrations', index, 'states', from])}`,
        message: `"${from}" is not a stage of ${routeKey(earlier)}`,
      });
    }
  }
  return issues;
}

/**
 * Checks and compiles route definitions into a registry. Refuses the whole set, with every problem of every
 * definition by its source and path, when one cannot run or two share an `id@version`: nothing is registered.
 * `defaultRouteId` (the first definition's id unless named) must be one of them.
 * @example
 * const routes = createRouteRegistry([{ source: 'routes/breda.json', definition: JSON.parse(text) }]);
 */
export function createRouteRegistry(
  sources: readonly RouteSource[],
  options: { readonly defaultRouteId?: string } = {},
): RouteRegistry {
  const issues: Issue[] = [];
  const routes: RouteDefinition[] = [];
  const seen = new Map<string, string>();
  for (const source of sources) {
    const checked = checkRouteDefinition(source.definition);
    const problems = checked.issues.map((issue) => ({ ...issue, path: `${source.source}: ${issue.path}` }));
    issues.push(...problems);
    if (checked.definition === undefined || problems.length > 0) continue;
    const route = compileRoute(source.definition, source.source);
    const key = routeKey(route);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        path: `${source.source}: version`,
        message: `${key} is defined twice (also in ${first})`,
      });
      continue;
    }
    seen.set(key, source.source);
    routes.push(route);
  }
  for (const [index, route] of routes.entries()) {
    const source = [...seen].find(([key]) => key === routeKey(route))?.[1] ?? String(index);
    issues.push(...migrationIssues({ source, definition: undefined }, route, routes));
  }
  const defaultRouteId = options.defaultRouteId ?? routes[0]?.id ?? '';
  if (issues.length === 0 && !routes.some((route) => route.id === defaultRouteId)) {
    issues.push({
      path: 'defaultRouteId',
      message: `no route "${defaultRouteId}" among ${[...seen.keys()].join(', ') || 'none'}`,
    });
  }
  if (issues.length > 0) throw new RouteDefinitionError('the routes cannot be registered', issues);
  return registryOf(routes, defaultRouteId);
}
