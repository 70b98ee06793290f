import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type {
  CaseEffect,
  CaseState,
  CaseVisibility,
  DeadlineNotification,
  Decision,
  EventInput,
  Rejection,
} from '../core/index.js';
import {
  advanceTo,
  applyEvent,
  checkNewEvent,
  isClosed,
  listedVisibility,
  nextWakeAt,
  openCase,
  persistCase,
  pinnedRouteStart,
  restoreCase,
  summariseUpdatedCase,
  UNPINNED,
  viewCase,
  viewUpdatedCase,
  visibilityOf,
} from '../core/index.js';
import type { MigrationDecision } from '../core/route-migration.js';
import { migrateCase, previewOf } from '../core/route-migration.js';
import { HOST_ROUTES } from '../machines/host-routes.js';
import { RouteUnavailableError } from '../core/route-registry.js';
import type { CaseWorkflowInput, CaseWorkflowResult, NewCaseInput } from './definitions.js';
import {
  CASE_WORKFLOW_VERSION,
  caseWorkflowBehaviour,
  EVENT_REJECTED,
  getCaseQuery,
  MIGRATION_REFUSED,
  migrateRouteUpdate,
  previewMigrationQuery,
  sendEventUpdate,
} from './definitions.js';
import type { CaseClock } from './clock.js';
import { createCaseClock, nextWake } from './clock.js';
import { watchOneChild } from './one-child.js';
import { changedSearchAttributes } from './changed-attributes.js';
import { holdsVisibility, searchAttributeUpdates } from './search-attributes.js';
import { PAYLOAD_REFUSED, payloadRejection, recordedValue, refusedPayloadOf } from './refused-payload.js';

const { notifyDeadline } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

function rejectionFailure(rejection: Rejection): ApplicationFailure {
  return ApplicationFailure.create({
    type: EVENT_REJECTED,
    message: rejection.message,
    details: [rejection],
    nonRetryable: true,
  });
}

function accepted(decision: Decision): Extract<Decision, { ok: true }> {
  if (!decision.ok) throw rejectionFailure(decision.rejection);
  return decision;
}

/** The patch under which notifications no longer hold up the deadline clock (see the loop in caseWorkflow). */
const NOTIFY_IN_BACKGROUND = 'notify-in-background';

/** How far a start's moments may lie from the worker's clock (see `startClock`). */
const MAX_START_CLOCK_SKEW_MS = 120_000;

/**
 * The clock a new case opens on. The client checked the start against its own clock before it started the
 * workflow, and a refused start would fail the workflow and burn the case id. So the case opens at the moment
 * the client checked it (`openedAt`) when that is at most `MAX_START_CLOCK_SKEW_MS` before the worker's clock, and
 * otherwise on the worker's clock: a client clock running ahead would open the case in the server's future and
 * refuse the next events as before the previous one; a start that waited long for a worker, or a test server that
 * skipped time, opens when the worker runs it. And when an event says it happened "now" by a client clock running a
 * little ahead, the case opens at that moment rather than failing; an event further ahead than
 * `MAX_START_CLOCK_SKEW_MS` is still refused. `asRecordedBefore`: the history was made by a worker that did not
 * know `openedAt` (see `caseWorkflow`).
 */
function startClock(input: NewCaseInput, asRecordedBefore: boolean): number {
  const now = Date.now();
  const opened = asRecordedBefore || input.openedAt === undefined ? Number.NaN : Date.parse(input.openedAt);
  let latest = opened <= now && now - opened <= MAX_START_CLOCK_SKEW_MS ? opened : now;
  for (const event of input.events) {
    const at = typeof event.occurredAt === 'string' ? Date.parse(event.occurredAt) : Number.NaN;
    if (at > latest && at - now <= MAX_START_CLOCK_SKEW_MS) latest = at;
  }
  return latest;
}

function initialState(input: CaseWorkflowInput, effects: CaseEffect[], asRecordedBefore: boolean): CaseState {
  if ('continued' in input) {
    effects.push(...input.effects);
    return restoreCase(input.continued);
  }
  const [first, ...history] = input.events;
  const now = startClock(input, asRecordedBefore);
  // The rules the client pinned the case to; a start recorded before pins existed replays under the first rules.
  let opened = accepted(openCase(pinnedRouteStart(input.start), first, now, { pin: input.pin ?? UNPINNED }));
  let state = opened.state;
  effects.push(...opened.effects);
  for (const event of history) {
    opened = accepted(applyEvent(state, event, now));
    state = opened.state;
    effects.push(...opened.effects);
  }
  return state;
}

/**
 * `condition(ready, ms)`, with the same commands (a timer in a cancellable scope, cancelled when `ready` wins), that
 * also says when the timer fired: `fired` runs when it does, even in the activation in which `ready` became true.
 */
async function waitFor(ready: () => boolean, ms: number | undefined, fired: () => void): Promise<void> {
  if (ms === undefined) return condition(ready);
  await CancellationScope.cancellable(async () => {
    try {
      await Promise.race([sleep(ms).then(fired), condition(ready)]);
    } finally {
      CancellationScope.current().cancel();
    }
  });
}

function shouldContinueAsNew(input: CaseWorkflowInput): boolean {
  const info = workflowInfo();
  const limit = input.options?.continueAsNewAfterHistoryLength;
  return info.continueAsNewSuggested || (limit !== undefined && info.historyLength >= limit);
}

/**
 * One case, hosted durably. The pure core decides everything; this workflow owns the single timer for the
 * earliest due moment, takes events as validated Updates, and runs notifications as activities.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseWorkflowResult> {
  return await hostCase(
    readInput(input),
    createCaseClock(() => Date.now()),
  );
}

/**
 * The input, unless the worker refused its payload (see refused-payload.ts). A new case whose input is not sealed,
 * or sealed for another case, fails at once: nothing opens. A recorded input, or one sealed with a key this worker
 * lacks, fails the workflow task instead (retried), so that a worker short of a key never closes a case.
 */
function readInput(input: CaseWorkflowInput): CaseWorkflowInput {
  const refused = refusedPayloadOf(input);
  if (refused !== undefined && refused.reason !== 'unreadable' && !workflowInfo().unsafe.isReplaying) {
    throw ApplicationFailure.create({
      type: PAYLOAD_REFUSED,
      message: `the case's input is refused: ${refused.message}`,
      nonRetryable: true,
    });
  }
  return recordedValue(input);
}

/**
 * The case workflow with the clock it decides by. Only `caseWorkflow` is registered; the fault tests host a case
 * on a clock that ignores fired timers, to show that the fault suite catches a loop deciding by the clock alone.
 */
export async function hostCase(input: CaseWorkflowInput, clock: CaseClock): Promise<CaseWorkflowResult> {
  // Workflow version 2 and later (see CASE_WORKFLOW_VERSION) decide by its input what earlier cases decided by the
  // notify-in-background patch marker, and a new case opens at the client's `openedAt` with its first upsert left
  // out. A versioned case whose first task an older worker ran (a client upgraded before the workers, in a rolling
  // deploy) has that worker's history instead: its patch marker, the case opened on that worker's clock, the first
  // upsert made. Only a replay can meet such a history, and then it is replayed as recorded.
  const behaviour = caseWorkflowBehaviour(input.workflowVersion);
  const versioned = behaviour.decidesByInput;
  const markedByOlderWorker = versioned && workflowInfo().unsafe.isReplaying && patched(NOTIFY_IN_BACKGROUND);
  const asRecordedBefore = !versioned || markedByOlderWorker;
  // A version 3 case that a version 1 worker began writes, as that worker did, every change of its record.
  const writesLess = behaviour.writesLess && !markedByOlderWorker;
  const writesChangesOnly = behaviour.writesChangesOnly && !markedByOlderWorker;
  // Histories recorded before the patch awaited each notification before setting the timer, so a notification
  // that could not be delivered (its activity retrying) stopped the deadline clock, and an event accepted
  // meanwhile was not published. Versioned cases notify in the background without a patch marker; unversioned
  // ones decide by the marker, so old histories replay as they were recorded.
  const background = versioned || patched(NOTIFY_IN_BACKGROUND);

  const effects: CaseEffect[] = [];
  let state = initialState(input, effects, asRecordedBefore);
  let version = 0;
  // Every decision after the start reads `clock`, which a fired timer moves to its moment (see clock.ts).

  // The SDK runs an Update's handler right after its validator, in the same activation: same state, same
  // Date.now(), the same event decoded from the same payload. The handler then takes the validator's decision
  // instead of running the pure core a second time. On replay no validator runs and the handler decides.
  let validated: { state: CaseState; now: number; event: string; decision: Decision } | undefined;
  const decide = (event: EventInput): Decision => {
    const now = clock.now();
    const last = validated;
    validated = undefined;
    if (
      last !== undefined &&
      last.state === state &&
      last.now === now &&
      last.event === JSON.stringify(event)
    ) {
      return last.decision;
    }
    return applyEvent(state, event, now);
  };

  setHandler(getCaseQuery, () => viewCase(state));
  setHandler(
    sendEventUpdate,
    (event) => {
      // Only a replay reaches here with a refused payload (the validator refuses new ones): see recordedValue.
      const decision = accepted(decide(recordedValue(event)));
      const before = state.journal.length;
      if (!decision.duplicate) {
        state = decision.state;
        effects.push(...decision.effects);
        version++;
      }
      // A compact answer: Temporal stores every answer in the history, and getCase has the rest.
      return {
        view: writesLess ? summariseUpdatedCase(state) : viewUpdatedCase(state),
        recorded: state.journal.slice(before),
        duplicate: decision.duplicate,
      };
    },
    {
      // Runs before the Update is accepted: a refused event never reaches the history.
      validator: (event) => {
        // A payload the worker refused (not sealed, or sealed for another case) stands here as a marker.
        const refused = refusedPayloadOf(event);
        if (refused !== undefined) {
          validated = undefined;
          throw rejectionFailure(payloadRejection(refused));
        }
        // New input only: an identifier holding a BSN is refused here, never when a recorded event is replayed.
        const pseudonymous = checkNewEvent(event);
        if (pseudonymous !== undefined) {
          validated = undefined;
          throw rejectionFailure(pseudonymous);
        }
        const now = clock.now();
        const decision = applyEvent(state, event, now);
        validated = decision.ok ? { state, now, event: JSON.stringify(event), decision } : undefined;
        accepted(decision);
      },
    },
  );

  // A migration to another version of the route (passend route migrate). Old histories never call it, so it needs
  // no version gate; a history that has one moves the case at the same point on replay, so the version the case
  // runs follows from its history. A worker that lacks the target version fails the task (RouteUnavailableError)
  // rather than deciding without it.
  const migrationOf = (request: unknown): MigrationDecision => {
    const to = (request as { to?: { id?: unknown; version?: unknown } } | null)?.to;
    // Only a replay gets here without the version (the validator refused it live): fail the task, decide nothing.
    if (
      typeof to?.id === 'string' &&
      typeof to.version === 'string' &&
      HOST_ROUTES.get(to.id, to.version) === undefined
    )
      throw new RouteUnavailableError(to.id, to.version, HOST_ROUTES);
    return migrateCase(state, request, clock.now(), HOST_ROUTES);
  };
  const migrationRefused = (decision: Extract<MigrationDecision, { ok: false }>): ApplicationFailure =>
    ApplicationFailure.create({
      type: MIGRATION_REFUSED,
      message: decision.rejection.message,
      details: [decision.rejection],
      nonRetryable: true,
    });
  setHandler(previewMigrationQuery, (request) =>
    previewOf(state, migrateCase(state, request, clock.now(), HOST_ROUTES)),
  );
  setHandler(
    migrateRouteUpdate,
    (request) => {
      const decision = migrationOf(request);
      if (!decision.ok) throw migrationRefused(decision);
      const before = state.journal.length;
      state = decision.state;
      effects.push(...decision.effects);
      version++;
      return { view: summariseUpdatedCase(state), recorded: state.journal.slice(before) };
    },
    {
      // Runs before the Update is accepted: a migration the core refuses never reaches the history.
      validator: (request) => {
        const decision = migrateCase(state, request, clock.now(), HOST_ROUTES);
        if (!decision.ok) throw migrationRefused(decision);
      },
    },
  );

  // A new case's client started it with the attributes of its opening state (`openedAt` says so): when the
  // workflow opened the same case, the server holds them already and the first upsert is left out. Starts
  // recorded before, and runs continued as new, publish their whole record once, as their histories have it.
  // From version 3 the record holds only what the lists read (see listedVisibility), so fewer events change it.
  // One child, one plan: a case started with a child reference (no older history has one) flags itself while
  // another case of the child is open in its region; a change wakes the loop to publish it.
  const oneChild = watchOneChild(
    state.kindReferentie,
    state.regio,
    () => {
      version++;
    },
    'continued' in input ? input.kindCasussen : undefined,
  );
  const visible = () =>
    oneChild.flagged(writesLess ? listedVisibility(visibilityOf(state)) : visibilityOf(state));
  const opening = visible();
  const startedVisible =
    !('continued' in input) &&
    !asRecordedBefore &&
    input.openedAt !== undefined &&
    holdsVisibility(workflowInfo().typedSearchAttributes, opening);
  let published = startedVisible ? JSON.stringify(opening) : '';
  let publishedRecord = startedVisible ? opening : undefined;
  const publish = (): void => {
    // One upsert per visible change: search attributes cost a history event each time.
    const visibility = visible();
    const key = JSON.stringify(visibility);
    if (key === published) return;
    published = key;
    const updates = upsertsOf(writesChangesOnly, publishedRecord, visibility);
    publishedRecord = visibility;
    if (updates.length > 0) upsertSearchAttributes(updates);
  };

  const notifying = new Set<Promise<void>>();
  const notify = (notification: DeadlineNotification): void => {
    const sent: Promise<void> = notifyDeadline(notification).then(
      () => {
        notifying.delete(sent);
      },
      (error: unknown) => {
        notifying.delete(sent);
        log.warn('a deadline notification was not delivered', { notification, error: String(error) });
      },
    );
    notifying.add(sent);
  };
  const notificationsDelivered = () => Promise.all([...notifying]);

  for (;;) {
    const seenAtTop = version;
    publish();
    while (effects.length > 0) {
      const effect = effects.shift();
      if (effect?.kind !== 'notify') continue;
      if (background) notify(effect.notification);
      else await notifyDeadline(effect.notification);
    }
    if (isClosed(state)) break;
    if (shouldContinueAsNew(input)) {
      await condition(allHandlersFinished);
      await notificationsDelivered();
      const options = input.options ?? {};
      return await continueAsNew<typeof caseWorkflow>({
        continued: persistCase(state),
        effects,
        options,
        workflowVersion: CASE_WORKFLOW_VERSION,
        ...oneChild.carried(),
      });
    }
    const next = nextWakeAt(state.deadlines);
    const due = next === undefined ? undefined : Date.parse(next);
    const wake = nextWake(due, clock.now());
    if (wake.act) {
      const advanced = advanceTo(state, clock.now());
      state = advanced.state;
      effects.push(...advanced.effects);
      continue;
    }
    // An event accepted since the top of this round has not been published yet: go round again at once.
    const seen = background ? seenAtTop : version;
    // One durable timer for the earliest warning or due moment; an accepted event wakes the loop to reschedule it.
    await waitFor(
      () => version !== seen || effects.length > 0,
      wake.wait,
      // The timer fired, so its moment has come: the history says so, whatever the clock says.
      () => {
        if (due !== undefined) clock.fired(due);
      },
    );
  }
  await condition(allHandlersFinished);
  await notificationsDelivered();
  await oneChild.close();
  publish();
  return resultOf(writesChangesOnly, state);
}

/** The upserts of a visible change: from version 4 the attributes that changed, before it the whole record. */
function upsertsOf(
  changesOnly: boolean,
  published: CaseVisibility | undefined,
  visibility: CaseVisibility,
): SearchAttributeUpdatePair[] {
  return changesOnly ? changedSearchAttributes(published, visibility) : searchAttributeUpdates(visibility);
}

/** What a closed case returns: from version 4 a summary (the history keeps it for good), before it the whole view. */
function resultOf(summary: boolean, state: CaseState): CaseWorkflowResult {
  return summary ? summariseUpdatedCase(state) : viewCase(state);
}
