import { z } from 'zod';
import type { CaseSummary, SendEventResult } from '../client/index.js';
import type { CaseUpdateSummary, CaseView, Rejection } from '../core/index.js';
import {
  ActorSchema,
  CaseIdSchema,
  CaseStartSchema,
  EventInputSchema,
  IdentifierSchema,
  NormSchema,
  PseudonymousIdSchema,
  refuseBadCorrection,
  refuseBsnInEvent,
} from '../core/index.js';

// Request schemas are the core's own (CaseStartSchema, EventInputSchema), so the HTTP API accepts exactly what
// the engine accepts. Response schemas describe the core's views; the type checks at the bottom of this file
// keep them in step with the TypeScript interfaces.

/**
 * An event as an integrator sends it over HTTP: the core's event input, without `submittedBy` (the server names
 * the token's holder; a body cannot), and none of its identifiers may hold a BSN.
 */
export const EventRequestSchema = EventInputSchema.omit({ submittedBy: true })
  .superRefine(refuseBsnInEvent)
  .superRefine(refuseBadCorrection);

/** `POST /cases`: the case start, its first event, and optionally the events that already happened. */
export const StartCaseRequestSchema = CaseStartSchema.extend({
  caseId: CaseIdSchema,
  organisatie: PseudonymousIdSchema,
  regio: PseudonymousIdSchema,
  kindReferentie: PseudonymousIdSchema.optional().describe(
    "An opaque pseudonym of the child, shared by the region's organisations (never a BSN or a name): a second open " +
      'case with it in the region is flagged `dubbeleCasus` (one child, one plan). Never shown in any answer.',
  ),
  event: EventRequestSchema,
  history: z
    .array(EventRequestSchema)
    .max(1_000)
    .optional()
    .describe('Events that already happened, in order, each backdated with `occurredAt`.'),
});
export type StartCaseRequest = z.output<typeof StartCaseRequestSchema>;

/** `/cases/:caseId`. */
export const CaseIdParamsSchema = z.strictObject({
  caseId: IdentifierSchema.describe('The case id, as the integrator chose it when starting the case.'),
});

const RISKS = ['op-schema', 'waarschuwing', 'overschreden'] as const;
const riskListParam = z
  .string()
  .regex(/^(?:op-schema|waarschuwing|overschreden)(?:,(?:op-schema|waarschuwing|overschreden))*$/, {
    message: 'must be one or more of op-schema, waarschuwing, overschreden, separated by commas',
  })
  .transform((value) => [...new Set(value.split(','))] as (typeof RISKS)[number][])
  .describe('Risk statuses, comma-separated: op-schema, waarschuwing, overschreden.');
const booleanParam = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .describe('`true` or `false`.');
const limitParam = z
  .string()
  .regex(/^[0-9]{1,5}$/, { message: 'must be a whole number' })
  .transform(Number)
  .pipe(z.number().int().min(1).max(10_000))
  .describe('At most this many cases (1-10000, default 1000).');

const filterParams = {
  regio: IdentifierSchema.optional().describe('Only cases of this region.'),
  organisatie: IdentifierSchema.optional().describe('Only cases of this organisation.'),
  regisseur: IdentifierSchema.optional().describe('Only cases with this regisseur.'),
  stage: IdentifierSchema.optional().describe('Only cases in this stage, e.g. `intake`.'),
  route: IdentifierSchema.optional().describe('Only cases of this route, e.g. `toeleiding`.'),
  dubbeleCasus: z
    .literal('true', { message: 'must be `true` (only flagged cases), or left out' })
    .transform((): true => true)
    .optional()
    .describe('`true`: only cases flagged because another case of the same child is open in the region.'),
};

/** `GET /cases`: open cases by search attributes. */
export const CaseListQuerySchema = z.strictObject({
  ...filterParams,
  risk: riskListParam.optional(),
  includeClosed: booleanParam
    .optional()
    .describe('`true` lists closed cases too (default: open cases only).'),
  limit: limitParam.optional(),
});

/** `GET /cases/overdue`: open cases with a breached deadline (or, with `atRisk=true`, a warned one too). */
export const OverdueQuerySchema = z.strictObject({
  ...filterParams,
  atRisk: booleanParam
    .optional()
    .describe('`true` adds cases whose deadline warning went out (default false).'),
  limit: limitParam.optional(),
});

/**
 * The query of a route that takes no query parameters: every parameter is unknown, and refused with 400 like an
 * unknown field, rather than silently ignored (`POST /cases/c-1/events?dryRun=true` would otherwise apply).
 */
export const NoQuerySchema = z.strictObject({});

/** `GET /kpi`: counts over the open cases in scope. */
export const KpiQuerySchema = z.strictObject({
  regio: filterParams.regio,
  organisatie: filterParams.organisatie,
  route: filterParams.route,
});

// ---- responses ----

const InstantSchema = z.iso
  .datetime()
  .describe('An ISO 8601 moment in UTC, e.g. `2013-01-24T09:00:00.000Z`.');

export const IssueSchema = z.object({
  path: z
    .string()
    .describe('The field at fault as a dotted path, e.g. `event.actor.id`; `(root)` for the whole.'),
  message: z.string().describe('Why the value is refused.'),
});

const REJECTION_CODES = [
  'invalid-event',
  'unknown-event-type',
  'invalid-payload',
  'not-allowed-in-stage',
  'occurred-in-future',
  'occurred-before-previous',
  'idempotency-conflict',
  'deadline-refused',
  'case-closed',
  'correction-refused',
  'payload-refused',
] as const satisfies readonly Rejection['code'][];

/** The engine's reason for refusing an event; the case is unchanged. */
export const RejectionSchema = z.object({
  code: z.enum(REJECTION_CODES),
  message: z.string(),
  stage: z.string().nullable(),
  issues: z.array(IssueSchema),
});

export const InvalidRequestSchema = z.object({
  error: z.literal('invalid-request'),
  issues: z.array(IssueSchema).min(1),
});
export const EventRejectedSchema = z.object({
  error: z.literal('event-rejected'),
  rejection: RejectionSchema,
});
export const CaseNotFoundSchema = z.object({
  error: z.literal('case-not-found'),
  caseId: z.string(),
  message: z.string(),
});
export const CaseExistsSchema = z.object({
  error: z.literal('case-exists'),
  caseId: z.string(),
  message: z.string(),
});
/** A second start of the same case id, or a start event the engine refused because of the state. */
export const StartConflictSchema = z.union([CaseExistsSchema, EventRejectedSchema]);
export const UnauthorizedSchema = z.object({
  error: z.literal('unauthorized'),
  reason: z
    .enum(['token-missing', 'authorization-malformed', 'token-unknown'])
    .describe(
      'No token was sent, the Authorization header is not `Bearer <token>`, or the token is not known.',
    ),
  message: z.string(),
});
export const ForbiddenSchema = z.object({ error: z.literal('forbidden'), message: z.string() });
export const NotFoundSchema = z.object({ error: z.literal('not-found'), message: z.string() });
export const InternalErrorSchema = z.object({ error: z.literal('internal'), message: z.string() });

export const DeadlineSchema = z.object({
  id: z.string(),
  normId: z.string(),
  normVersion: z.string(),
  title: z.string(),
  spoor: z.string().nullable(),
  startedAt: InstantSchema,
  originalDueAt: InstantSchema,
  dueAt: InstantSchema.describe('The first late moment.'),
  termEndAt: InstantSchema.optional().describe(
    'Only when the Algemene termijnenwet moved dueAt off a weekend or public holiday: the end of the term as counted.',
  ),
  warnAt: InstantSchema.nullable(),
  warnedAt: InstantSchema.nullable(),
  status: z.enum([
    'lopend',
    'opgeschort',
    'gehaald',
    'overschreden',
    'gehaald-na-overschrijding',
    'vervallen',
  ]),
  metAt: InstantSchema.nullable(),
  detectedAt: InstantSchema.nullable(),
  lapsedAt: InstantSchema.nullable(),
  extensions: z.array(
    z.object({ at: InstantSchema, reden: z.string(), from: InstantSchema, to: InstantSchema }),
  ),
  suspensions: z.array(z.object({ from: InstantSchema, to: InstantSchema.nullable(), reden: z.string() })),
  opschaling: z
    .array(
      z.object({
        stap: z.number().int().positive(),
        rol: z.string(),
        at: InstantSchema,
        sentAt: InstantSchema.nullable(),
      }),
    )
    .optional()
    .describe('Only for a norm with steps of escalation: the steps after the breach, each sent or not yet.'),
  ingetrokken: z
    .object({ at: InstantSchema, bySeq: z.number().int().positive() })
    .optional()
    .describe(
      'Only when a late-registered event showed the norm met in time: when the breach was retracted.',
    ),
});

const moved = z.array(z.object({ id: z.string(), from: InstantSchema, to: InstantSchema }));
const chained = {
  seq: z.number().int().positive(),
  prevHash: z.string().describe('SHA-256 of the previous entry: the journal is a hash chain.'),
};
const EventEntrySchema = z.object({
  ...chained,
  kind: z.literal('gebeurtenis'),
  type: z.string(),
  payload: z.unknown(),
  actor: ActorSchema.describe('Who acted, as the event declares it.'),
  submittedBy: z
    .string()
    .optional()
    .describe(
      'The actor id of the token that submitted the event (absent in entries recorded before it was kept, and ' +
        'for events sent without the HTTP API).',
    ),
  idempotencyKey: z.string(),
  occurredAt: InstantSchema,
  recordedAt: InstantSchema,
  stageBefore: z.string().nullable(),
  stageAfter: z.string(),
  regisseur: z.string(),
  planRevisie: z.number().int().nullable(),
  deadlines: z.object({
    gestart: z.array(z.string()),
    gehaald: z.array(z.string()),
    vervallen: z.array(z.string()),
    verlengd: moved,
    opgeschort: z.array(z.string()),
    hervat: moved,
  }),
});
const signalFields = {
  ...chained,
  deadlineId: z.string(),
  normId: z.string(),
  dueAt: InstantSchema,
  detectedAt: InstantSchema,
  stage: z.string(),
  regisseur: z.string(),
};
export const JournalEntrySchema = z.discriminatedUnion('kind', [
  EventEntrySchema,
  z.object({ ...signalFields, kind: z.literal('deadline.overschreden') }),
  z.object({ ...signalFields, kind: z.literal('deadline.waarschuwing'), warnAt: InstantSchema }),
  z.object({
    ...signalFields,
    kind: z.literal('deadline.opgeschaald'),
    stap: z.number().int().positive(),
    rol: z.string(),
    at: InstantSchema,
  }),
  z.object({
    ...signalFields,
    kind: z.literal('deadline.ingetrokken'),
    // Absent when a correction withdrew the event the breach rested on and the norm is not met (see core/correction.ts).
    metAt: InstantSchema.optional(),
    breachSeq: z.number().int().nonnegative(),
    causedBySeq: z.number().int().positive(),
  }),
]);

/** A case as integrators, coordinators and auditors read it (`CaseView` in the core). */
export const CaseViewSchema = z.object({
  caseId: z.string(),
  route: z.object({ id: z.string(), version: z.string() }),
  organisatie: z.string(),
  regio: z.string(),
  stage: z.string(),
  states: z.array(z.string()).describe('Every active leaf state, e.g. `arrangement.lopend.gezin.wachten`.'),
  closed: z.boolean(),
  regisseur: z.string(),
  plan: z
    .unknown()
    .describe('The one plan of the case (`null` before there is one); its shape is the route’s.'),
  context: z.unknown().describe('The route machine’s context, as the route defines it.'),
  deadlines: z.array(DeadlineSchema),
  breaches: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  nextDueAt: InstantSchema.nullable(),
  lastOccurredAt: InstantSchema,
  norms: z.array(
    z.object({
      id: z.string(),
      version: z.string(),
      title: z.string(),
      term: z.object({ amount: z.number().int(), unit: z.string() }),
      guideline: z.boolean(),
      source: z.string(),
    }),
  ),
  normDefinitions: z.array(NormSchema),
  journal: z.array(JournalEntrySchema),
  journalHead: z.string().describe('SHA-256 of the last journal entry: the head of the hash chain.'),
});

/** The case right after an event (`CaseUpdateSummary` in the core): which case, its stage, its journal's head. */
export const CaseUpdateSummarySchema = CaseViewSchema.pick({
  caseId: true,
  stage: true,
  closed: true,
  journalHead: true,
})
  .extend({
    journalLength: z
      .number()
      .int()
      .nonnegative()
      .describe('How many entries the journal holds; `journalHead` is the hash of the last.'),
  })
  .describe(
    'Where the case stands after the event; `GET /cases/{caseId}` has the rest (deadlines, plan, journal, norms).',
  );

/** `POST /cases/:caseId/events`: the case after the event, what it recorded, and whether it was a retry. */
export const SendEventResultSchema = z.object({
  view: CaseUpdateSummarySchema,
  recorded: z
    .array(JournalEntrySchema)
    .describe('The journal entries this event added (none for a retry already applied).'),
  duplicate: z.boolean().describe('`true` when the idempotency key was already applied: nothing changed.'),
});

/** One case as visibility knows it (search attributes; no query to the workflow). */
export const CaseSummarySchema = z.object({
  caseId: z.string(),
  workflowId: z.string(),
  route: z.string().nullable(),
  stage: z.string().nullable(),
  stageSince: z.string().nullable(),
  regisseur: z.string().nullable(),
  organisatie: z.string().nullable(),
  regio: z.string().nullable(),
  risk: z.enum(RISKS).nullable(),
  nextDueAt: InstantSchema.nullable(),
  overdueNorms: z.array(z.string()).describe('Norms whose deadline is breached and not yet met.'),
  overdueSince: InstantSchema.nullable().describe('The earliest due moment among the breached deadlines.'),
  warnedNorms: z.array(z.string()).describe('Norms whose warning went out while the deadline still runs.'),
  wachtlijstAanbieders: z.array(z.string()),
  breaches: z.number().int().nonnegative(),
  dubbeleCasus: z
    .boolean()
    .describe('Another case of the same child is open in the same region: one child, one plan.'),
  status: z.string().describe('The workflow execution status, e.g. `RUNNING` or `COMPLETED`.'),
  startedAt: InstantSchema,
  closedAt: InstantSchema.nullable(),
});

export const CaseListSchema = z.object({
  count: z.number().int().nonnegative(),
  cases: z.array(CaseSummarySchema),
});

export const OverdueCaseSchema = CaseSummarySchema.extend({
  daysOver: z
    .number()
    .int()
    .nullable()
    .describe('Whole days from `overdueSince` to `at`; `null` for a case only at risk (warned).'),
});

export const OverdueListSchema = z.object({
  at: InstantSchema.describe('The moment `daysOver` is counted to.'),
  count: z.number().int().nonnegative(),
  cases: z.array(OverdueCaseSchema),
});

const countsSchema = z.record(z.string(), z.number().int().nonnegative());

/** Counts over the open cases in scope, from visibility (search attributes) only. */
export const KpiSchema = z.object({
  at: InstantSchema,
  openCases: z.number().int().nonnegative(),
  byStage: countsSchema.describe('Open cases per stage.'),
  byRisk: z.object({
    'op-schema': z.number().int().nonnegative(),
    waarschuwing: z.number().int().nonnegative(),
    overschreden: z.number().int().nonnegative(),
  }),
  byRegisseur: countsSchema.describe('Open cases per regisseur.'),
  byOrganisatie: countsSchema.describe('Open cases per organisation.'),
  overdueCases: z.number().int().nonnegative().describe('Open cases with a breached deadline not yet met.'),
  breachesTotal: z
    .number()
    .int()
    .nonnegative()
    .describe('Breaches recorded in the open cases, all together.'),
  truncated: z
    .boolean()
    .describe(
      'Always `false`: every open case is counted, page by page. Kept for clients that read it (it was `true` ' +
        'when more than 10000 open cases matched and only 10000 were counted).',
    ),
});

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  temporal: z.enum(['ok', 'unreachable']),
  workers: z
    .object({
      taskQueue: z.string(),
      polling: z.number().int().describe('Workers that polled the case task queue in the last 75 seconds.'),
    })
    .nullable()
    .describe('Null when Temporal did not answer.'),
  stuckCases: z
    .object({
      count: z.number().int().describe('Open cases whose workflow tasks keep failing.'),
      checked: z.number().int().describe('Open cases the scan looked at.'),
      checkedAt: InstantSchema,
    })
    .nullable()
    .describe('From a scan of the open cases, at most a minute old; null before the first scan finished.'),
  reasons: z.array(z.string()).describe('Why the status is degraded, in words; empty when ok.'),
});

/** 503: Temporal, its workers or the case's workflow task are not available now; retry after `Retry-After`. */
export const UnavailableSchema = z.object({
  error: z.literal('unavailable'),
  reason: z.enum(['temporal-unreachable', 'no-worker', 'case-stuck', 'timeout']),
  message: z.string(),
});

/** One route a case can be started on, as `GET /routes` lists it. */
export const RouteSummarySchema = z.object({
  id: z.string().describe('The route id, as `routeId` in `POST /cases` names it.'),
  version: z.string().describe('Its version (semver); `routeVersion` in `POST /cases` pins it.'),
  title: z.string(),
  startEvent: z
    .string()
    .describe('The event type that opens a case on this route (`event.type` of the start).'),
  events: z
    .array(
      z.object({
        type: z.string(),
        doc: z.string().nullable().describe('What the event means, as the route documents it.'),
        acceptedIn: z
          .array(z.string())
          .describe(
            'The stages that take it (`every open stage` for the whole route); empty for the start event.',
          ),
        payload: z.record(z.string(), z.unknown()).describe('The JSON Schema of its payload.'),
      }),
    )
    .describe('Every event of the route, with its meaning and payload.'),
  norms: z
    .array(
      z.object({
        norm: z.string().describe('The norm preset, as the case’s deadlines name it.'),
        triggers: z
          .object({
            startsOn: z.array(z.string()).optional(),
            metBy: z.array(z.string()).optional(),
            lapsesOn: z.array(z.string()).optional(),
          })
          .optional()
          .describe('The route’s own events for the norm, in place of the preset’s (absent: the preset’s).'),
      }),
    )
    .describe('The norms the route runs.'),
});
export type RouteSummary = z.output<typeof RouteSummarySchema>;

/** `GET /routes`: the routes the caller may start a case on. */
export const RouteListSchema = z.object({
  defaultRouteId: z.string().describe('The route a start that names none runs.'),
  count: z.number().int(),
  routes: z.array(RouteSummarySchema).describe('Each route id’s versions oldest first.'),
});
export type RouteList = z.output<typeof RouteListSchema>;

/** `GET /openapi.json`: this API's OpenAPI 3.1 document. */
export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

// Compile-time checks: what the schemas promise, the core's views deliver.
type Assert<T extends true> = T;
type Covers<Schema, Actual> = Actual extends Schema ? true : false;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
export type SchemaChecks = [
  Assert<Covers<z.output<typeof CaseViewSchema>, DeepMutable<CaseView>>>,
  Assert<SameKeys<z.output<typeof CaseViewSchema>, CaseView>>,
  Assert<Covers<z.output<typeof CaseSummarySchema>, DeepMutable<CaseSummary>>>,
  Assert<SameKeys<z.output<typeof CaseSummarySchema>, CaseSummary>>,
  Assert<Covers<z.output<typeof RejectionSchema>, DeepMutable<Rejection>>>,
  Assert<SameKeys<z.output<typeof SendEventResultSchema>, SendEventResult>>,
  Assert<Covers<z.output<typeof CaseUpdateSummarySchema>, DeepMutable<CaseUpdateSummary>>>,
  Assert<SameKeys<z.output<typeof CaseUpdateSummarySchema>, CaseUpdateSummary>>,
];
type DeepMutable<T> = T extends readonly (infer Item)[]
  ? DeepMutable<Item>[]
  : T extends object
    ? { -readonly [Key in keyof T]: DeepMutable<T[Key]> }
    : T;
