// A namespace without the case search attributes: a start names them (a case is listed from its start), so the
// server refuses it, and the client says what to do instead of a bare INVALID_ARGUMENT. Nothing is started.
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { PassendClient, SearchAttributesMissingError } from '../../client/index.js';
import { caseWorkflowId } from '../../workflows/definitions.js';
import { event } from '../support/case-env.js';
import { startTimeSkippingServer } from '../../infra/index.js';
import { startDevEnv, useTestServer } from '../support/temporal-env.js';

const server = useTestServer(async () => {
  const env = await startDevEnv({ searchAttributes: [] });
  return { server: env, stop: () => env.teardown() };
});

// The time-skipping test server has no per-namespace mapping and words its refusal differently.
const timeSkipping = useTestServer(async () => {
  const env = await startTimeSkippingServer();
  return { server: env, stop: () => env.teardown() };
});

/** Starts case `caseId` through `client` and expects the typed refusal; returns the start (wrapped: a bare
 * rejected promise would reject this function's own). */
async function refusedStart(client: Client, caseId: string): Promise<{ started: Promise<unknown> }> {
  const passend = new PassendClient(client, { taskQueue: 'search-attributes-missing' });
  const started = passend.startCase(
    { caseId, organisatie: 'swv-sa', regio: 'regio-sa' },
    event('signaal.gemeld', { regisseur: 'regisseur-sa' }),
  );
  await expect(started).rejects.toBeInstanceOf(SearchAttributesMissingError);
  return { started };
}

describe('a server without the case search attributes', () => {
  it('refuses a start with a message naming the attribute and the remedy, and starts nothing', async () => {
    const { started } = await refusedStart(server().client, 'sa-mist');
    await expect(started).rejects.toThrow(/no mapping defined for search attribute Passend\w+/);
    await expect(started).rejects.toThrow(/registerCaseSearchAttributes/);
    const handle = server().client.workflow.getHandle(caseWorkflowId('sa-mist'));
    await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const refusal = await started.catch((error: unknown) => error);
    expect((refusal as Error).cause).toBeInstanceOf(Error);
  });

  it("is recognised in the time-skipping server's words too", async () => {
    const { started } = await refusedStart(timeSkipping().client, 'sa-mist-ts');
    await expect(started).rejects.toThrow(/search attribute Passend\w+ is not defined/);
  });
});
