import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { startRelay } from './support/relay';
import { DEMO_ADMIN } from './support/staff';

// The entry server decides who the client is. This file runs a portal of its own (on the e2e
// sandbox) that trusts 127.0.0.2 as its proxy and allows 2 self-signups per address per hour, and
// reaches it through a relay (e2e/support/relay.ts) that connects either as that trusted proxy or
// as an untrusted peer (127.0.0.3) forwarding whatever X-Forwarded-For the browser sent.

const PORT = Number(process.env.E2E_PORT ?? 3100) + 2;
const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4110);
const DATA_DIR = `${process.env.E2E_DATA_DIR ?? '.data-test/e2e'}-entry`;
const LOG_FILE = `${DATA_DIR}.log`;

let server: ChildProcess;
let relay: Awaited<ReturnType<typeof startRelay>>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  relay = await startRelay(PORT);
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(path.dirname(LOG_FILE), { recursive: true });
  const out = openSync(LOG_FILE, 'w');
  server = spawn(process.execPath, ['--import', 'tsx', 'scripts/server.ts'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATA_DIR,
      PUBLIC_BASE_URL: relay.url,
      OPENFINANCE_ENV: 'sandbox',
      OPENFINANCE_API_URL: `http://localhost:${SANDBOX_PORT}`,
      TRUSTED_PROXIES: '127.0.0.2',
      CUSTOMER_SIGNUP_LIMIT: '2',
    },
    stdio: ['ignore', out, out],
    detached: true,
  });
  const deadline = Date.now() + 150_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/api/ping`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (server.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the entry server did not start:\n${readFileSync(LOG_FILE, 'utf8')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
});

test.afterAll(async () => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((resolve) =>
      server.exitCode === null ? server.once('exit', resolve) : resolve(null),
    );
  }
  await relay?.close();
});

const untrusted = (spoofed: string) => ({ 'X-Forwarded-For': spoofed });
const viaProxy = (client: string, extra: Record<string, string> = {}) => ({
  'x-relay-mode': 'proxy',
  'x-relay-client': client,
  ...extra,
});

async function withPage<T>(
  browser: Browser,
  headers: Record<string, string>,
  work: (page: Page) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext({ baseURL: relay.url, extraHTTPHeaders: headers });
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

async function signIn(page: Page, email: string, password: string): Promise<string> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const signOut = page.getByRole('button', { name: 'Sign out' });
  const message = page.getByRole('status').filter({ hasText: /\S/ });
  await expect(signOut.or(message).first()).toBeVisible();
  return (await signOut.isVisible()) ? 'signed in' : ((await message.first().textContent()) ?? '');
}

const INVALID = 'That email and password do not match a staff account.';
const THROTTLED = /^Too many failed sign-in attempts/;

/** 20 failed sign-ins (the per-address limit), each for another email and a new spoofed hop. */
async function failTwentyTimes(page: Page, headers: (i: number) => Record<string, string>) {
  for (let i = 0; i < 20; i++) {
    await page.setExtraHTTPHeaders(headers(i));
    expect(await signIn(page, `nobody-${randomUUID()}@example.com`, 'not-the-password')).toBe(
      INVALID,
    );
  }
}

test('a spoofed X-Forwarded-For from an untrusted peer does not escape the sign-in limit', async ({
  browser,
}) => {
  await withPage(browser, {}, async (page) => {
    await failTwentyTimes(page, (i) => untrusted(`198.51.100.${i + 1}`));
    await page.setExtraHTTPHeaders(untrusted('198.51.100.200'));
    expect(await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password)).toMatch(THROTTLED);
  });
});

test('behind the trusted proxy, each client is counted by the hop the proxy added', async ({
  browser,
}) => {
  await withPage(browser, {}, async (page) => {
    // The browser also sends a made-up X-Forwarded-For; the proxy appends the real address.
    await failTwentyTimes(page, (i) => ({
      ...viaProxy('203.0.113.7'),
      'X-Forwarded-For': `198.51.100.${i + 1}`,
    }));
    await page.setExtraHTTPHeaders({ ...viaProxy('203.0.113.7'), 'X-Forwarded-For': '192.0.2.1' });
    expect(await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password)).toMatch(THROTTLED);
  });
  await withPage(browser, viaProxy('203.0.113.8'), async (page) => {
    expect(await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password)).toBe('signed in');
  });
});

async function startAsNewCustomer(page: Page): Promise<string> {
  await page.goto('/link');
  await page.getByLabel('First name').fill('Entry');
  await page.getByLabel('Last name').fill('Server');
  await page.getByRole('button', { name: 'Start' }).click();
  const started = page.getByText('Signed in as Entry Server.');
  const refused = page.getByText(/^Too many new customers were started from your network/);
  await expect(started.or(refused)).toBeVisible();
  return (await started.isVisible()) ? 'started' : 'refused';
}

test('the self-signup limit counts the real address, and the trusted proxy’s hop', async ({
  browser,
}) => {
  for (const [spoofed, outcome] of [
    ['198.51.100.1', 'started'],
    ['198.51.100.2', 'started'],
    ['198.51.100.3', 'refused'],
  ] as const) {
    expect(await withPage(browser, untrusted(spoofed), startAsNewCustomer)).toBe(outcome);
  }
  expect(await withPage(browser, viaProxy('203.0.113.20'), startAsNewCustomer)).toBe('started');
});

test('every request has an id: the trusted proxy’s, or a new one; log lines carry it', async ({
  browser,
  request,
}) => {
  const forged = await request.get(`${relay.url}/api/ping`, {
    headers: { 'X-Request-Id': 'chosen-by-a-client' },
  });
  expect(forged.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

  const requestId = `proxy-${randomUUID()}`;
  const kept = await request.get(`${relay.url}/api/ping`, {
    headers: { ...viaProxy('203.0.113.30'), 'X-Request-Id': requestId },
  });
  expect(kept.headers()['x-request-id']).toBe(requestId);

  // Self-signup creates the customer upstream: those log lines name the request that caused them.
  const outcome = await withPage(
    browser,
    viaProxy('203.0.113.31', { 'X-Request-Id': requestId }),
    startAsNewCustomer,
  );
  expect(outcome).toBe('started');
  const lines = readFileSync(LOG_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; requestId?: string; endpoint?: string });
  const upstream = lines.filter(
    (l) => l.requestId === requestId && l.msg === 'openfinance request',
  );
  expect(upstream.map((l) => l.endpoint)).toContain('POST /aggregation/v2/customers/testing');
});
