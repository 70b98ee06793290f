// Beyond Temporal's retention: Temporal deletes a closed workflow's history once the namespace's retention
// period has passed, while a youth-care dossier must be kept much longer. `archiveClosedCases` exports every
// closed case that the archive folder does not hold yet, one audit export per case (`<caseId>.json`), and
// every `passend audit` command reads a case from the archive when Temporal no longer has it.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { IdentifierSchema } from '../core/index.js';
import type { AuditExport } from './export.js';
import { exportCase, readAuditExport, writeAuditExport } from './export.js';

/** The archive folder: `--archive`, else `$PASSEND_ARCHIVE`, else `archive/` inside the data folder. */
export function archiveDir(flag?: string): string {
  return resolve(
    flag ?? process.env['PASSEND_ARCHIVE'] ?? join(process.env['PASSEND_DATA'] ?? 'data', 'archive'),
  );
}

/** Where the archive keeps a case's export. */
export function archivePath(dir: string, caseId: string): string {
  if (!IdentifierSchema.safeParse(caseId).success)
    throw new RangeError(`not a case id: ${JSON.stringify(caseId)}`);
  return join(dir, `${caseId}.json`);
}

/** The archived export of a case, or undefined when the archive does not hold it. */
export function readArchived(dir: string, caseId: string): AuditExport | undefined {
  const path = archivePath(dir, caseId);
  return existsSync(path) ? readAuditExport(path) : undefined;
}

/**
 * Closed case workflows: completed, failed, terminated, cancelled or timed out — not the earlier runs of a
 * case that continued as new, which is still running.
 */
export const CLOSED_CASES_QUERY =
  "WorkflowType = 'caseWorkflow' AND WorkflowId STARTS_WITH 'casus-' AND ExecutionStatus != 'Running' AND ExecutionStatus != 'ContinuedAsNew'";

/** What one archiving pass did. */
export interface ArchiveOutcome {
  readonly archived: readonly { readonly caseId: string; readonly path: string }[];
  readonly alreadyArchived: readonly string[];
  readonly failed: readonly { readonly caseId: string; readonly error: string }[];
}

/**
 * Exports every closed case not yet in the archive (or archived from an earlier run of it). Idempotent: run it
 * as often as you like; a case already archived with its last run is left alone. One failing case does not
 * stop the others; it is reported and tried again next time.
 */
export async function archiveClosedCases(client: Client, dir: string): Promise<ArchiveOutcome> {
  mkdirSync(dir, { recursive: true });
  const archived: { caseId: string; path: string }[] = [];
  const alreadyArchived: string[] = [];
  const failed: { caseId: string; error: string }[] = [];
  const seen = new Set<string>();
  for await (const execution of client.workflow.list({ query: CLOSED_CASES_QUERY })) {
    const caseId = execution.workflowId.replace(/^casus-/, '');
    if (seen.has(caseId)) continue;
    seen.add(caseId);
    try {
      const path = archivePath(dir, caseId);
      if (existsSync(path)) {
        const present = readAuditExport(path);
        if (present.case.status !== 'RUNNING' && present.case.runIds.at(-1) === execution.runId) {
          alreadyArchived.push(caseId);
          continue;
        }
      }
      const exported = await exportCase(client, caseId);
      writeAuditExport(path, exported);
      archived.push({ caseId, path });
    } catch (error) {
      failed.push({ caseId, error: (error as Error).message });
    }
  }
  return { archived, alreadyArchived, failed };
}
