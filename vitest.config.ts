import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // On the Temporal server on PostgreSQL: `npm run test:postgres` (vitest.postgres.config.ts), which CI runs too.
    exclude: [...configDefaults.exclude, 'test/postgres/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each workflow test file starts its own Temporal server and native runtime: separate processes, two at a time.
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
