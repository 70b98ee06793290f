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
 * With `publish`, it also upserts the case's fourteen search attributes after every accepted event, as the case
 * workflow does: that variant shows what visibility costs Temporal apart from XState and the core.
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
function bareSearchAttributes(stage: string, now: number): SearchAttributeUpdatePair[] {
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
      return { events: journal.length, duplicate: !fresh };
    },
    {
      validator: (event) => {
        checkShape(event);
        if (closed) throw new Error(`case ${input.caseId} is closed`);
      },
    },
  );

  const publish = (): void => {
    if (input.publish === true)
      upsertSearchAttributes(bareSearchAttributes(journal.at(-1)?.type ?? '', Date.now()));
  };

  while (!closed) {
    publish();
    const before = version;
    // One durable timer, cancelled and started again after every accepted event, as in caseWorkflow.
    await condition(() => version !== before, TIMER_MS);
  }
  await condition(allHandlersFinished);
  publish();
  return view();
}
