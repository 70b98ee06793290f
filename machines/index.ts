import type { RouteDefinition } from '../core/route.js';
import { toeleiding } from './toeleiding/index.js';
import { zorgplicht } from './zorgplicht/index.js';

export { toeleiding } from './toeleiding/index.js';
export { zorgplicht } from './zorgplicht/index.js';

/** Every route the engine can host, by id. The workflow bundle includes exactly these. */
export const ROUTES: ReadonlyMap<string, RouteDefinition> = new Map([
  [toeleiding.id, toeleiding],
  [zorgplicht.id, zorgplicht],
]);

/** The route hosted when a case names none. */
export const DEFAULT_ROUTE_ID = toeleiding.id;
