import type { AnyStateMachine } from 'xstate';
import type { z } from 'zod';

/** The context every route machine keeps, so the core can read who has regie and what the plan is. */
export interface RouteContext {
  regisseur: string;
  plan: { revisie: number } | null;
}

/**
 * A route: its statechart, the payload schema of each event, the event that opens a case, and the norms it
 * references by id. Routes are pure data plus a pure machine; the workflow hosts any of them the same way.
 */
export interface RouteDefinition {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly machine: AnyStateMachine;
  readonly startEvent: string;
  readonly payloads: Readonly<Record<string, z.ZodType>>;
  readonly eventDocs: Readonly<Record<string, string>>;
  readonly norms: readonly string[];
  /** The machine's input, from the parsed payload of the start event. */
  readonly startInput: (payload: unknown) => unknown;
}
