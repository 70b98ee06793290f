export { cacheDir, temporalCliPath, testServerPath } from './binaries.js';
export { startTimeSkippingServer, type TimeSkippingStartOptions } from './time-skipping.js';
export { temporalServerPath, temporalSqlToolPath } from './binaries.js';
export { freeLoopbackPorts, loopbackPortIsFree } from './loopback-ports.js';
export { postgresBinDir, startPostgres, type PostgresOptions, type RunningPostgres } from './postgres.js';
export { startPostgresStack, type PostgresStack, type PostgresStackOptions } from './postgres-stack.js';
export {
  prepareNamespace,
  setUpSchemas,
  startTemporalServer,
  type RunningTemporalServer,
  type TemporalServerOptions,
  type TemporalServerPorts,
} from './temporal-server.js';
export { exited, spawnWatched, type WatchedProcessOptions } from './watched-process.js';
