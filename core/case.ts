import { z } from 'zod';
import type { AnyMachineSnapshot } from 'xstate';
import { HOST_ROUTES } from '../machines/host-routes.js';
import type { DeadlineEventType } from './deadline-events.js';
import { applyDeadlineEvent, DEADLINE_EVENT_PAYLOADS, isDeadlineEvent } from './deadline-events.js';
import type { ClockSignal, Deadline, DeadlineChanges } from './deadlines.js';
import { applyEventToDeadlines, dueSignals, plannedEscalation } from './deadlines.js';
import type { Issue, Rejection, RejectionCode } from './errors.js';
import { toIssues } from './errors.js';
import { canonical } from './canonical.js';
import { CalendarDataError } from './calendars/index.js';
import { chainHead } from './journal-chain.js';
import { checkNewEvent, refuseBsnInEvent } from './pseudonymity.js';
import { initialStep, transitionStep } from './machine-step.js';
import type { Actor } from './identifiers.js';
import { ActorSchema, IdentifierSchema, InstantSchema } from './identifiers.js';
import type { Norm } from './norms.js';
import { NormOverridesSchema, resolveNorms } from './norms.js';
import type { RouteContext, RouteDefinition } from './route.js';
import { RouteVersionSchema, routeKey } from './route-format.js';
import { withRouteTriggers } from './route-norms.js';
import type { RouteRegistry } from './route-registry.js';
import { requireRoute } from './route-registry.js';
import type { Instant } from './time.js';
import { PINNED_FROM_YEAR } from './amsterdam-offset.js';
import { toInstant } from './time.js';
import type { CasePin } from './pinning.js';
import { CORE_RULES_VERSION, retractsBreaches } from './pinning.js';
import type { CorrectionPayload } from './correction.js';
import { applyCorrection, CORRECTION_EVENT, CorrectionPayloadSchema } from './correction.js';

/** The earliest moment an event may have occurred: where the engine's Amsterdam calendar begins. */
const EARLIEST_OCCURRED_AT = `${PINNED_FROM_YEAR}-01-01T00:00:00.000Z`;

/** How a case is opened: which route, for which organisation and region, with which norm overrides. */
export const CaseStartSchema = z.strictObject({
  caseId: IdentifierSchema,
  routeId: z.string().default(HOST_ROUTES.defaultRouteId),
  /** The route version the case runs, pinned by the host that starts it; absent: the latest this host has. */
  routeVersion: RouteVersionSchema.optional(),
  organisatie: IdentifierSchema,
  regio: IdentifierSchema,
  normOverrides: NormOverridesSchema.default({}),
  /**
   * An opaque pseudonym of the child, the same in every organisation of the region (one child, one plan): a second
   * open case with it in the region is flagged (see docs/coordinators.md). Never a BSN or a name.
   */
  kindReferentie: IdentifierSchema.optional(),
});
export type CaseStart = z.input<typeof CaseStartSchema>;

/** An event as integrators send it. `occurredAt` defaults to the moment the engine receives it. */
export const EventInputSchema = z.strictObject({
  type: z.string().min(1),
  payload: z.record(z.string(), z.unknown()).default({}),
  occurredAt: InstantSchema.optional(),
  actor: ActorSchema,
  idempotencyKey: z.string().min(1).max(128),
  /**
   * Who submitted the event, as its host authenticated the caller (the HTTP API: the token's `actorId`): beside
   * the declared `actor`, who may be someone else. Set by the host, never taken from an integrator's body.
   */
  submittedBy: IdentifierSchema.optional(),
});
export type EventInput = z.input<typeof EventInputSchema>;

/**
 * An event offered now (not one recorded before): as {@link EventInputSchema}, and its identifiers may not hold a
 * BSN (`checkNewEvent`). The workflow's Update validator, the client, the CLI and the HTTP API refuse by it.
 */
export const NewEventInputSchema = EventInputSchema.superRefine(refuseBsnInEvent);

/** One accepted event in the case journal, with everything an auditor needs to replay it. */
export interface EventEntry {
  readonly seq: number;
  /** SHA-256 of the previous entry (or of the case's genesis): the journal is a hash chain. */
  readonly prevHash: string;
  readonly kind: 'gebeurtenis';
  readonly type: string;
  readonly payload: unknown;
  readonly actor: Actor;
  /**
   * The authenticated caller that submitted the event (see `EventInputSchema`); absent when the host named none,
   * as in every entry recorded before it existed, which therefore hash as they did.
   */
  readonly submittedBy?: string;
  readonly idempotencyKey: string;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  readonly stageBefore: string | null;
  readonly stageAfter: string;
  readonly regisseur: string;
  readonly planRevisie: number | null;
  readonly deadlines: DeadlineChanges;
}

/** A breach, recorded when the engine notices it; the case keeps running. */
export interface BreachEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly kind: 'deadline.overschreden';
  readonly deadlineId: string;
  readonly normId: string;
  readonly dueAt: Instant;
  readonly detectedAt: Instant;
  readonly stage: string;
  readonly regisseur: string;
}

/** A warning that a deadline is near, recorded when the engine notices it. */
export interface WarningEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly kind: 'deadline.waarschuwing';
  readonly deadlineId: string;
  readonly normId: string;
  readonly warnAt: Instant;
  readonly dueAt: Instant;
  readonly detectedAt: Instant;
  readonly stage: string;
  readonly regisseur: string;
}

/** A step of escalation after a breach (the norm's `opschalen`), recorded when the engine notices it. */
export interface EscalationEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly kind: 'deadline.opgeschaald';
  readonly deadlineId: string;
  readonly normId: string;
  readonly dueAt: Instant;
  /** Which step (1 for the first) and to whom; `at` is the step's moment. */
  readonly stap: number;
  readonly rol: string;
  readonly at: Instant;
  readonly detectedAt: Instant;
  readonly stage: string;
  readonly regisseur: string;
}

/**
 * A breach retracted: an event registered after it (`causedBySeq`) showed the norm met before its due moment, at
 * `metAt`; or a correction (`causedBySeq` names a `correctie`) withdrew the event the breach rested on, and
 * `metAt` is there only when the recomputed case has the norm met. `detectedAt` is when the engine retracted it;
 * `breachSeq` the breach entry it retracts (which stays).
 */
export interface RetractionEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly kind: 'deadline.ingetrokken';
  readonly deadlineId: string;
  readonly normId: string;
  readonly dueAt: Instant;
  readonly metAt?: Instant;
  readonly breachSeq: number;
  readonly causedBySeq: number;
  readonly detectedAt: Instant;
  readonly stage: string;
  readonly regisseur: string;
}

export type JournalEntry = EventEntry | BreachEntry | WarningEntry | EscalationEntry | RetractionEntry;

/**
 * What a deadline notification says (a warning, a breach, a step of escalation, or a breach retracted): ids and
 * moments only, no personal data.
 */
export interface DeadlineNotification {
  readonly kind:
    'deadline.overschreden' | 'deadline.waarschuwing' | 'deadline.opgeschaald' | 'deadline.ingetrokken';
  readonly caseId: string;
  readonly organisatie: string;
  readonly regio: string;
  readonly deadlineId: string;
  readonly normId: string;
  readonly title: string;
  readonly dueAt: Instant;
  readonly detectedAt: Instant;
  readonly stage: string;
  readonly regisseur: string;
  /** A step of escalation only: which step, and the role it goes to (`regisseur`: the regisseur named above). */
  readonly stap?: number;
  readonly rol?: string;
  /** A retraction only: when the norm was met, as the late-registered event says. */
  readonly metAt?: Instant;
}

/** A side effect the core asks its host to perform. */
export type CaseEffect = { readonly kind: 'notify'; readonly notification: DeadlineNotification };

/** The whole state of one case. Pure data except for the machine snapshot, which `persistCase` serialises. */
export interface CaseState {
  readonly caseId: string;
  readonly route: { readonly id: string; readonly version: string };
  readonly organisatie: string;
  readonly regio: string;
  /** The child's pseudonym, when the case was started with one (see `CaseStartSchema`). */
  readonly kindReferentie?: string;
  readonly norms: readonly Norm[];
  readonly snapshot: AnyMachineSnapshot;
  readonly deadlines: readonly Deadline[];
  readonly journal: readonly JournalEntry[];
  readonly lastOccurredAt: Instant;
  readonly idempotency: Readonly<Record<string, { readonly seq: number; readonly fingerprint: string }>>;
  /** The version of the core's rules the case was pinned to when it opened (see pinning.ts); absent: 1. */
  readonly rulesVersion?: number;
}

/** The outcome of offering the core an event: a new state with effects, or a rejection and no change. */
export type Decision =
  | { ok: true; state: CaseState; effects: CaseEffect[]; duplicate: boolean }
  | { ok: false; rejection: Rejection };

type Moment = Instant | number | Date;

function reject(code: RejectionCode, message: string, stage: string | null, issues: Issue[] = []): Decision {
  return { ok: false, rejection: { code, message, stage, issues } };
}

/**
 * Runs a decision that may count a term on a calendar. A date the calendar data does not cover (public holidays
 * outside their years, a school year not published or verified yet) refuses the event that needs it, naming
 * what is missing, instead of throwing: the case stays as it was, and the integrator learns why.
 */
function refusingUncoveredDates(stage: string | null, decide: () => Decision): Decision {
  try {
    return decide();
  } catch (error) {
    if (!(error instanceof CalendarDataError)) throw error;
    return reject('deadline-refused', `a deadline of this event cannot be counted: ${error.message}`, stage, [
      { path: 'occurredAt', message: error.message },
    ]);
  }
}

/**
 * The route version a case runs, from `routes` (the host's by default); throws a `RouteUnavailableError` when the
 * host lacks it: another version never stands in.
 */
export function routeOf(
  state: Pick<CaseState, 'route'>,
  routes: RouteRegistry = HOST_ROUTES,
): RouteDefinition {
  return requireRoute(routes, state.route.id, state.route.version);
}

/** The top-level stage of a snapshot (`signaal`, `arrangement`, ...). */
export function stageOf(snapshot: AnyMachineSnapshot): string {
  const value: unknown = snapshot.value;
  return typeof value === 'string' ? value : (Object.keys(value as object)[0] ?? '');
}

/** Every active leaf state as a dotted path, e.g. `arrangement.lopend.gezin.wachten.wachtlijst`. */
export function statesOf(snapshot: AnyMachineSnapshot): string[] {
  const leaves: string[] = [];
  const walk = (value: unknown, prefix: string): void => {
    if (typeof value === 'string') leaves.push(prefix === '' ? value : `${prefix}.${value}`);
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, prefix === '' ? key : `${prefix}.${key}`);
    }
  };
  walk(snapshot.value, '');
  return leaves;
}

/** The route context of a snapshot: who has regie and what the plan is. */
export function contextOf(snapshot: AnyMachineSnapshot): RouteContext {
  return snapshot.context as RouteContext;
}

/** True once the route reached its final stage. */
export function isClosed(state: Pick<CaseState, 'snapshot'>): boolean {
  return state.snapshot.status === 'done';
}

function signalEntry(
  signal: ClockSignal,
  chain: { seq: number; prevHash: string },
  detectedAt: Instant,
  stage: string,
  regisseur: string,
): JournalEntry {
  const { deadline } = signal;
  const base = {
    ...chain,
    deadlineId: deadline.id,
    normId: deadline.normId,
    dueAt: deadline.dueAt,
    detectedAt,
    stage,
    regisseur,
  };
  if (signal.kind === 'deadline.opgeschaald') {
    const { stap, rol, at } = signal.step;
    return {
      ...chain,
      kind: signal.kind,
      deadlineId: deadline.id,
      normId: deadline.normId,
      dueAt: deadline.dueAt,
      stap,
      rol,
      at,
      detectedAt,
      stage,
      regisseur,
    };
  }
  return signal.kind === 'deadline.waarschuwing'
    ? { ...base, kind: 'deadline.waarschuwing', warnAt: signal.at }
    : { ...base, kind: 'deadline.overschreden' };
}

/** A deadline after its signal was recorded at `detectedAt`: warned, breached (its escalation planned), or a step sent. */
function signalled(state: CaseState, signal: ClockSignal, detectedAt: Instant): Deadline {
  const { deadline } = signal;
  if (signal.kind === 'deadline.waarschuwing') return { ...deadline, warnedAt: detectedAt };
  if (signal.kind === 'deadline.opgeschaald') {
    const opschaling = (deadline.opschaling ?? []).map((step) =>
      step.stap === signal.step.stap ? { ...step, sentAt: detectedAt } : step,
    );
    return { ...deadline, opschaling };
  }
  const norm = state.norms.find((candidate) => candidate.id === deadline.normId);
  const steps = norm === undefined ? [] : plannedEscalation(norm, deadline.dueAt);
  return {
    ...deadline,
    status: 'overschreden',
    detectedAt,
    ...(steps.length === 0 ? {} : { opschaling: steps }),
  };
}

/**
 * Records every warning, breach and step of escalation due at or before `moment`, in the order the clock meets
 * them. `detectedAt` is `now`: the moment the engine learned of it, which equals the due moment when a timer fired
 * on time. The case keeps running; each signal asks the host for a notification. A closed case escalates no more.
 */
export function advanceTo(
  state: CaseState,
  moment: Moment,
  now: Moment = moment,
): { state: CaseState; effects: CaseEffect[] } {
  const until = toInstant(moment);
  const detectedAt = toInstant(now);
  const stage = stageOf(state.snapshot);
  const { regisseur } = contextOf(state.snapshot);
  const closed = isClosed(state);
  let current = state;
  const effects: CaseEffect[] = [];
  // One signal at a time: a breach plans its escalation, whose first step may be due at once.
  for (;;) {
    const signal = dueSignals(current.deadlines, until).find(
      (candidate) => !closed || candidate.kind !== 'deadline.opgeschaald',
    );
    if (signal === undefined) return { state: current, effects };
    const next = signalled(current, signal, detectedAt);
    const chain = { seq: current.journal.length + 1, prevHash: chainHead(current.journal, state.caseId) };
    const entry = signalEntry(signal, chain, detectedAt, stage, regisseur);
    current = {
      ...current,
      deadlines: current.deadlines.map((deadline) => (deadline.id === next.id ? next : deadline)),
      journal: [...current.journal, entry],
    };
    effects.push({
      kind: 'notify',
      notification: {
        kind: signal.kind,
        caseId: state.caseId,
        organisatie: state.organisatie,
        regio: state.regio,
        deadlineId: next.id,
        normId: next.normId,
        title: next.title,
        dueAt: next.dueAt,
        detectedAt,
        stage,
        regisseur,
        ...(signal.kind === 'deadline.opgeschaald' ? { stap: signal.step.stap, rol: signal.step.rol } : {}),
      },
    });
  }
}

/** The retraction notifications for the entries a decision added to the journal after `from` entries. */
function retractionEffects(state: CaseState, from: number): CaseEffect[] {
  return state.journal.slice(from).flatMap((entry): CaseEffect[] => {
    if (entry.kind !== 'deadline.ingetrokken') return [];
    const deadline = state.deadlines.find((candidate) => candidate.id === entry.deadlineId);
    return [
      {
        kind: 'notify',
        notification: {
          kind: entry.kind,
          caseId: state.caseId,
          organisatie: state.organisatie,
          regio: state.regio,
          deadlineId: entry.deadlineId,
          normId: entry.normId,
          title: deadline?.title ?? entry.normId,
          dueAt: entry.dueAt,
          detectedAt: entry.detectedAt,
          stage: entry.stage,
          regisseur: entry.regisseur,
          ...(entry.metAt === undefined ? {} : { metAt: entry.metAt }),
        },
      },
    ];
  });
}

/** The journal entries retracting the breaches an event's entry (`cause`) disproved, chained after it. */
function retractionEntries(
  journal: readonly JournalEntry[],
  caseId: string,
  cause: EventEntry,
  retracted: readonly Deadline[],
): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const deadline of retracted) {
    const breach = journal.findLast(
      (entry) => entry.kind === 'deadline.overschreden' && entry.deadlineId === deadline.id,
    );
    const chain = {
      seq: journal.length + entries.length + 1,
      prevHash: chainHead([...journal, ...entries], caseId),
    };
    entries.push({
      ...chain,
      kind: 'deadline.ingetrokken',
      deadlineId: deadline.id,
      normId: deadline.normId,
      dueAt: deadline.dueAt,
      metAt: deadline.metAt ?? cause.occurredAt,
      breachSeq: breach?.seq ?? 0,
      causedBySeq: cause.seq,
      detectedAt: cause.recordedAt,
      stage: cause.stageAfter,
      regisseur: cause.regisseur,
    });
  }
  return entries;
}

interface ParsedEvent {
  type: string;
  payload: unknown;
  occurredAt: Instant;
  actor: Actor;
  submittedBy: string | undefined;
  idempotencyKey: string;
  fingerprint: string;
}

function parseEvent(
  route: RouteDefinition,
  input: unknown,
  now: Instant,
  stage: string | null,
): ParsedEvent | Decision {
  const envelope = EventInputSchema.safeParse(input);
  if (!envelope.success) {
    return reject('invalid-event', 'the event is malformed', stage, toIssues(envelope.error.issues));
  }
  const { type, actor, idempotencyKey, submittedBy } = envelope.data;
  // Own properties only: "toString" or "constructor" is not an event type, whatever Object.prototype says.
  const routePayload = Object.hasOwn(route.payloads, type) ? route.payloads[type] : undefined;
  const schema =
    routePayload ??
    (isDeadlineEvent(type) ? DEADLINE_EVENT_PAYLOADS[type] : undefined) ??
    (type === CORRECTION_EVENT ? CorrectionPayloadSchema : undefined);
  if (schema === undefined) {
    return reject('unknown-event-type', `"${type}" is not an event of route ${route.id}`, stage, [
      {
        path: 'type',
        message: `unknown event type; known: ${[...Object.keys(route.payloads), ...Object.keys(DEADLINE_EVENT_PAYLOADS), CORRECTION_EVENT].join(', ')}`,
      },
    ]);
  }
  const payload = schema.safeParse(envelope.data.payload);
  if (!payload.success) {
    return reject(
      'invalid-payload',
      `the payload of "${type}" is invalid`,
      stage,
      toIssues(payload.error.issues, 'payload'),
    );
  }
  const occurredAt = envelope.data.occurredAt === undefined ? now : toInstant(envelope.data.occurredAt);
  if (occurredAt < EARLIEST_OCCURRED_AT) {
    return reject('invalid-event', `occurredAt ${occurredAt} lies before ${EARLIEST_OCCURRED_AT}`, stage, [
      {
        path: 'occurredAt',
        message: `may not lie before ${PINNED_FROM_YEAR}, where the engine's calendar begins`,
      },
    ]);
  }
  if (occurredAt > now) {
    return reject('occurred-in-future', `occurredAt ${occurredAt} is later than now (${now})`, stage, [
      { path: 'occurredAt', message: 'may not be in the future' },
    ]);
  }
  // Who submitted it is no part of the event: a retry through another caller is still a retry.
  const fingerprint = canonical({ type, payload: envelope.data.payload, actor });
  return { type, payload: payload.data, occurredAt, actor, submittedBy, idempotencyKey, fingerprint };
}

function machineEvent(event: ParsedEvent): {
  type: string;
  payload: unknown;
  actor: Actor;
  occurredAt: Instant;
} {
  return { type: event.type, payload: event.payload, actor: event.actor, occurredAt: event.occurredAt };
}

function assertNoMachineTimers(
  actions: readonly { type: string; params?: unknown }[],
  route: RouteDefinition,
): void {
  // A delayed raise is an XState `after` timer: it would not survive persistence, and deadlines are norms.
  for (const action of actions) {
    const params = action.params as { delay?: unknown } | undefined;
    if (action.type === 'xstate.raise' && params?.delay !== undefined) {
      throw new Error(`route ${route.id} uses an XState 'after' timer; declare a norm instead`);
    }
  }
}

function commit(
  state: CaseState,
  event: ParsedEvent,
  snapshot: AnyMachineSnapshot,
  stageBefore: string | null,
  recordedAt: Instant,
  moved?: { deadlines: Deadline[]; changes: DeadlineChanges },
): CaseState {
  const seq = state.journal.length + 1;
  const closesCase = snapshot.status === 'done';
  const payloadSpoor = (event.payload as { spoor?: unknown }).spoor;
  const { deadlines, changes, retracted } =
    moved === undefined
      ? applyEventToDeadlines(state.deadlines, state.norms, {
          type: event.type,
          spoor: typeof payloadSpoor === 'string' ? payloadSpoor : undefined,
          occurredAt: event.occurredAt,
          seq,
          closesCase,
          ...(retractsBreaches(state.rulesVersion) ? { retractsAt: recordedAt } : {}),
        })
      : { ...moved, retracted: [] };
  const context = contextOf(snapshot);
  const entry: EventEntry = {
    seq,
    prevHash: chainHead(state.journal, state.caseId),
    kind: 'gebeurtenis',
    type: event.type,
    payload: event.payload,
    actor: event.actor,
    // Only when named: an entry without it hashes as entries did before the field existed.
    ...(event.submittedBy === undefined ? {} : { submittedBy: event.submittedBy }),
    idempotencyKey: event.idempotencyKey,
    occurredAt: event.occurredAt,
    recordedAt,
    stageBefore,
    stageAfter: stageOf(snapshot),
    regisseur: context.regisseur,
    planRevisie: context.plan?.revisie ?? null,
    deadlines: changes,
  };
  const journal = [...state.journal, entry];
  const disproved = deadlines.filter((deadline) => retracted.includes(deadline.id));
  journal.push(...retractionEntries(journal, state.caseId, entry, disproved));
  return {
    ...state,
    snapshot,
    deadlines,
    journal,
    lastOccurredAt: event.occurredAt,
    idempotency: { ...state.idempotency, [event.idempotencyKey]: { seq, fingerprint: event.fingerprint } },
  };
}

/**
 * How a case opens besides its start: `norms`, the exact norms it ran under (an auditor's replay); `pin`, the rules
 * and preset versions it was recorded under (a host's replay; see pinning.ts). Neither: the rules of this build.
 */
export interface OpenOptions {
  readonly norms?: readonly Norm[];
  readonly pin?: CasePin;
  /** The routes to open it on (the host's by default). */
  readonly routes?: RouteRegistry;
}

/**
 * Opens a case with its start event (`options.norms`: the exact norms to run with, for replays) (for toeleiding: `signaal.gemeld`, which names the first regisseur).
 * Pure: the same inputs give the same case, in a test, the simulator or the workflow.
 * @example
 * const opened = openCase({ caseId: 'c-1', organisatie: 'swv-breda', regio: 'breda' },
 *   { type: 'signaal.gemeld', payload: { regisseur: 'ib-7' }, actor: { role: 'intern-begeleider', id: 'ib-7' },
 *     idempotencyKey: 'c-1/1' }, Date.now());
 */
export function openCase(
  startInput: unknown,
  firstEvent: unknown,
  now: Moment,
  options: OpenOptions = {},
): Decision {
  return refusingUncoveredDates(null, () => openCaseChecked(startInput, firstEvent, now, options));
}

function openCaseChecked(
  startInput: unknown,
  firstEvent: unknown,
  now: Moment,
  options: OpenOptions,
): Decision {
  const start = CaseStartSchema.safeParse(startInput);
  if (!start.success)
    return reject('invalid-event', 'the case start is invalid', null, toIssues(start.error.issues));
  const routes = options.routes ?? HOST_ROUTES;
  const { routeId, routeVersion } = start.data;
  const route = routes.get(routeId, routeVersion);
  if (route === undefined) {
    const known = routes.routes.map(routeKey).join(', ');
    return routeVersion === undefined || routes.get(routeId) === undefined
      ? reject('invalid-event', `unknown route "${routeId}"`, null, [
          { path: 'routeId', message: `unknown route; known: ${known}` },
        ])
      : reject(
          'invalid-event',
          `unknown route version ${routeKey({ id: routeId, version: routeVersion })}`,
          null,
          [{ path: 'routeVersion', message: `unknown version of ${routeId}; known: ${known}` }],
        );
  }
  let norms: readonly Norm[];
  try {
    // A replay passes the norms the case actually ran under, so later changes to the presets do not rewrite it.
    norms =
      options.norms ??
      withRouteTriggers(
        resolveNorms(route.norms, start.data.normOverrides, 'normOverrides', options.pin?.normVersions),
        route,
      );
  } catch (error) {
    return reject('invalid-event', 'the norm overrides are invalid', null, [
      { path: 'normOverrides', message: (error as Error).message },
    ]);
  }
  const recordedAt = toInstant(now);
  const event = parseEvent(route, firstEvent, recordedAt, null);
  if ('ok' in event) return event;
  if (event.type !== route.startEvent) {
    return reject(
      'not-allowed-in-stage',
      `a ${route.id} case starts with "${route.startEvent}", not "${event.type}"`,
      null,
      [{ path: 'type', message: `must be "${route.startEvent}"` }],
    );
  }
  const rulesVersion = options.pin?.rulesVersion ?? CORE_RULES_VERSION;
  const [snapshot, actions] = initialStep(route.machine, route.startInput(event.payload));
  assertNoMachineTimers(actions, route);
  const empty: CaseState = {
    caseId: start.data.caseId,
    route: { id: route.id, version: route.version },
    organisatie: start.data.organisatie,
    regio: start.data.regio,
    // Absent unless given, so a case without one persists as cases did before it existed.
    ...(start.data.kindReferentie === undefined ? {} : { kindReferentie: start.data.kindReferentie }),
    norms,
    snapshot,
    deadlines: [],
    journal: [],
    lastOccurredAt: event.occurredAt,
    idempotency: {},
    // Absent for rules 1, so a case pinned to them persists as cases did before pins existed.
    ...(rulesVersion >= 2 ? { rulesVersion } : {}),
  };
  // No clock tick to `now` here: a case imported with backdated history would breach deadlines that the
  // later history meets. The host moves the clock (the workflow's timer loop, the simulator's runClockTo).
  return { ok: true, state: commit(empty, event, snapshot, null, recordedAt), effects: [], duplicate: false };
}

/**
 * Checks an event as far as it can be checked without its case: the envelope, that a route (or the deadline
 * events) knows its type, that its payload fits that type in a route that knows it, and that it did not occur
 * after `now`, and that no identifier holds a BSN. Returns the rejection the core would give, or undefined. The case's own route and stage decide the
 * rest; the CLI uses this to refuse an event before it connects to anything.
 */
export function checkEventWithoutCase(
  input: unknown,
  now: Moment,
  routes: RouteRegistry = HOST_ROUTES,
): Rejection | undefined {
  const pseudonymous = checkNewEvent(input);
  if (pseudonymous !== undefined) return pseudonymous;
  const at = toInstant(now);
  const rejections: Rejection[] = [];
  for (const route of routes.routes) {
    const parsed = parseEvent(route, input, at, null);
    if (!('ok' in parsed)) return undefined;
    if (!parsed.ok) rejections.push(parsed.rejection);
  }
  // A route that knows the type explains best what is wrong with the event.
  const known = rejections.find((rejection) => rejection.code !== 'unknown-event-type');
  if (known !== undefined) return known;
  const type = (input as { type?: unknown }).type;
  const types = new Set(routes.routes.flatMap((route) => Object.keys(route.payloads)));
  return {
    code: 'unknown-event-type',
    message: `"${String(type)}" is not an event of any route (${routes.ids.join(', ')})`,
    stage: null,
    issues: [
      {
        path: 'type',
        message: `unknown event type; known: ${[...types, ...Object.keys(DEADLINE_EVENT_PAYLOADS), CORRECTION_EVENT].join(', ')}`,
      },
    ],
  };
}

/**
 * Offers one event to a case at `now`. Breaches due before the event's `occurredAt` are recorded first, then
 * the event is applied through the route's machine and the norms. Rejected events leave the state untouched.
 */
export function applyEvent(
  state: CaseState,
  input: unknown,
  now: Moment,
  routes: RouteRegistry = HOST_ROUTES,
): Decision {
  return refusingUncoveredDates(stageOf(state.snapshot), () => applyEventChecked(state, input, now, routes));
}

function applyEventChecked(state: CaseState, input: unknown, now: Moment, routes: RouteRegistry): Decision {
  const route = routeOf(state, routes);
  const stage = stageOf(state.snapshot);
  const recordedAt = toInstant(now);
  const event = parseEvent(route, input, recordedAt, stage);
  if ('ok' in event) return event;
  const seen = Object.hasOwn(state.idempotency, event.idempotencyKey)
    ? state.idempotency[event.idempotencyKey]
    : undefined;
  if (seen !== undefined) {
    if (seen.fingerprint === event.fingerprint) return { ok: true, state, effects: [], duplicate: true };
    return reject(
      'idempotency-conflict',
      `idempotencyKey "${event.idempotencyKey}" was already used for a different event (journal entry ${seen.seq})`,
      stage,
      [{ path: 'idempotencyKey', message: 'already used for a different event' }],
    );
  }
  if (isClosed(state)) return reject('case-closed', `case ${state.caseId} is closed`, stage);
  if (event.occurredAt < state.lastOccurredAt) {
    return reject(
      'occurred-before-previous',
      `occurredAt ${event.occurredAt} is before the previous event (${state.lastOccurredAt})`,
      stage,
      [{ path: 'occurredAt', message: `may not be before ${state.lastOccurredAt}` }],
    );
  }
  if (isDeadlineEvent(event.type)) return applyDeadlineChange(state, event, event.type, stage, recordedAt);
  // A correction is the core's, as the deadline events are: its payload was parsed by CorrectionPayloadSchema.
  if (event.type === CORRECTION_EVENT && !Object.hasOwn(route.payloads, CORRECTION_EVENT))
    return applyCorrection(
      state,
      { ...event, payload: event.payload as CorrectionPayload },
      recordedAt,
      routes,
    );
  const machineInput = machineEvent(event);
  if (!state.snapshot.can(machineInput)) {
    return reject(
      'not-allowed-in-stage',
      `"${event.type}" is not allowed in stage "${stage}" (${statesOf(state.snapshot).join(', ')})`,
      stage,
      [{ path: 'type', message: refusalHint(route, event.type) }],
    );
  }
  const before = advanceTo(state, event.occurredAt, recordedAt);
  const [snapshot, actions] = transitionStep(route.machine, before.state.snapshot, machineInput);
  assertNoMachineTimers(actions, route);
  const next = commit(before.state, event, snapshot, stage, recordedAt);
  const effects = [...before.effects, ...retractionEffects(next, before.state.journal.length)];
  return { ok: true, state: next, effects, duplicate: false };
}

function applyDeadlineChange(
  state: CaseState,
  event: ParsedEvent,
  type: DeadlineEventType,
  stage: string,
  recordedAt: Instant,
): Decision {
  const before = advanceTo(state, event.occurredAt, recordedAt);
  const outcome = applyDeadlineEvent(before.state.deadlines, state.norms, {
    type,
    payload: event.payload as Record<string, unknown>,
    occurredAt: event.occurredAt,
  });
  if (!outcome.ok) return reject('deadline-refused', outcome.message, stage, outcome.issues);
  const next = commit(before.state, event, before.state.snapshot, stage, recordedAt, outcome);
  return { ok: true, state: next, effects: before.effects, duplicate: false };
}

function refusalHint(route: RouteDefinition, type: string): string {
  const doc = route.eventDocs[type];
  return doc === undefined
    ? 'not accepted here'
    : `not accepted in this stage or its condition is not met: ${doc}`;
}
