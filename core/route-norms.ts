import type { Norm } from './norms.js';
import type { RouteDefinition } from './route.js';

/**
 * The norms a case of `route` runs: each preset with the route's own triggers where the route names them
 * (`"norms": [{ "norm": id, "startsOn": [...] }]`), so that a region's route can start, meet or lapse a statutory
 * term on its own events. The version says so (`2014-1+toeleiding@1.0.0`), as an override's does.
 */
export function withRouteTriggers(norms: readonly Norm[], route: RouteDefinition): Norm[] {
  return norms.map((norm) => {
    const triggers = Object.hasOwn(route.normTriggers, norm.id) ? route.normTriggers[norm.id] : undefined;
    if (triggers === undefined) return norm;
    return {
      ...norm,
      version: `${norm.version}+${route.id}@${route.version}`,
      startsOn: [...(triggers.startsOn ?? norm.startsOn)],
      metBy: [...(triggers.metBy ?? norm.metBy)],
      lapsesOn: [...(triggers.lapsesOn ?? norm.lapsesOn)],
      ...(triggers.pausesOn === undefined ? {} : { pausesOn: [...triggers.pausesOn] }),
      ...(triggers.resumesOn === undefined ? {} : { resumesOn: [...triggers.resumesOn] }),
    };
  });
}
