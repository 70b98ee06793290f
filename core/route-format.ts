import { z } from 'zod';

/*
 * The route definition format: a route as JSON data (docs/routes.md is its reference). Stages are XState
 * configuration; guards and actions are named from the core's library (core/route-library.ts), never code; event
 * payloads are built from a small typed vocabulary. `compileRoute` (core/route-compiler.ts) checks what this
 * schema cannot (targets, reachability, names) and turns a definition into an XState v5 machine.
 */

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NAME = /^[a-zA-Z][a-zA-Z0-9]*$/;
/** Semantic Versioning 2.0.0, without build metadata: `1.0.0`, `2.1.0-rc.1`. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** An event type: dotted, lowercase (`intake.gehouden`), as norms name their triggers. */
export const RouteEventTypeSchema = z.string().regex(/^[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+$/, {
  message: 'must be a dotted lowercase event type such as "intake.gehouden"',
});

/** A route version: semver, so that `id@version` orders and a case can pin it. */
export const RouteVersionSchema = z
  .string()
  .regex(SEMVER, { message: 'must be a semantic version such as "1.0.0"' });

const CodeValueSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'must be a kebab-case code' });

const OptionalFlag = { optional: z.boolean().optional(), description: z.string().min(1).optional() };

/** A code: one value of a list given inline (`values`) or named in the route's `codes` (`codes`). */
const CodeFieldSchema = z.strictObject({
  type: z.literal('code'),
  values: z.array(CodeValueSchema).min(1).optional(),
  codes: z.string().regex(NAME).optional(),
  default: CodeValueSchema.optional(),
  ...OptionalFlag,
});

const IdentifierFieldSchema = z.strictObject({ type: z.literal('identifier'), ...OptionalFlag });
const DateFieldSchema = z.strictObject({ type: z.literal('date'), ...OptionalFlag });
const InstantFieldSchema = z.strictObject({ type: z.literal('instant'), ...OptionalFlag });
const BooleanFieldSchema = z.strictObject({
  type: z.literal('boolean'),
  default: z.boolean().optional(),
  ...OptionalFlag,
});
const IntegerFieldSchema = z.strictObject({
  type: z.literal('integer'),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  default: z.number().int().optional(),
  ...OptionalFlag,
});

/** What a list may hold: a single value of the vocabulary (no nested lists). */
const ItemFieldSchema = z.discriminatedUnion('type', [
  CodeFieldSchema.omit({ optional: true, default: true }),
  IdentifierFieldSchema.omit({ optional: true }),
  DateFieldSchema.omit({ optional: true }),
  IntegerFieldSchema.omit({ optional: true, default: true }),
]);

const ListFieldSchema = z.strictObject({
  type: z.literal('list'),
  of: ItemFieldSchema,
  min: z.number().int().nonnegative().optional(),
  max: z.number().int().positive().optional(),
  /** Refuse a list that names a value twice. */
  unique: z.boolean().optional(),
  ...OptionalFlag,
});

/** One payload field, from the vocabulary: identifier, code, date, instant, integer, boolean, or a list. */
export const PayloadFieldSchema = z.discriminatedUnion('type', [
  IdentifierFieldSchema,
  CodeFieldSchema,
  DateFieldSchema,
  InstantFieldSchema,
  IntegerFieldSchema,
  BooleanFieldSchema,
  ListFieldSchema,
]);
export type PayloadField = z.infer<typeof PayloadFieldSchema>;

/** An event a route takes: what it means, its payload fields, and checks across fields from the library. */
export const RouteEventSchema = z.strictObject({
  doc: z.string().min(1),
  payload: z
    .record(z.string().regex(NAME, { message: 'must be a camelCase field name' }), PayloadFieldSchema)
    .default({}),
  /** Checks across fields, by name from the payload-check library (e.g. `arrangement`). */
  checks: z.array(z.string().regex(NAME)).optional(),
});
export type RouteEvent = z.infer<typeof RouteEventSchema>;

/** A guard or action from the library, by name, with its parameters when it takes any. */
const NamedReferenceSchema = z.union([
  z.string().regex(NAME, { message: 'must name a guard or action of the library' }),
  z.strictObject({ type: z.string().regex(NAME), params: z.record(z.string(), z.unknown()).optional() }),
]);
export type NamedReference = z.infer<typeof NamedReferenceSchema>;

/** A guard: a library guard, `{ "in": "#state-id" }`, or `and` / `or` / `not` of guards. */
export type GuardExpression =
  | NamedReference
  | { readonly in: string }
  | { readonly and: readonly GuardExpression[] }
  | { readonly or: readonly GuardExpression[] }
  | { readonly not: GuardExpression };

export const GuardExpressionSchema: z.ZodType<GuardExpression> = z.lazy(() =>
  z.union([
    NamedReferenceSchema,
    z.strictObject({ in: z.string().min(1) }),
    z.strictObject({ and: z.array(GuardExpressionSchema).min(1) }),
    z.strictObject({ or: z.array(GuardExpressionSchema).min(1) }),
    z.strictObject({ not: GuardExpressionSchema }),
  ]),
);

const TransitionObjectSchema = z.strictObject({
  target: z.string().min(1).optional(),
  guard: GuardExpressionSchema.optional(),
  actions: z.union([NamedReferenceSchema, z.array(NamedReferenceSchema)]).optional(),
  description: z.string().optional(),
});

/** A transition: a target, or target, guard and actions; a list is tried in order (the first enabled wins). */
const TransitionsSchema = z.union([
  z.string().min(1),
  TransitionObjectSchema,
  z.array(z.union([z.string().min(1), TransitionObjectSchema])).min(1),
]);
export type Transitions = z.infer<typeof TransitionsSchema>;

/** A stage: XState state-node configuration without code, and optionally the events it declares. */
export interface StageDefinition {
  readonly id?: string | undefined;
  readonly type?: 'parallel' | 'final' | 'history' | undefined;
  readonly history?: 'shallow' | 'deep' | undefined;
  readonly initial?: string | undefined;
  readonly description?: string | undefined;
  readonly on?: Readonly<Record<string, Transitions>> | undefined;
  readonly always?: Transitions | undefined;
  readonly states?: Readonly<Record<string, StageDefinition>> | undefined;
  readonly events?: Readonly<Record<string, z.input<typeof RouteEventSchema>>> | undefined;
}

export const StageSchema: z.ZodType<StageDefinition> = z.lazy(() =>
  z.strictObject({
    id: z.string().regex(KEBAB, { message: 'must be a kebab-case state id' }).optional(),
    type: z.enum(['parallel', 'final', 'history']).optional(),
    history: z.enum(['shallow', 'deep']).optional(),
    initial: z.string().min(1).optional(),
    description: z.string().optional(),
    on: z.record(RouteEventTypeSchema, TransitionsSchema).optional(),
    always: TransitionsSchema.optional(),
    states: z
      .record(z.string().regex(NAME, { message: 'must be a camelCase stage name' }), StageSchema)
      .optional(),
    events: z.record(RouteEventTypeSchema, RouteEventSchema).optional(),
  }),
);

/** A context value: a JSON value to start with, or `{ "fromStart": field }` of the start event's payload. */
const ContextValueSchema = z.union([z.strictObject({ fromStart: z.string().regex(NAME) }), z.json()]);

/** A norm the route runs: a preset by id, optionally with the route's own triggers instead of the preset's. */
const RouteNormSchema = z.union([
  z.string().regex(KEBAB, { message: 'must be the kebab-case id of a norm preset' }),
  z.strictObject({
    norm: z.string().regex(KEBAB, { message: 'must be the kebab-case id of a norm preset' }),
    startsOn: z.array(RouteEventTypeSchema).min(1).optional(),
    metBy: z.array(RouteEventTypeSchema).min(1).optional(),
    lapsesOn: z.array(RouteEventTypeSchema).optional(),
    /** Events that stop the norm's clock (an opschorting); the norm must allow suspension. */
    pausesOn: z.array(RouteEventTypeSchema).min(1).optional(),
    /** Events that restart a clock one of `pausesOn` stopped; the due moment moves by the time it stood still. */
    resumesOn: z.array(RouteEventTypeSchema).min(1).optional(),
  }),
]);
export type RouteNorm = z.infer<typeof RouteNormSchema>;

/** How the stages of an earlier version map onto this one (used by migration; checked against both). */
const MigrationSchema = z.strictObject({
  from: RouteVersionSchema,
  /** Old state path (dotted, e.g. `arrangement.lopend`) to the new one. */
  states: z.record(z.string().min(1), z.string().min(1)),
});

/** Where a route comes from: the documents that describe it, so a reader can check it. */
const RouteSourceSchema = z.strictObject({ citation: z.string().min(1), url: z.url().optional() });

/** A route definition file. */
export const RouteDefinitionFileSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(KEBAB, { message: 'must be a kebab-case route id' }),
  version: RouteVersionSchema,
  title: z.string().min(1),
  description: z.string().min(1).optional(),
  sources: z.array(RouteSourceSchema).optional(),
  /** The event that opens a case of this route. */
  startEvent: RouteEventTypeSchema,
  /** Named code lists that payload fields refer to with `codes` (e.g. the sporen of an arrangement). */
  codes: z.record(z.string().regex(NAME), z.array(CodeValueSchema).min(1)).default({}),
  /** The machine's context when a case opens; must hold `regisseur` and `plan`, which the core reads. */
  context: z.record(z.string().regex(NAME), ContextValueSchema),
  events: z.record(RouteEventTypeSchema, RouteEventSchema).default({}),
  /** The route's own names for guards built from the library (`"hierToegelaten": { "type": "payloadIs", ... }`). */
  guards: z.record(z.string().regex(NAME), GuardExpressionSchema).default({}),
  norms: z.array(RouteNormSchema).default([]),
  /** The statechart: the root state node, whose id is the route id. */
  machine: StageSchema,
  migrations: z.array(MigrationSchema).optional(),
});
export type RouteDefinitionFile = z.infer<typeof RouteDefinitionFileSchema>;
export type RouteDefinitionInput = z.input<typeof RouteDefinitionFileSchema>;

/** `id@version`: how the registry, a case's pin and the CLI name one version of a route. */
export function routeKey(route: { readonly id: string; readonly version: string }): string {
  return `${route.id}@${route.version}`;
}
