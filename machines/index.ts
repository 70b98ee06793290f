import type { RouteDefinition } from '../core/route.js';
import type { RouteRegistry, RouteSource } from '../core/route-registry.js';
import { createRouteRegistry } from '../core/route-registry.js';
import { toeleidingDefinition } from './toeleiding/index.js';
import { zorgplichtDefinition } from './zorgplicht/index.js';
import { drechtstedenDefinition } from './drechtsteden/index.js';
import { gooiMdoDefinition } from './gooi-mdo/index.js';
import { ijwToewijzingDefinition } from './ijw-toewijzing/index.js';
import { jeugdwetBesluitDefinition } from './jeugdwet-besluit/index.js';
import { veiligThuisDefinition } from './veilig-thuis/index.js';

export { SPOREN, toeleidingDefinition } from './toeleiding/index.js';
export type { Plan, Spoor, SpoorGegevens, ToeleidingContext } from './toeleiding/index.js';
export { zorgplichtDefinition } from './zorgplicht/index.js';
export type { OppPlan, ZorgplichtContext } from './zorgplicht/index.js';

/** The route definitions shipped with the engine, as data, each with the file it comes from. */
export const SHIPPED_ROUTE_SOURCES: readonly RouteSource[] = [
  { source: 'machines/toeleiding/route.json', definition: toeleidingDefinition },
  { source: 'machines/zorgplicht/route.json', definition: zorgplichtDefinition },
  { source: 'machines/drechtsteden/route.json', definition: drechtstedenDefinition },
  { source: 'machines/gooi-mdo/route.json', definition: gooiMdoDefinition },
  { source: 'machines/ijw-toewijzing/route.json', definition: ijwToewijzingDefinition },
  { source: 'machines/jeugdwet-besluit/route.json', definition: jeugdwetBesluitDefinition },
  { source: 'machines/veilig-thuis/route.json', definition: veiligThuisDefinition },
];

/** The shipped routes as a registry, by `id@version`; toeleiding is the route of a case that names none. */
export const SHIPPED_ROUTES: RouteRegistry = createRouteRegistry(SHIPPED_ROUTE_SOURCES, {
  defaultRouteId: 'toeleiding',
});

/** The latest version of every shipped route, by id. */
export const ROUTES: ReadonlyMap<string, RouteDefinition> = new Map(
  SHIPPED_ROUTES.ids.map((id) => [id, SHIPPED_ROUTES.get(id)!]),
);

/** The route hosted when a case names none. */
export const DEFAULT_ROUTE_ID = SHIPPED_ROUTES.defaultRouteId;

/** The toeleiding route as the engine hosts it, compiled from machines/toeleiding/route.json. */
export const toeleiding: RouteDefinition = SHIPPED_ROUTES.get('toeleiding', '1.0.0')!;

/** The zorgplicht route as the engine hosts it, compiled from machines/zorgplicht/route.json. */
export const zorgplicht: RouteDefinition = SHIPPED_ROUTES.get('zorgplicht', '1.0.0')!;
