export { PassendClient } from './passend-client.js';
export { CaseExistsError, CaseNotFoundError } from './errors.js';
export { EventRejectedError } from '../core/index.js';
export type { CaseStart, CaseView, EventInput, Rejection, RejectionCode } from '../core/index.js';
export type { SendEventResult } from '../workflows/definitions.js';
export { caseWorkflowId, TASK_QUEUE } from '../workflows/definitions.js';
export { runScenarioLive } from './scenario-runner.js';
export type { AdvanceTime, LiveScenarioResult } from './scenario-runner.js';
export type { CaseWorkflowOptions } from '../workflows/definitions.js';
