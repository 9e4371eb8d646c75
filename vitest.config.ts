import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      // `server-only` throws outside Next's server build; tests import server modules directly.
      'server-only': fileURLToPath(new URL('./scripts/empty-module.ts', import.meta.url)),
      '@': fileURLToPath(new URL('.', import.meta.url)),
    },
  },
  test: {
    setupFiles: ['./scripts/test-support/quiet-logs.ts'],
    include: ['{lib,sandbox,app,components,scripts}/**/*.test.ts'],
    // Suites of the built portal run after `next build` (vitest.built.config.ts).
    exclude: ['scripts/crash/**', 'scripts/fuzz/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
