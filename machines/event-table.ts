import { z } from 'zod';
import type { RouteDefinition } from '../core/route.js';

interface StateNodeLike {
  readonly key: string;
  readonly ownEvents: readonly string[];
  readonly states: Readonly<Record<string, StateNodeLike>>;
}

/** For each event type, the top-level stages whose state nodes accept it (guards aside). */
export function stagesAccepting(route: RouteDefinition): Map<string, string[]> {
  const accepting = new Map<string, Set<string>>();
  const add = (type: string, stage: string) =>
    accepting.set(type, (accepting.get(type) ?? new Set()).add(stage));
  const root = route.machine.root as unknown as StateNodeLike;
  for (const type of root.ownEvents) add(type, 'every open stage');
  const visit = (node: StateNodeLike, stage: string): void => {
    for (const type of node.ownEvents) add(type, stage);
    for (const child of Object.values(node.states)) visit(child, stage);
  };
  for (const stage of Object.values(root.states)) visit(stage, stage.key);
  return new Map([...accepting].map(([type, stages]) => [type, [...stages]]));
}

/** The route's events as a Markdown table: type, payload fields (`?` optional), stages, meaning. */
export function eventTable(route: RouteDefinition): string {
  const stages = stagesAccepting(route);
  const rows = Object.entries(route.payloads).map(([type, schema]) => {
    const json = z.toJSONSchema(schema, { io: 'input' }) as { properties?: object; required?: string[] };
    const fields = Object.keys(json.properties ?? {})
      .map((field) => `${field}${json.required?.includes(field) === true ? '' : '?'}`)
      .join(', ');
    const where = type === route.startEvent ? 'opens a case' : (stages.get(type) ?? []).join(', ');
    return `| \`${type}\` | ${fields === '' ? '—' : fields} | ${where} | ${route.eventDocs[type] ?? ''} |`;
  });
  return ['| event | payload | accepted in | what it means |', '|---|---|---|---|', ...rows].join('\n');
}
