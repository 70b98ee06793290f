export {
  advanceTo,
  applyEvent,
  CaseStartSchema,
  checkEventWithoutCase,
  EventInputSchema,
  isClosed,
  NewEventInputSchema,
  openCase,
  stageOf,
  statesOf,
} from './case.js';
export type {
  BreachEntry,
  DeadlineNotification,
  CaseEffect,
  CaseStart,
  CaseState,
  Decision,
  EventEntry,
  EscalationEntry,
  EventInput,
  JournalEntry,
  OpenOptions,
  RetractionEntry,
  WarningEntry,
} from './case.js';
export { addCalendarTerm, TIME_ZONE } from './calendar.js';
export type { Term } from './calendar.js';
export {
  daysStoodStill,
  dueMoment,
  endsAtEndOfDay,
  nextDueAt,
  nextWakeAt,
  plannedEscalation,
  telwijzeOf,
} from './deadlines.js';
export type {
  Deadline,
  DeadlineChanges,
  DeadlineStatus,
  Extension,
  Opschaling,
  Suspension,
} from './deadlines.js';
export { CORE_RULES_VERSION, currentPin, UNPINNED } from './pinning.js';
export type { CasePin } from './pinning.js';
export { DEADLINE_EVENT_DOCS, DEADLINE_EVENT_PAYLOADS, isDeadlineEvent } from './deadline-events.js';
export {
  CORRECTION_EVENT,
  CORRECTION_EVENT_DOC,
  CORRECTION_REASONS,
  CorrectionPayloadSchema,
  correctionsOf,
  isCorrectionEntry,
  isCorrectionRetraction,
  refuseBadCorrection,
} from './correction.js';
export type { CorrectionEntry, CorrectionPayload } from './correction.js';
export { ensureError, EventRejectedError, toIssues } from './errors.js';
export type { Issue, Rejection, RejectionCode } from './errors.js';
export {
  ActorSchema,
  BSN_IDENTIFIER_MESSAGE,
  CaseIdSchema,
  holdsBsn,
  IdentifierSchema,
  InstantSchema,
  NewActorSchema,
  passesElevenTest,
  PseudonymousIdSchema,
  RESERVED_CASE_IDS,
  RoleSchema,
} from './identifiers.js';
export { checkNewCase, checkNewEvent, refuseBsnInEvent } from './pseudonymity.js';
export type { Actor, Role } from './identifiers.js';
export {
  NORM_PRESETS,
  NormOverridesSchema,
  NormSchema,
  resolveNorms,
  TelwijzeSchema,
  TermSchema,
  UNPINNED_NORM_VERSIONS,
  WarningLeadSchema,
} from './norms.js';
export type { Norm, NormOverrides, NormTerm, OpschaalStap, Telwijze, WarningLead } from './norms.js';
export { persistCase, restoreCase } from './persist.js';
export type { PersistedCase } from './persist.js';
export type { NormTriggers, RouteContext, RouteDefinition } from './route.js';
export { RouteDefinitionFileSchema, routeKey, RouteVersionSchema } from './route-format.js';
export type { RouteDefinitionFile, RouteDefinitionInput } from './route-format.js';
export { checkRouteDefinition, compileRoute, RouteDefinitionError } from './route-compiler.js';
export {
  compareVersions,
  createRouteRegistry,
  requireRoute,
  RouteUnavailableError,
} from './route-registry.js';
export { pinnedRouteStart, UNPINNED_ROUTE_VERSION } from './route-pin.js';
export type { RouteRegistry, RouteSource } from './route-registry.js';
export {
  isMigrationEntry,
  migrateCase,
  MIGRATION_EVENT,
  MigrationRequestSchema,
  previewOf,
} from './route-migration.js';
export type {
  MigrationDecision,
  MigrationEntry,
  MigrationPayload,
  MigrationPreview,
  MigrationRefusal,
  MigrationRequest,
  RouteVersionRef,
} from './route-migration.js';
export { toInstant } from './time.js';
export type { Instant } from './time.js';
export { summariseUpdatedCase, viewCase, viewUpdatedCase } from './view.js';
export type { CaseUpdateSummary, CaseUpdateView, CaseView, NormInUse } from './view.js';
export {
  scenarioEventInput,
  ScenarioEventSchema,
  ScenarioSchema,
  shiftedRunCaveats,
  usesCalendarDaysOnly,
} from './scenario.js';
export type { Scenario, ScenarioEvent, ScenarioInput } from './scenario.js';
export { runClockTo, ScenarioStartError, simulate } from './simulate.js';
export type { ScheduledMigration, SimulateOptions, SimulationResult } from './simulate.js';
export { reportOf } from './report.js';
export type { ScenarioReport, StageSpan } from './report.js';
export { parseRegionConfig, RegionConfigSchema } from './region-config.js';
export type { RegionConfig } from './region-config.js';
export { normTable } from './norm-table.js';
export { listedVisibility, visibilityOf } from './visibility.js';
export type { CaseVisibility, RiskStatus } from './visibility.js';
export { canonical, hashOf } from './canonical.js';
export { eventDifferences } from './event-match.js';
export type { ReceivedEventInput } from './event-match.js';
export { chainHead, genesisHash, verifyChain } from './journal-chain.js';
export type { ChainBreak } from './journal-chain.js';
export { kpiReport } from './kpi.js';
export type { KpiReport, Spread } from './kpi.js';
export { mermaidDiagram } from './route-diagram.js';
