// `GET /routes`: the routes a caller may start a case on, with what an integrator needs to start one — the event
// that opens a case, every event with its meaning and payload, and the norms the route runs.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDefinition, RouteRegistry } from '../core/index.js';
import { stagesAccepting } from '../machines/event-table.js';
import type { RouteList, RouteSummary } from './schemas.js';

const summaries = new WeakMap<RouteDefinition, RouteSummary>();

/** One route as `GET /routes` lists it; computed once per compiled route. */
export function routeSummary(route: RouteDefinition): RouteSummary {
  let summary = summaries.get(route);
  if (summary === undefined) {
    const stages = stagesAccepting(route);
    summary = {
      id: route.id,
      version: route.version,
      title: route.title,
      startEvent: route.startEvent,
      events: Object.entries(route.payloads).map(([type, schema]) => ({
        type,
        doc: route.eventDocs[type] ?? null,
        acceptedIn: type === route.startEvent ? [] : (stages.get(type) ?? []),
        payload: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
      })),
      norms: route.norms.map((norm) => {
        const own = route.normTriggers[norm];
        if (own === undefined) return { norm };
        const triggers: Record<string, string[]> = {};
        for (const [kind, types] of Object.entries(own)) if (types !== undefined) triggers[kind] = [...types];
        return { norm, triggers };
      }),
    };
    summaries.set(route, summary);
  }
  return summary;
}

/**
 * Every integrator may start a case on every route of the host (its token limits where, `startIn`, never which
 * route), so every route is listed to every caller the route table lets in, each id's versions oldest first.
 */
export function routeListHandlers(
  registry: RouteRegistry,
): Record<'listRoutes', (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>> {
  return {
    async listRoutes(_request, reply) {
      const routes = registry.routes.map(routeSummary);
      const list: RouteList = { defaultRouteId: registry.defaultRouteId, count: routes.length, routes };
      return reply.code(200).send(list);
    },
  };
}
