import type { Client } from '@temporalio/client';
import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type {
  CaseStart,
  CaseView,
  EventEntry,
  EventInput,
  ReceivedEventInput,
  Rejection,
} from '../core/index.js';
import {
  applyEvent,
  checkNewCase,
  checkNewEvent,
  currentPin,
  eventDifferences,
  EventRejectedError,
  listedVisibility,
  openCase,
  visibilityOf,
} from '../core/index.js';
import type { CaseWorkflowOptions, SendEventResult } from '../workflows/definitions.js';
import {
  CASE_WORKFLOW_VERSION,
  caseWorkflowId,
  EVENT_REJECTED,
  getCaseQuery,
  sendEventUpdate,
  TASK_QUEUE,
} from '../workflows/definitions.js';
import type { caseWorkflow } from '../workflows/index.js';
import { CASE_SEARCH_ATTRIBUTES, startSearchAttributes } from '../workflows/search-attributes.js';
import type { CaseFilter, CaseSummary, DueBound } from './case-list.js';
import { CaseFilterSchema, countCases, eachCase, listCases } from './case-list.js';
import { CaseExistsError, CaseNotFoundError, SearchAttributesMissingError } from './errors.js';
import { DUE_ATTRIBUTE, longestDue } from './longest-overdue.js';
import { freshPollers, READ_TIMEOUT_MS, UPDATE_TIMEOUT_MS, withinDeadline } from './outage.js';
import { payloadLimitIssue } from './payload-limits.js';
import type { CaseRepair } from './repair.js';
import { repairCase } from './repair.js';
import type { StuckCase, StuckScan } from './stuck-cases.js';
import { findStuckCases, stuckCaseOf } from './stuck-cases.js';

/**
 * The answer as every case gives it now: cases of workflow version 2 and before answer with the whole case after
 * the event in `view` (and before version 2, with its journal instead of `journalLength`); only the summary's
 * fields are passed on, so a caller meets one shape whichever version a case runs.
 */
function answerOf(answer: SendEventResult): SendEventResult {
  const view = answer.view as SendEventResult['view'] & { journal?: readonly unknown[] };
  const journalLength = view.journalLength ?? view.journal?.length ?? 0;
  const { caseId, stage, closed, journalHead } = view;
  return {
    view: { caseId, stage, closed, journalLength, journalHead },
    recorded: answer.recorded,
    duplicate: answer.duplicate,
  };
}

/** Refuses an event that breaks a payload limit before it reaches Temporal's payload converter. */
function assertWithinLimits(event: EventInput, path: string): void {
  const issue = payloadLimitIssue(event);
  if (issue === undefined) return;
  throw new EventRejectedError({
    code: 'invalid-event',
    message: `the event ${issue}`,
    stage: null,
    issues: [{ path, message: issue }],
  });
}

function rejectionOf(error: unknown): Rejection | undefined {
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type === EVENT_REJECTED) {
    return cause.details?.[0] as Rejection | undefined;
  }
  return undefined;
}

/** The server's words when a start names a search attribute the namespace has not registered. */
function missingSearchAttribute(error: unknown): string | undefined {
  const cause = error instanceof ServiceError ? error.cause : undefined;
  const detail = (cause as { details?: unknown } | undefined)?.details;
  // A server that maps attribute names per namespace says "no mapping defined for search attribute X"; one
  // that does not (the time-skipping test server, for one) says "search attribute X is not defined".
  return typeof detail === 'string' &&
    /no mapping defined for search attribute|search attribute \S+ is not defined/i.test(detail)
    ? detail
    : undefined;
}

/**
 * The integrator's entry point: start cases, send events, read cases. Every refusal is typed:
 * `EventRejectedError` (with the engine's reason), `CaseNotFoundError`, `CaseExistsError`,
 * `SearchAttributesMissingError`.
 * @example
 * const passend = new PassendClient(new Client({ connection: await Connection.connect() }));
 * await passend.startCase({ caseId: 'c-17', organisatie: 'swv-breda', regio: 'breda' }, {
 *   type: 'signaal.gemeld', payload: { regisseur: 'swv-cl-4' },
 *   actor: { role: 'intern-begeleider', id: 'ib-12' }, idempotencyKey: 'c-17/1',
 * });
 * const { view } = await passend.sendEvent('c-17', {
 *   type: 'intake.gehouden', payload: { locatie: 'thuis' },
 *   actor: { role: 'swv', id: 'swv-cl-4' }, idempotencyKey: 'c-17/2',
 * });
 */
export class PassendClient {
  readonly client: Client;
  readonly taskQueue: string;
  /** How long a read (a Query) may take before it is an outage (`TemporalUnavailableError`). */
  readonly readTimeoutMs: number;
  /** How long an Update may take to be answered before it is an outage. */
  readonly updateTimeoutMs: number;

  constructor(
    client: Client,
    options: { taskQueue?: string; readTimeoutMs?: number; updateTimeoutMs?: number } = {},
  ) {
    this.client = client;
    this.taskQueue = options.taskQueue ?? TASK_QUEUE;
    this.readTimeoutMs = options.readTimeoutMs ?? READ_TIMEOUT_MS;
    this.updateTimeoutMs = options.updateTimeoutMs ?? UPDATE_TIMEOUT_MS;
  }

  /**
   * Starts a case with its first event, and optionally the events that already happened (`history`, each
   * backdated with `occurredAt`) and tuning of the workflow. The pure core checks everything first: a refused
   * start starts nothing.
   */
  async startCase(
    start: CaseStart,
    event: EventInput,
    options: { history?: readonly EventInput[]; workflow?: CaseWorkflowOptions } = {},
  ): Promise<CaseView> {
    const history = options.history ?? [];
    assertWithinLimits(event, 'event');
    history.forEach((later, index) => assertWithinLimits(later, `history.${index}`));
    // Only a new case meets the reserved-id and BSN rules; openCase also replays existing cases, which keep
    // their ids and their recorded events.
    const refused = checkNewCase(start, [event, ...history]);
    if (refused !== undefined) throw new EventRejectedError(refused);
    // One moment for the whole start: the workflow opens the case at it too (`openedAt`), so both decide alike.
    const now = Date.now();
    // The rules of this build, recorded with the start so that the case replays under them for good.
    const pin = currentPin();
    let decision = openCase(start, event, now, { pin });
    for (const [index, later] of history.entries()) {
      if (!decision.ok) break;
      decision = applyEvent(decision.state, later, now);
      if (!decision.ok) {
        const { rejection } = decision;
        const issues = rejection.issues.map((issue) => ({
          ...issue,
          path: `history.${index}.${issue.path}`,
        }));
        throw new EventRejectedError({
          ...rejection,
          message: `history[${index}]: ${rejection.message}`,
          issues,
        });
      }
    }
    if (!decision.ok) throw new EventRejectedError(decision.rejection);
    const caseId = decision.state.caseId;
    try {
      const started = () =>
        this.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
          workflowId: caseWorkflowId(caseId),
          taskQueue: this.taskQueue,
          args: [
            {
              // The route version it opened on, pinned: the case runs on it for good, on any worker.
              start: {
                ...start,
                routeId: decision.state.route.id,
                routeVersion: decision.state.route.version,
              },
              events: [event, ...history],
              openedAt: new Date(now).toISOString(),
              workflowVersion: CASE_WORKFLOW_VERSION,
              pin,
              ...(options.workflow === undefined ? {} : { options: options.workflow }),
            },
          ],
          // Listed from the start, before a worker first runs the case; the workflow corrects them if it differs.
          typedSearchAttributes: startSearchAttributes(listedVisibility(visibilityOf(decision.state))),
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
        });
      await withinDeadline(this.client, this.taskQueue, this.readTimeoutMs, started);
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new CaseExistsError(caseId);
      const missing = missingSearchAttribute(error);
      if (missing !== undefined) throw new SearchAttributesMissingError(missing, error);
      throw error;
    }
    return this.getCase(caseId);
  }

  /** Sends one event; returns the case after it, or throws `EventRejectedError` and leaves the case unchanged. */
  async sendEvent(caseId: string, event: EventInput): Promise<SendEventResult> {
    // The workflow's validator refuses it too; refused here, it costs no round trip.
    const refused = checkNewEvent(event);
    if (refused !== undefined) throw new EventRejectedError(refused);
    assertWithinLimits(event, '(body)');
    const workflowId = caseWorkflowId(caseId);
    const handle = this.client.workflow.getHandle(workflowId);
    try {
      const answer = await withinDeadline(
        this.client,
        this.taskQueue,
        this.updateTimeoutMs,
        () => handle.executeUpdate(sendEventUpdate, { args: [event] }),
        workflowId,
      );
      return answerOf(answer);
    } catch (error) {
      const rejection = rejectionOf(error);
      if (rejection !== undefined) throw new EventRejectedError(rejection);
      if (error instanceof WorkflowNotFoundError) return await this.answerClosed(caseId, event);
      throw error;
    }
  }

  /** Lists cases through a visibility query (search attributes), without asking each workflow. */
  listCases(filter: CaseFilter = {}): Promise<CaseSummary[]> {
    return listCases(this.client, filter);
  }

  /**
   * Every case matching the filter (and due at or before `bound`, when given), page by page past any limit (see
   * `eachCase`); `limit` does not apply.
   */
  async allCases(filter: Omit<CaseFilter, 'limit'> = {}, bound?: DueBound): Promise<CaseSummary[]> {
    const cases: CaseSummary[] = [];
    for await (const summary of eachCase(this.client, filter, 1000, bound)) cases.push(summary);
    return cases;
  }

  /** How many cases match the filter (and are due at or before `bound`), from one count query: nothing is listed. */
  countCases(filter: Omit<CaseFilter, 'limit'> = {}, bound?: DueBound): Promise<number> {
    return countCases(this.client, filter, bound);
  }

  /**
   * Cases with a breached deadline (or, with `atRisk`, a warned one too), the longest overdue first: of more than
   * `limit`, the `limit` overdue longest. Per risk, one list query of at most `limit + 1` rows; when it finds more
   * than `limit`, the cut-off moment searched with count queries (rounds of a few at once, see `cutOff`) and one
   * list of the cases due at or before it.
   */
  async overdueCases(filter: Omit<CaseFilter, 'risk'> & { atRisk?: boolean } = {}): Promise<CaseSummary[]> {
    const { atRisk, ...rest } = filter;
    const { limit } = CaseFilterSchema.parse(rest);
    const risks: ('waarschuwing' | 'overschreden')[] =
      atRisk === true ? ['overschreden', 'waarschuwing'] : ['overschreden'];
    // One query per risk: each one is answered from the risk's index, returning only its own rows.
    const lists = await Promise.all(
      risks.map((risk) => this.longestOverdue({ ...rest, risk: [risk] }, risk, limit)),
    );
    const since = (summary: CaseSummary) => summary.overdueSince ?? summary.nextDueAt ?? '9999';
    return lists
      .flat()
      .sort((a, b) => (since(a) < since(b) ? -1 : since(a) > since(b) ? 1 : 0))
      .slice(0, limit);
  }

  /** The `limit` cases of one risk due longest ago: all of them when the first `limit + 1` listed are not more. */
  private async longestOverdue(
    filter: CaseFilter,
    risk: 'waarschuwing' | 'overschreden',
    limit: number,
  ): Promise<CaseSummary[]> {
    const listed: CaseSummary[] = [];
    for await (const summary of eachCase(this.client, filter, Math.min(limit + 1, 1000))) {
      listed.push(summary);
      if (listed.length > limit) break;
    }
    if (listed.length <= limit) return listed;
    const reader = {
      count: (bound: DueBound) => countCases(this.client, filter, bound),
      every: (bound?: DueBound) => this.allCases(filter, bound),
    };
    return (await longestDue(reader, DUE_ATTRIBUTE[risk], limit)).cases;
  }

  /** Reads a case: stage, regisseur, plan, deadlines with their status, and the journal. */
  async getCase(caseId: string): Promise<CaseView> {
    const workflowId = caseWorkflowId(caseId);
    try {
      return await withinDeadline(
        this.client,
        this.taskQueue,
        this.readTimeoutMs,
        () => this.client.workflow.getHandle(workflowId).query(getCaseQuery),
        workflowId,
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
      throw error;
    }
  }

  /**
   * Who a case belongs to and whether it is stuck, from Temporal's own record of the workflow (its search
   * attributes and pending task): no worker is asked, so this answers while the workers are down.
   */
  async caseRecord(caseId: string): Promise<{
    organisatie: string | null;
    regio: string | null;
    running: boolean;
    stuckAttempts: number;
  }> {
    const workflowId = caseWorkflowId(caseId);
    try {
      const described = await withinDeadline(this.client, this.taskQueue, this.readTimeoutMs, () =>
        this.client.workflow.getHandle(workflowId).describe(),
      );
      const attempts = described.raw.pendingWorkflowTask?.attempt ?? 0;
      return {
        organisatie: described.typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.organisatie) ?? null,
        regio: described.typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.regio) ?? null,
        running: described.status.name === 'RUNNING',
        stuckAttempts: attempts > 1 ? attempts : 0,
      };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
      throw error;
    }
  }

  /** How many workers polled this client's task queue in the last 75 seconds. */
  workerCount(): Promise<number> {
    return withinDeadline(this.client, this.taskQueue, this.readTimeoutMs, () =>
      freshPollers(this.client, this.taskQueue),
    );
  }

  /** Open cases whose workflow tasks keep failing (see `findStuckCases`). */
  stuckCases(options: Parameters<typeof findStuckCases>[1] = {}): Promise<StuckScan> {
    return findStuckCases(this.client, options);
  }

  /** Whether one case is stuck; undefined when it is not. */
  stuckCase(caseId: string): Promise<StuckCase | undefined> {
    return stuckCaseOf(this.client, caseId);
  }

  /** Resets a stuck case to its last good workflow task (see `repairCase`). */
  repairCase(caseId: string, options: Parameters<typeof repairCase>[2] = {}): Promise<CaseRepair> {
    return repairCase(this.client, caseId, options);
  }

  /**
   * An event for a case whose workflow has ended. The case is closed, so nothing more is applied; but a retry of an
   * event it already took is answered as the running workflow would have answered it (`duplicate: true`, as the
   * README promises for every retry, also of the event that closed the case), and a key reused for a different
   * event is an `idempotency-conflict`. Anything else is `case-closed`; a case that never existed is not found.
   */
  private async answerClosed(caseId: string, event: EventInput): Promise<SendEventResult> {
    let view: CaseView;
    try {
      view = await this.getCase(caseId);
    } catch (error) {
      throw error instanceof Error ? error : new CaseNotFoundError(caseId);
    }
    const key = (event as { idempotencyKey?: unknown }).idempotencyKey;
    const taken = view.journal.find(
      (entry): entry is EventEntry => entry.kind === 'gebeurtenis' && entry.idempotencyKey === key,
    );
    if (taken === undefined) {
      throw new EventRejectedError({
        code: 'case-closed',
        message: `case ${caseId} is closed`,
        stage: view.stage,
        issues: [],
      });
    }
    if (eventDifferences(taken, event as ReceivedEventInput, { occurredAt: false }).length > 0) {
      throw new EventRejectedError({
        code: 'idempotency-conflict',
        message: `idempotencyKey "${String(key)}" was already used for a different event (journal entry ${taken.seq})`,
        stage: view.stage,
        issues: [{ path: 'idempotencyKey', message: 'already used for a different event' }],
      });
    }
    const { caseId: id, stage, closed, journal, journalHead } = view;
    return {
      view: { caseId: id, stage, closed, journalLength: journal.length, journalHead },
      recorded: [],
      duplicate: true,
    };
  }
}
