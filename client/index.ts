export { PassendClient } from './passend-client.js';
export {
  CaseExistsError,
  CaseNotFoundError,
  SearchAttributesMissingError,
  TemporalUnavailableError,
} from './errors.js';
export type { UnavailableReason } from './errors.js';
export { outageReason, READ_TIMEOUT_MS, UPDATE_TIMEOUT_MS } from './outage.js';
export { jsonTextDepth, MAX_BODY_BYTES, MAX_JSON_DEPTH, payloadLimitIssue } from './payload-limits.js';
export { findStuckCases, stuckCaseOf } from './stuck-cases.js';
export type { StuckCase, StuckScan } from './stuck-cases.js';
export { CaseRepairError, repairCase } from './repair.js';
export type { CaseRepair } from './repair.js';
export { EventRejectedError } from '../core/index.js';
export type { CaseStart, CaseView, EventInput, Rejection, RejectionCode } from '../core/index.js';
export type { SendEventResult } from '../workflows/definitions.js';
export { caseWorkflowId, TASK_QUEUE } from '../workflows/definitions.js';
export { runScenarioLive } from './scenario-runner.js';
export type { AdvanceTime, LiveScenarioResult } from './scenario-runner.js';
export type { CaseWorkflowOptions } from '../workflows/definitions.js';
export {
  CaseFilterSchema,
  countCases,
  DUE_BOUND_EARLIEST,
  DUE_BOUND_LATEST,
  DueBoundSchema,
  eachCase,
  listCases,
  visibilityQuery,
} from './case-list.js';
export type { CaseFilter, CaseSummary, DueBound } from './case-list.js';
export { byDue, cutOff, DUE_ATTRIBUTE, longestDue } from './longest-overdue.js';
export type { DueAttribute, DueReader } from './longest-overdue.js';
