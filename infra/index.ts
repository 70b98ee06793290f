export { cacheDir, temporalCliPath, testServerPath } from './binaries.js';
export { startTimeSkippingServer, type TimeSkippingStartOptions } from './time-skipping.js';
