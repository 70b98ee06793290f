import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { CaseVisibility } from '../core/index.js';
import { searchAttributeUpdates } from './search-attributes.js';

const comparable = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : JSON.stringify(value ?? null);

/**
 * The upserts that take what the server holds from `published` to `visibility`: only the attributes whose value
 * changed, since Temporal merges an upsert into the attributes a workflow has (every one when nothing is published
 * yet). Each upsert is a history event kept as long as the case; from workflow version 4 it carries the change
 * only, where earlier versions wrote all fourteen attributes every time.
 */
export function changedSearchAttributes(
  published: CaseVisibility | undefined,
  visibility: CaseVisibility,
): SearchAttributeUpdatePair[] {
  const next = searchAttributeUpdates(visibility);
  if (published === undefined) return next;
  const held = new Map(
    searchAttributeUpdates(published).map((pair) => [pair.key.name, comparable(pair.value)]),
  );
  return next.filter((pair) => held.get(pair.key.name) !== comparable(pair.value));
}
