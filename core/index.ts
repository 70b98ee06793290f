export {
  advanceTo,
  applyEvent,
  CaseStartSchema,
  EventInputSchema,
  isClosed,
  openCase,
  stageOf,
  statesOf,
} from './case.js';
export type {
  BreachEntry,
  BreachNotification,
  CaseEffect,
  CaseStart,
  CaseState,
  Decision,
  EventEntry,
  EventInput,
  JournalEntry,
} from './case.js';
export { addCalendarTerm, TIME_ZONE } from './calendar.js';
export type { Term } from './calendar.js';
export { nextDueAt } from './deadlines.js';
export type { Deadline, DeadlineChanges, DeadlineStatus } from './deadlines.js';
export { ensureError, EventRejectedError, toIssues } from './errors.js';
export type { Issue, Rejection, RejectionCode } from './errors.js';
export { ActorSchema, IdentifierSchema, InstantSchema, RoleSchema } from './identifiers.js';
export type { Actor, Role } from './identifiers.js';
export { NORM_PRESETS, NormOverridesSchema, NormSchema, resolveNorms } from './norms.js';
export type { Norm, NormOverrides } from './norms.js';
export { persistCase, restoreCase } from './persist.js';
export type { PersistedCase } from './persist.js';
export type { RouteContext, RouteDefinition } from './route.js';
export { toInstant } from './time.js';
export type { Instant } from './time.js';
export { viewCase } from './view.js';
export type { CaseView, NormInUse } from './view.js';
export { scenarioEventInput, ScenarioEventSchema, ScenarioSchema } from './scenario.js';
export type { Scenario, ScenarioEvent, ScenarioInput } from './scenario.js';
export { runClockTo, ScenarioStartError, simulate } from './simulate.js';
export type { SimulationResult } from './simulate.js';
export { reportOf } from './report.js';
export type { ScenarioReport, StageSpan } from './report.js';
