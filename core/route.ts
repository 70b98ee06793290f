import type { AnyStateMachine } from 'xstate';
import type { z } from 'zod';
import type { RouteDefinitionFile } from './route-format.js';

/** The context every route machine keeps, so the core can read who has regie and what the plan is. */
export interface RouteContext {
  regisseur: string;
  plan: { revisie: number } | null;
}

/** A route's own triggers for a norm, in place of the preset's (absent: the preset's). */
export interface NormTriggers {
  readonly startsOn?: readonly string[] | undefined;
  readonly metBy?: readonly string[] | undefined;
  readonly lapsesOn?: readonly string[] | undefined;
  /** The route's events that stop the norm's clock and that start it again (the preset has none). */
  readonly pausesOn?: readonly string[] | undefined;
  readonly resumesOn?: readonly string[] | undefined;
}

/**
 * A route as the core hosts it, compiled from its definition (`compileRoute`): its statechart, the payload schema
 * of each event, the event that opens a case, and the norms it runs. The workflow hosts any of them the same way.
 */
export interface RouteDefinition {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly machine: AnyStateMachine;
  readonly startEvent: string;
  readonly payloads: Readonly<Record<string, z.ZodType>>;
  readonly eventDocs: Readonly<Record<string, string>>;
  /** The norm presets it runs, by id. */
  readonly norms: readonly string[];
  /** Where the route triggers a norm on its own events rather than the preset's, by norm id. */
  readonly normTriggers: Readonly<Record<string, NormTriggers>>;
  /** The definition it was compiled from, as parsed (defaults filled in). */
  readonly definition: RouteDefinitionFile;
  /** The machine's input, from the parsed payload of the start event. */
  readonly startInput: (payload: unknown) => unknown;
}
