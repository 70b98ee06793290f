import type {
  SearchAttributePair,
  SearchAttributeUpdatePair,
  TypedSearchAttributes,
} from '@temporalio/common';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { CaseVisibility } from '../core/index.js';

/**
 * The search attributes every case publishes, defined once. Ids and enums only: Temporal stores them
 * unencrypted and answers visibility queries (`passend overdue`) from them.
 */
export const CASE_SEARCH_ATTRIBUTES = {
  route: defineSearchAttributeKey('PassendRoute', SearchAttributeType.KEYWORD),
  routeVersion: defineSearchAttributeKey('PassendRouteVersion', SearchAttributeType.KEYWORD),
  stage: defineSearchAttributeKey('PassendStage', SearchAttributeType.KEYWORD),
  stageSince: defineSearchAttributeKey('PassendStageSince', SearchAttributeType.DATETIME),
  regisseur: defineSearchAttributeKey('PassendRegisseur', SearchAttributeType.KEYWORD),
  organisatie: defineSearchAttributeKey('PassendOrganisatie', SearchAttributeType.KEYWORD),
  regio: defineSearchAttributeKey('PassendRegio', SearchAttributeType.KEYWORD),
  risk: defineSearchAttributeKey('PassendRisk', SearchAttributeType.KEYWORD),
  nextDueAt: defineSearchAttributeKey('PassendNextDueAt', SearchAttributeType.DATETIME),
  overdueNorms: defineSearchAttributeKey('PassendOverdueNorms', SearchAttributeType.KEYWORD_LIST),
  overdueSince: defineSearchAttributeKey('PassendOverdueSince', SearchAttributeType.DATETIME),
  warnedNorms: defineSearchAttributeKey('PassendWarnedNorms', SearchAttributeType.KEYWORD_LIST),
  wachtlijstAanbieders: defineSearchAttributeKey(
    'PassendWachtlijstAanbieders',
    SearchAttributeType.KEYWORD_LIST,
  ),
  breaches: defineSearchAttributeKey('PassendBreaches', SearchAttributeType.INT),
  // One child, one plan: the child's pseudonym (an opaque id, like the case id Temporal shows as the workflow id)
  // and whether another case of that child is open in the region. Published only by cases started with one.
  kindReferentie: defineSearchAttributeKey('PassendKindReferentie', SearchAttributeType.KEYWORD),
  dubbeleCasus: defineSearchAttributeKey('PassendDubbeleCasus', SearchAttributeType.BOOL),
} as const;

/** The keys as a list, e.g. to register them with a dev server. */
export const CASE_SEARCH_ATTRIBUTE_KEYS = Object.values(CASE_SEARCH_ATTRIBUTES);

const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** `--search-attribute NAME=Type` arguments for `temporal server start-dev`. */
export function searchAttributeFlags(): string[] {
  return CASE_SEARCH_ATTRIBUTE_KEYS.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${CLI_TYPE_NAMES[key.type]}`,
  ]);
}

const date = (instant: string | null): Date | null => (instant === null ? null : new Date(instant));
const list = (values: readonly string[]): string[] | null => (values.length === 0 ? null : [...values]);

/** The upserts that publish a case's visibility record; `null` removes an attribute. */
export function searchAttributeUpdates(visibility: CaseVisibility): SearchAttributeUpdatePair[] {
  const keys = CASE_SEARCH_ATTRIBUTES;
  return [
    { key: keys.route, value: visibility.route },
    { key: keys.routeVersion, value: visibility.routeVersion },
    { key: keys.stage, value: visibility.stage },
    { key: keys.stageSince, value: date(visibility.stageSince) },
    { key: keys.regisseur, value: visibility.regisseur },
    { key: keys.organisatie, value: visibility.organisatie },
    { key: keys.regio, value: visibility.regio },
    { key: keys.risk, value: visibility.risk },
    { key: keys.nextDueAt, value: date(visibility.nextDueAt) },
    { key: keys.overdueNorms, value: list(visibility.overdueNorms) },
    { key: keys.overdueSince, value: date(visibility.overdueSince) },
    { key: keys.warnedNorms, value: list(visibility.warnedNorms) },
    { key: keys.wachtlijstAanbieders, value: list(visibility.wachtlijstAanbieders) },
    { key: keys.breaches, value: visibility.breaches },
    // Only for a case with a child reference, so older cases upsert exactly what their histories recorded.
    ...(visibility.kindReferentie === undefined
      ? []
      : [
          { key: keys.kindReferentie, value: visibility.kindReferentie },
          { key: keys.dubbeleCasus, value: visibility.dubbeleCasus ?? false },
        ]),
  ];
}

/**
 * The attributes a new case starts with (`PassendClient.startCase` computes them with the core), so that a case is
 * listed from the moment it exists, before a worker first runs it. An attribute without a value is left out.
 */
export function startSearchAttributes(visibility: CaseVisibility): SearchAttributePair[] {
  return searchAttributeUpdates(visibility).filter(
    (pair): pair is SearchAttributePair => pair.value !== null,
  );
}

const comparable = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : JSON.stringify(value ?? null);

/** Whether `attributes` (what the server holds) are exactly a case's visibility record; absent means null. */
export function holdsVisibility(attributes: TypedSearchAttributes, visibility: CaseVisibility): boolean {
  return searchAttributeUpdates(visibility).every(
    (pair) => comparable(attributes.get(pair.key)) === comparable(pair.value),
  );
}
