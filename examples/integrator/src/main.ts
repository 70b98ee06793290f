// An application embedding passend-routes as an integrator would: its own worker runs the case workflow beside a
// workflow of its own, the typed client starts a case and sends an event, and then everything stops: the worker
// drains, the connections close and the process exits by itself.
// Usage: TEMPORAL_ADDRESS=host:port npm start   (default localhost:7233)
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { PassendClient } from 'passend-routes/client';
import { createCaseWorker, registerCaseSearchAttributes } from 'passend-routes/worker';
import { createActivities } from './activities.js';
import type { ontvangstbevestiging } from './workflows.js';

const address = process.env['TEMPORAL_ADDRESS'] ?? 'localhost:7233';
// The application's own task queue, for its cases and its own workflow alike: a worker polling a task queue must know
// every workflow and activity sent there, and the worker of passend-routes' own `npm start` (on the default queue)
// knows none of ours.
const taskQueue = 'voorbeeld-integrator';
// Warnings and errors only, from the worker and from bundling alike.
Runtime.install({ logger: new DefaultLogger('WARN') });

const connection = await Connection.connect({ address });
const workerConnection = await NativeConnection.connect({ address });
try {
  // The case workflow indexes its cases; a namespace needs its search attributes once (again is harmless).
  await registerCaseSearchAttributes(connection);
  const worker = await createCaseWorker({
    connection: workerConnection,
    taskQueue,
    outboxPath: 'outbox.jsonl',
    workflowsPath: fileURLToPath(new URL('./workflows.js', import.meta.url)),
    activities: createActivities(),
  });
  const client = new Client({ connection });
  const passend = new PassendClient(client, { taskQueue });
  const caseId = `voorbeeld-${randomUUID().slice(0, 8)}`;
  const actor = { role: 'intern-begeleider', id: 'ib-12' } as const;

  // runUntil runs the worker while the work below runs, then shuts it down and waits until it has.
  await worker.runUntil(async () => {
    const opened = await passend.startCase(
      { caseId, organisatie: 'swv-breda', regio: 'breda' },
      { type: 'signaal.gemeld', payload: { regisseur: 'swv-cl-4' }, actor, idempotencyKey: `${caseId}/1` },
    );
    console.log(`case ${opened.caseId} started: stage ${opened.stage}, regisseur ${opened.regisseur}`);
    const { view } = await passend.sendEvent(caseId, {
      type: 'intake.gehouden',
      payload: { locatie: 'thuis' },
      actor: { role: 'swv', id: 'swv-cl-4' },
      idempotencyKey: `${caseId}/2`,
    });
    console.log(`event intake.gehouden applied: stage ${view.stage}`);
    const receipt = await client.workflow.execute<typeof ontvangstbevestiging>('ontvangstbevestiging', {
      taskQueue,
      workflowId: `ontvangst-${caseId}`,
      args: [caseId, view.stage],
    });
    console.log(`own workflow: ${receipt}`);
  });
  console.log('worker stopped');
} finally {
  await connection.close();
  await workerConnection.close();
}
