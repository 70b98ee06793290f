import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { IdentifierSchema } from '../core/index.js';
import type { KindCasusMelding } from '../workflows/one-child.js';
import { kindCasusSignal } from '../workflows/one-child.js';
import { CASE_SEARCH_ATTRIBUTES as KEYS } from '../workflows/search-attributes.js';

/**
 * The visibility query for the open cases of a child in a region. Both values are identifiers (checked here
 * again), so quoting them is safe.
 */
export function openCasesOfChildQuery(kindReferentie: string, regio: string): string {
  const referentie = IdentifierSchema.parse(kindReferentie);
  const plaats = IdentifierSchema.parse(regio);
  return [
    `WorkflowType = 'caseWorkflow'`,
    'CloseTime IS NULL',
    `${KEYS.kindReferentie.name} = '${referentie}'`,
    `${KEYS.regio.name} = '${plaats}'`,
  ].join(' AND ');
}

async function openCasesOfChild(client: Client, melding: KindCasusMelding): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({
    query: openCasesOfChildQuery(melding.kindReferentie, melding.regio),
  })) {
    if (execution.workflowId !== melding.workflowId) ids.push(execution.workflowId);
  }
  return ids.sort();
}

/**
 * One child, one plan: a case of a child tells the child's other cases in the region that it opened (found by a
 * visibility query) or closed (those it knew). Answers the cases it reached: a case that closed meanwhile is left
 * out, so the one that opened does not count it. Uses the worker's own client.
 */
export async function meldKindCasus(melding: KindCasusMelding): Promise<string[]> {
  const client = Context.current().client;
  const targets = melding.open ? await openCasesOfChild(client, melding) : [...(melding.aan ?? [])];
  const reached: string[] = [];
  for (const workflowId of targets) {
    try {
      await client.workflow
        .getHandle(workflowId)
        .signal(kindCasusSignal, { workflowId: melding.workflowId, open: melding.open });
      reached.push(workflowId);
    } catch (error) {
      // Closed (or gone) since the listing: it is no longer an open case of the child.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return reached;
}
