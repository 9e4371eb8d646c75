import { defineConfig } from '@playwright/test';

// The sandbox's hosted Connect pages driven by the official connect-web-sdk in Debian's
// Chromium: the sandbox on http://localhost:4210 (its own fresh data folder) and a partner page
// on a third origin, http://127.0.0.1:4211, that embeds it and receives its webhooks.
const SANDBOX_PORT = 4210;
const PARTNER_PORT = 4211;
const DATA_DIR = '.data-test/sandbox-e2e';

export default defineConfig({
  testDir: 'sandbox/e2e',
  // Its own artifacts folder, so it does not clash with the portal's suite in test-results/.
  outputDir: 'test-results/sandbox-e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/sandbox-e2e-results.json' }]],
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      command: `rm -rf ${DATA_DIR} && DATA_DIR=${DATA_DIR} SANDBOX_PORT=${SANDBOX_PORT} node_modules/.bin/tsx sandbox/main.ts`,
      url: `http://127.0.0.1:${SANDBOX_PORT}/__sandbox/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: `PARTNER_PORT=${PARTNER_PORT} node_modules/.bin/tsx sandbox/e2e/partner-site.ts`,
      url: `http://127.0.0.1:${PARTNER_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
