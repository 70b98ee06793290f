import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:postgres`: the tests that run on the Temporal server on PostgreSQL (npm run start:postgres's
// stack), kept out of `npm test` because they need `scripts/setup.sh --postgres` (a Go build on a fresh machine).
// CI runs both (.ci/run). One file at a time: each starts PostgreSQL, a Temporal server and two or three workers
// that bundle the workflow code, which is all two cores carry without starving a worker's start.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/postgres/**/*.test.ts'],
    exclude: [...configDefaults.exclude],
    fileParallelism: false,
    maxWorkers: 1,
  },
});
