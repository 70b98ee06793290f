import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTE_KEYS } from '../workflows/search-attributes.js';

/**
 * Registers the case search attributes with a server through the OperatorService: for servers without a
 * start-up flag for them (the time-skipping test server) or that were started without them. A workflow that
 * upserts an unregistered attribute fails its task and retries forever, so register before running cases.
 */
export async function registerCaseSearchAttributes(
  connection: Connection,
  namespace = 'default',
): Promise<void> {
  const types = proto.temporal.api.enums.v1.IndexedValueType;
  const searchAttributes = Object.fromEntries(
    CASE_SEARCH_ATTRIBUTE_KEYS.map((key) => [key.name, types[`INDEXED_VALUE_TYPE_${key.type}`]]),
  );
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}
