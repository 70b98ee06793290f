import type { RouteRegistry, RouteSource } from '../core/route-registry.js';
import { createRouteRegistry } from '../core/route-registry.js';
import { SHIPPED_ROUTE_SOURCES, SHIPPED_ROUTES } from './index.js';

let installed: RouteRegistry = SHIPPED_ROUTES;
let installedFrom = '[]';
let installedExtra: readonly RouteSource[] = [];

/**
 * The routes this host runs, which the core uses when its caller names no registry: the shipped ones, and the
 * route files the host loaded at start (`installHostRoutes`). A worker installs them in its workflow bundle too
 * (worker/route-files.ts), before any workflow runs, so every case in that bundle sees the same routes.
 */
export const HOST_ROUTES: RouteRegistry = {
  get: (id, version) => installed.get(id, version),
  get routes() {
    return installed.routes;
  },
  get ids() {
    return installed.ids;
  },
  get defaultRouteId() {
    return installed.defaultRouteId;
  },
};

/**
 * Makes the shipped routes and `extra` this host's routes, once at start, before any case is opened. Throws a
 * `RouteDefinitionError` listing every problem when one cannot run; then nothing is installed.
 */
export function installHostRoutes(extra: readonly RouteSource[]): RouteRegistry {
  // A workflow bundle installs its routes as each workflow loads; the same routes are compiled once.
  const from = JSON.stringify(extra);
  if (from === installedFrom) return installed;
  installed = createRouteRegistry([...SHIPPED_ROUTE_SOURCES, ...extra], {
    defaultRouteId: SHIPPED_ROUTES.defaultRouteId,
  });
  installedFrom = from;
  installedExtra = [...extra];
  return installed;
}

/** The route files installed beside the shipped routes (none until `installHostRoutes`). */
export function extraHostRoutes(): readonly RouteSource[] {
  return installedExtra;
}
