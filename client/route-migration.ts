import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { MigrationPreview, MigrationRefusal, MigrationRequest } from '../core/route-migration.js';
import { MigrationRequestSchema } from '../core/route-migration.js';
import { toIssues } from '../core/index.js';
import {
  caseWorkflowId,
  MIGRATION_REFUSED,
  migrateRouteUpdate,
  previewMigrationQuery,
} from '../workflows/definitions.js';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

/** One case's migration as `passend route migrate` reports it: the preview, and whether it was applied. */
export interface CaseMigration extends MigrationPreview {
  readonly migrated: boolean;
}

/** The request, parsed; a `MigrationRefusal` naming each bad field otherwise (nothing is sent). */
export function parseMigrationRequest(input: unknown): MigrationRequest | MigrationRefusal {
  const parsed = MigrationRequestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  return {
    code: 'migration-refused',
    message: 'the migration request is invalid',
    stage: null,
    issues: toIssues(parsed.error.issues),
  };
}

function refusalOf(error: unknown): MigrationRefusal | undefined {
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type === MIGRATION_REFUSED)
    return cause.details?.[0] as MigrationRefusal | undefined;
  return undefined;
}

/**
 * Migrates one running case (or, with `dryRun`, only says what would happen). The workflow previews it by a query;
 * a case it would refuse is reported with the reason and left as it was. Otherwise one Update moves it, whose
 * validator checks again, so a case that changed meanwhile is refused rather than half-migrated.
 * @example
 * const outcome = await migrateRunningCase(client, 'c-17', { to: { id: 'zorgplicht', version: '2.0.0' }, actor }, {});
 */
export async function migrateRunningCase(
  client: Client,
  caseId: string,
  request: MigrationRequest,
  options: { readonly dryRun?: boolean } = {},
): Promise<CaseMigration> {
  const handle = client.workflow.getHandle(caseWorkflowId(caseId));
  const preview = await handle.query(previewMigrationQuery, request);
  if (options.dryRun === true || !preview.ok) return { ...preview, migrated: false };
  try {
    await handle.executeUpdate(migrateRouteUpdate, { args: [request] });
    return { ...preview, migrated: true };
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal === undefined) throw error;
    return { ...preview, ok: false, refusal, migrated: false };
  }
}

/** The ids of the open cases that run `id@version`, from the search attributes (no workflow is asked). */
export async function casesOnRouteVersion(client: Client, id: string, version: string): Promise<string[]> {
  const quote = (value: string) => `'${value.replaceAll("'", "\\'")}'`;
  const query = [
    'CloseTime IS NULL',
    `${CASE_SEARCH_ATTRIBUTES.route.name} = ${quote(id)}`,
    `${CASE_SEARCH_ATTRIBUTES.routeVersion.name} = ${quote(version)}`,
  ].join(' AND ');
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query })) {
    if (execution.workflowId.startsWith('casus-')) ids.push(execution.workflowId.slice('casus-'.length));
  }
  return ids.sort();
}
