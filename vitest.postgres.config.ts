import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:postgres`: the tests that run on the Temporal server on PostgreSQL (npm run start:postgres's
// stack), kept out of `npm test` because they need `scripts/setup.sh --postgres` (a Go build on a fresh machine).
// CI runs both (.ci/run). Besides test/postgres/, the workflow tests written for the dev server run here unchanged:
// PASSEND_TEST_SERVER=postgres makes startDevEnv() (test/support/temporal-env.ts) start a scratch PostgreSQL stack
// instead. Files on the time-skipping server only add nothing here; test/e2e/ starts `npm start`, which starts its
// own dev server. One file at a time: each starts PostgreSQL, a Temporal server and two or three workers that
// bundle the workflow code, which is all two cores carry without starving a worker's start.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'test/postgres/**/*.test.ts',
      'test/workflows/correction.test.ts',
      'test/workflows/encrypted-payloads.test.ts',
      'test/workflows/event-validation.test.ts',
      'test/workflows/notifications.test.ts',
      'test/workflows/one-child.test.ts',
      'test/workflows/route-migration.test.ts',
      'test/workflows/route-version-pinning.test.ts',
      'test/workflows/sealed-payloads.test.ts',
      'test/workflows/search-attributes.test.ts',
      'test/faults/query-after-fired-timer.test.ts',
      // The longest overdue beyond the limit, found with count queries on PostgreSQL's visibility, and the
      // dashboard's sampled lists (startHttpEnv starts the dev env too).
      'test/client/longest-overdue.test.ts',
      'test/dashboard/dashboard-read-limit.test.ts',
    ],
    exclude: [
      ...configDefaults.exclude,
      // Needs a namespace without the case search attributes, which the stack registers at start (and compares
      // the dev server's refusal with the time-skipping server's).
      'test/workflows/search-attributes-missing.test.ts',
    ],
    env: { ...base.test?.env, PASSEND_TEST_SERVER: 'postgres' },
    fileParallelism: false,
    maxWorkers: 1,
  },
});
