import { defineConfig } from '@playwright/test';

// The e2e suite runs the built portal and the sandbox on ports and a data folder of its own,
// so it can run beside a dev server. Browsers: Debian's Chromium (Playwright cannot download).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4110);
const DATA_DIR = process.env.E2E_DATA_DIR ?? '.data-test/e2e';
export const MASTERCARD_PORT = PORT + 1;

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/e2e-results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      command: `rm -rf ${DATA_DIR} && node_modules/.bin/tsx scripts/start.ts start`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(PORT),
        SANDBOX_PORT: String(SANDBOX_PORT),
        DATA_DIR,
        PUBLIC_BASE_URL: `http://127.0.0.1:${PORT}`,
        OPENFINANCE_ENV: 'sandbox',
        NEXT_TELEMETRY_DISABLED: '1',
        // Every test starts as a new customer from 127.0.0.1; the limit itself has a unit test.
        CUSTOMER_SIGNUP_LIMIT: '10000',
        // Short enough for a test to outwait a slowed sandbox (staff-emails.spec.ts).
        OPENFINANCE_WRITE_TIMEOUT_MS: '5000',
      },
    },
    {
      // A second portal in mastercard mode (self-signup off by default), pointed at the same
      // sandbox with the demo credentials, as a partner would point it at Mastercard.
      command: `rm -rf ${DATA_DIR}-mastercard && node_modules/.bin/tsx scripts/start.ts start`,
      url: `http://127.0.0.1:${MASTERCARD_PORT}/api/ping`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        OPENFINANCE_ENV: 'mastercard',
        OPENFINANCE_API_URL: `http://localhost:${SANDBOX_PORT}`,
        OPENFINANCE_PARTNER_ID: '1445585709680',
        OPENFINANCE_PARTNER_SECRET: 'SandboxDemoSecret2026',
        OPENFINANCE_APP_KEY: '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25',
        AUTH_SECRET: 'e2e-mastercard-mode-auth-secret-0123456789',
        PORT: String(MASTERCARD_PORT),
        PUBLIC_BASE_URL: `http://127.0.0.1:${MASTERCARD_PORT}`,
        DATA_DIR: `${DATA_DIR}-mastercard`,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  ],
});
