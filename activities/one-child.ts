import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { IdentifierSchema } from '../core/index.js';
import type { KindCasusBericht, KindCasusMelding } from '../workflows/one-child.js';
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
 * How long an opening case waits to list the child's cases a second time. Visibility is eventually consistent: two
 * cases of a child started within its lag may each miss the other in a first listing, and the second finds them.
 */
export const VISIBILITY_SETTLE_MS = 2_000;

/** Signals each case; answers those reached (a case closed, or gone, since it was listed is not). */
async function signalEach(
  client: Client,
  targets: readonly string[],
  bericht: KindCasusBericht,
): Promise<string[]> {
  const reached: string[] = [];
  for (const workflowId of targets) {
    try {
      await client.workflow.getHandle(workflowId).signal(kindCasusSignal, bericht);
      reached.push(workflowId);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return reached;
}

/**
 * One child, one plan: a case of a child tells the child's other cases in the region that it opened (found by a
 * visibility query, twice, {@link VISIBILITY_SETTLE_MS} apart) or closed (those it knew). Answers the cases it
 * reached: a case that closed meanwhile is left out, so the one that opened does not count it. Uses the worker's
 * own client.
 */
export async function meldKindCasus(melding: KindCasusMelding): Promise<string[]> {
  const context = Context.current();
  const client = context.client;
  const bericht = { workflowId: melding.workflowId, open: melding.open };
  if (!melding.open) return signalEach(client, melding.aan ?? [], bericht);
  const first = await signalEach(client, await openCasesOfChild(client, melding), bericht);
  await context.sleep(VISIBILITY_SETTLE_MS);
  const later = (await openCasesOfChild(client, melding)).filter((id) => !first.includes(id));
  return [...first, ...(await signalEach(client, later, bericht))].sort();
}
