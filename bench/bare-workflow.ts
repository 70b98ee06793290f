import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

/**
 * The Temporal floor the case workflow is measured against: the same shape (events as validated Updates, a
 * `getCase` query, one timer rescheduled after every accepted event, done on `casus.afgesloten`) without
 * XState, zod or the core. It keeps a minimal journal so that its state grows per event like a case's does.
 * With `publish`, it also upserts the case's fourteen search attributes after every accepted event: that variant
 * shows what visibility costs Temporal apart from XState and the core. With `matched`, it does exactly the Temporal
 * work a recorded case did instead (bench/matched.ts): an upsert and a timer where the case made one, and answers
 * of the case's sizes; the bench starts it with search attributes as the client starts a case.
 */

/** An event as the bench sends it to both variants (the same objects as the case workflow's `EventInput`). */
export interface BareEvent {
  readonly type: string;
  readonly payload?: Record<string, unknown> | undefined;
  readonly occurredAt?: string | undefined;
  readonly actor: { readonly role: string; readonly id: string };
  readonly idempotencyKey: string;
}

export interface BareCaseInput {
  readonly caseId: string;
  readonly events: readonly BareEvent[];
  /** Upsert the case workflow's search attributes after every accepted event (default: no). */
  readonly publish?: boolean;
  /** Do what a recorded case did instead: see {@link MatchedWork}. */
  readonly matched?: MatchedWork;
}

/**
 * The Temporal work of a recorded case, step by step: step 0 is the first workflow task, step `i` the task after
 * the `i`-th accepted Update. Which search attributes the case upserted there (none: no upsert; since case workflow
 * version 4 only those that changed), whether it started a timer, and how many bytes each Update's answer held
 * (`answerBytes[i - 1]` for Update `i`).
 */
export interface MatchedWork {
  readonly upserts: readonly (readonly string[])[];
  readonly timers: readonly boolean[];
  readonly answerBytes: readonly number[];
}

export interface BareJournalEntry {
  readonly seq: number;
  readonly type: string;
  readonly idempotencyKey: string;
  readonly recordedAt: string;
}

export interface BareCaseView {
  readonly caseId: string;
  readonly events: number;
  readonly lastType: string;
  readonly closed: boolean;
  readonly journal: readonly BareJournalEntry[];
}

export interface BareSendResult {
  readonly events: number;
  readonly duplicate: boolean;
  /** Filler that brings the answer to the size the case's answer had (matched only). */
  readonly padding?: string;
}

export const bareSendEventUpdate = defineUpdate<BareSendResult, [BareEvent]>('sendEvent');
export const bareGetCaseQuery = defineQuery<BareCaseView>('getCase');

/** The event that ends a case, as in the toeleiding route. */
export const BARE_CLOSING_EVENT = 'casus.afgesloten';

/** The one timer's length: the bare workflow has no norms, so a fixed week stands in for the earliest due moment. */
const TIMER_MS = 7 * 24 * 60 * 60 * 1000;

function checkShape(event: unknown): asserts event is BareEvent {
  const candidate = event as Partial<BareEvent> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.type !== 'string' ||
    candidate.type === '' ||
    typeof candidate.idempotencyKey !== 'string' ||
    typeof candidate.actor !== 'object'
  ) {
    throw new TypeError('not an event: needs type, actor and idempotencyKey');
  }
}

/** The same fourteen attributes the case workflow upserts, with values a bare case can fill in. */
export function bareSearchAttributes(stage: string, now: number): SearchAttributeUpdatePair[] {
  const keys = CASE_SEARCH_ATTRIBUTES;
  return [
    { key: keys.route, value: 'bare' },
    { key: keys.routeVersion, value: '1' },
    { key: keys.stage, value: stage },
    { key: keys.stageSince, value: new Date(now) },
    { key: keys.regisseur, value: 'bare-regisseur' },
    { key: keys.organisatie, value: 'bench' },
    { key: keys.regio, value: 'bench' },
    { key: keys.risk, value: 'op-schema' },
    { key: keys.nextDueAt, value: new Date(now + TIMER_MS) },
    { key: keys.overdueNorms, value: null },
    { key: keys.overdueSince, value: null },
    { key: keys.warnedNorms, value: null },
    { key: keys.wachtlijstAanbieders, value: null },
    { key: keys.breaches, value: 0 },
  ];
}

/** The bare case: the Temporal shape of `caseWorkflow` with nothing inside. */
export async function bareCaseWorkflow(input: BareCaseInput): Promise<BareCaseView> {
  const journal: BareJournalEntry[] = [];
  const seen = new Set<string>();
  let closed = false;
  let version = 0;

  const record = (event: BareEvent): boolean => {
    if (seen.has(event.idempotencyKey)) return false;
    seen.add(event.idempotencyKey);
    journal.push({
      seq: journal.length + 1,
      type: event.type,
      idempotencyKey: event.idempotencyKey,
      recordedAt: new Date().toISOString(),
    });
    if (event.type === BARE_CLOSING_EVENT) closed = true;
    return true;
  };
  const view = (): BareCaseView => ({
    caseId: input.caseId,
    events: journal.length,
    lastType: journal.at(-1)?.type ?? '',
    closed,
    journal,
  });

  for (const event of input.events) record(event);

  setHandler(bareGetCaseQuery, view);
  setHandler(
    bareSendEventUpdate,
    (event) => {
      const fresh = record(event);
      if (fresh) version++;
      const answer = { events: journal.length, duplicate: !fresh };
      const target = input.matched?.answerBytes[journal.length - 2];
      if (target === undefined) return answer;
      // The answer's JSON, `,"padding":""` and all, as long as the case's answer was.
      const bare = JSON.stringify(answer).length + ',"padding":""'.length;
      return { ...answer, padding: 'x'.repeat(Math.max(0, target - bare)) };
    },
    {
      validator: (event) => {
        checkShape(event);
        if (closed) throw new Error(`case ${input.caseId} is closed`);
      },
    },
  );

  // The step the workflow is at: the number of Updates accepted so far (see MatchedWork).
  const step = () => journal.length - input.events.length;
  const publish = (): void => {
    const matched = input.matched;
    const attributes = bareSearchAttributes(journal.at(-1)?.type ?? '', Date.now());
    if (matched === undefined) {
      if (input.publish === true) upsertSearchAttributes(attributes);
      return;
    }
    // The attributes the case upserted at this step, no more.
    const names = matched.upserts[step()] ?? [];
    if (names.length > 0) upsertSearchAttributes(attributes.filter((pair) => names.includes(pair.key.name)));
  };

  while (!closed) {
    publish();
    const before = version;
    // One durable timer, cancelled and started again after every accepted event, as in caseWorkflow; matched, a
    // timer only where the case started one.
    if (input.matched === undefined || input.matched.timers[step()] === true)
      await condition(() => version !== before, TIMER_MS);
    else await condition(() => version !== before);
  }
  await condition(allHandlersFinished);
  publish();
  return view();
}
