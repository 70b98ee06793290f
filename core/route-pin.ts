import { HOST_ROUTES } from '../machines/host-routes.js';
import type { CaseStart } from './case.js';
import type { RouteRegistry } from './route-registry.js';
import { requireRoute } from './route-registry.js';

/** The version of every route before cases pinned theirs: the only version each had. */
export const UNPINNED_ROUTE_VERSION = '1.0.0';

/**
 * A recorded start as a host replays it, its route pinned: a start that names no version was recorded before
 * cases pinned one, when every route was at `1.0.0`. Throws a `RouteUnavailableError` naming `id@version` when the
 * host lacks it, so that a worker refuses the case (its workflow task fails and a worker that has the version
 * can take it) rather than running another version.
 */
export function pinnedRouteStart(start: CaseStart, routes: RouteRegistry = HOST_ROUTES): CaseStart {
  const routeId = start.routeId ?? routes.defaultRouteId;
  const routeVersion = start.routeVersion ?? UNPINNED_ROUTE_VERSION;
  requireRoute(routes, routeId, routeVersion);
  return { ...start, routeId, routeVersion };
}
