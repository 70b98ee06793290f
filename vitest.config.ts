import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each workflow test file starts its own Temporal server and native runtime: separate processes, two at a time.
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
