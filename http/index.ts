export {
  AccessConfigSchema,
  AccessControl,
  AccessFile,
  ApiRoleSchema,
  loadAccessConfig,
  parseAccessConfig,
} from './access.js';
export type {
  AccessConfig,
  AccessConfigInput,
  AccessFileEvents,
  AccessProblem,
  ApiRole,
  Principal,
} from './access.js';
export { fileAuditLog } from './audit.js';
export type { AuditEntry, AuditLog, FileAuditLog } from './audit.js';
export {
  DASHBOARD_PAGE,
  dashboardData,
  dashboardDataFromRead,
  termInDays,
  WAITING_LIST_NORM,
} from './dashboard.js';
export { DASHBOARD_LIST_LIMIT, DASHBOARD_READ_LIMIT, readDashboardCases } from './dashboard-read.js';
export type { DashboardLimits, DashboardRead } from './dashboard-read.js';
export { DashboardDataSchema } from './dashboard-schemas.js';
export type { DashboardData } from './dashboard-schemas.js';
export { buildOpenApiDocument } from './openapi.js';
export { REJECTION_STATUS, ROUTES } from './routes.js';
export type { RouteSpec } from './routes.js';
export { createHttpServer, startHttpServer } from './server.js';
export type { HttpServerOptions } from './server.js';
export { accessConfigPath, accessLogPath, runServe, SERVE_USAGE } from './serve.js';
