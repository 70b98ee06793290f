import type { RouteDefinition } from '../core/route.js';
import { toeleiding } from './toeleiding/index.js';

export { toeleiding } from './toeleiding/index.js';

/** Every route the engine can host, by id. The workflow bundle includes exactly these. */
export const ROUTES: ReadonlyMap<string, RouteDefinition> = new Map([[toeleiding.id, toeleiding]]);

/** The route hosted when a case names none. */
export const DEFAULT_ROUTE_ID = toeleiding.id;
