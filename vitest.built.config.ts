import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Suites that run the built portal as a process (after `next build`): the crash harness and the
// fuzz suite.
export default defineConfig({
  resolve: {
    alias: {
      'server-only': fileURLToPath(new URL('./scripts/empty-module.ts', import.meta.url)),
      '@': fileURLToPath(new URL('.', import.meta.url)),
    },
  },
  test: {
    setupFiles: ['./scripts/test-support/quiet-logs.ts'],
    include: ['scripts/crash/**/*.test.ts', 'scripts/fuzz/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One engine at a time: each run loads both cores.
    fileParallelism: false,
  },
});
