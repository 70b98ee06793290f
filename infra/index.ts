export { cacheDir, temporalCliPath, testServerPath } from './binaries.js';
