// The application's workflows module: the case workflow of passend-routes re-exported beside its own, so that
// one worker (one bundle) runs both. Workflow code: no Node built-ins, activities as types only.
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from './activities.js';

export * from 'passend-routes/workflows';

const { bevestigOntvangst } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
});

/** The application's own workflow: confirms that a case reached a stage. */
export async function ontvangstbevestiging(caseId: string, stage: string): Promise<string> {
  return bevestigOntvangst(caseId, stage);
}
