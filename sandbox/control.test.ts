import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readSandboxEnv } from './config';
import { DEMO_CONSUMER_ID, DEMO_CUSTOMER_ID, DEMO_INSTITUTION_LOGIN_ID } from './store';
import {
  APP_KEY,
  PARTNER_ID,
  startReceiver,
  startTestSandbox,
  type TestSandbox,
} from './test-helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.control('POST', '/reset');
  t.dropToken();
});

const AUTH_ENDPOINT = 'POST /aggregation/v2/partners/authentication';

describe('control API', () => {
  it('answers health and unknown paths/methods with error bodies', async () => {
    expect((await t.control('GET', '/health')).body).toEqual({ ok: true });
    const missing = await t.request('GET', '/aggregation/v9/nothing');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 14001, message: 'Resource not found.' });
    const method = await t.request('PATCH', '/aggregation/v1/customers');
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toContain('GET');
    expect(method.body.message).toContain('not allowed');
  });

  it('counts API requests per endpoint', async () => {
    await t.control('DELETE', '/requests');
    await t.api('GET', '/aggregation/v1/customers');
    await t.api('GET', `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}`);
    await t.api('GET', '/aggregation/v1/customers/42');
    const auth = await t.control('GET', `/requests?endpoint=${encodeURIComponent(AUTH_ENDPOINT)}`);
    expect(auth.body.count).toBe(1);
    const byId = await t.control(
      'GET',
      `/requests?endpoint=${encodeURIComponent('GET /aggregation/v1/customers/{customerId}')}`,
    );
    expect(byId.body.count).toBe(2);
    expect(byId.body.requests.map((r: { status: number }) => r.status)).toEqual([200, 404]);
  });

  it('injects faults per endpoint: 5xx, 429, dropped connection, latency; reset clears them', async () => {
    const endpoint = 'GET /aggregation/v1/customers';
    expect((await t.control('POST', '/faults', { endpoint, status: 503, times: 1 })).status).toBe(
      201,
    );
    const failed = await t.api('GET', '/aggregation/v1/customers');
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe(503);
    expect((await t.api('GET', '/aggregation/v1/customers')).status).toBe(200);

    await t.control('POST', '/faults', { endpoint, status: 429 });
    expect((await t.api('GET', '/aggregation/v1/customers')).status).toBe(429);
    expect((await t.api('GET', `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}`)).status).toBe(200);
    await t.control('DELETE', '/faults');

    await t.control('POST', '/faults', { endpoint, drop: true, times: 1 });
    await expect(t.api('GET', '/aggregation/v1/customers')).rejects.toThrow();
    expect((await t.api('GET', '/aggregation/v1/customers')).status).toBe(200);

    await t.control('POST', '/faults', { endpoint, latencyMs: 20 });
    expect((await t.api('GET', '/aggregation/v1/customers')).status).toBe(200);
    expect((await t.control('GET', '/faults')).body.faults).toHaveLength(1);
    await t.control('POST', '/reset');
    expect((await t.control('GET', '/faults')).body.faults).toEqual([]);
    expect((await t.control('POST', '/faults', { endpoint })).status).toBe(400);
  });

  it('expires every token on demand', async () => {
    expect((await t.api('GET', '/aggregation/v1/customers')).status).toBe(200);
    await t.control('POST', '/tokens/expire');
    expect((await t.api('GET', '/aggregation/v1/customers')).body.code).toBe(10023);
  });

  it('reads and advances the clock', async () => {
    const before = (await t.control('GET', '/clock')).body;
    const after = (await t.control('POST', '/clock/advance', { duration: '90m' })).body;
    expect(after.offsetMs - before.offsetMs).toBe(90 * 60 * 1000);
    expect((await t.control('POST', '/clock/advance', { duration: 'soon' })).status).toBe(400);
  });

  it('drives sessions: complete, cancel (no webhook), fail; sets aggregation status for Fix', async () => {
    const gen = () =>
      t.api('POST', '/connect/v2/generate', {
        partnerId: PARTNER_ID,
        customerId: DEMO_CUSTOMER_ID,
        singleUseUrl: true,
      });
    const first = await gen();
    const done = await t.control('POST', '/sessions/complete', {
      link: first.body.link,
      profile: 'demo',
      institutionId: 101732,
    });
    expect(done.body.status).toBe('completed');
    expect(done.body.accounts).toHaveLength(8);
    const again = await t.control('POST', '/sessions/complete', { link: first.body.link });
    expect(again.status).toBe(410);

    const second = await gen();
    const cancelled = await t.control('POST', '/sessions/cancel', { link: second.body.link });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', events: [] });

    const third = await gen();
    const failed = await t.control('POST', '/sessions/fail', { link: third.body.link, code: 103 });
    expect(failed.body).toMatchObject({
      status: 'failed',
      events: ['started', 'invalidCredentials'],
    });
    const badPassword = await t.control('POST', '/sessions/complete', {
      link: (await gen()).body.link,
      profile: 'demo',
      password: '125',
      institutionId: 101732,
    });
    expect(badPassword.status).toBe(409);

    const set = await t.control(
      'POST',
      `/institution-logins/${DEMO_INSTITUTION_LOGIN_ID}/aggregation-status`,
      { aggregationStatusCode: 103 },
    );
    expect(set.status).toBe(200);
    const accounts = await t.api(
      'GET',
      `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/institutionLogins/${DEMO_INSTITUTION_LOGIN_ID}/accounts`,
    );
    expect(
      accounts.body.accounts.every(
        (a: { aggregationStatusCode: number }) => a.aggregationStatusCode === 103,
      ),
    ).toBe(true);
    const fix = await t.api('POST', '/connect/v2/generate/fix', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
      institutionLoginId: String(DEMO_INSTITUTION_LOGIN_ID),
    });
    const fixed = await t.control('POST', '/sessions/complete', { link: fix.body.link });
    expect(fixed.body.events).toEqual([
      'started',
      'institutionSupported',
      'adding',
      'credentialsUpdated',
      'done',
    ]);
    const repaired = await t.api(
      'GET',
      `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/institutionLogins/${DEMO_INSTITUTION_LOGIN_ID}/accounts`,
    );
    expect(
      repaired.body.accounts.every(
        (a: { aggregationStatusCode: number }) => a.aggregationStatusCode === 0,
      ),
    ).toBe(true);
  });
});

describe('mailbox', () => {
  it('lands every Send Email in the mailbox, rendered and as JSON', async () => {
    const email = {
      to: 'homer@example.com',
      firstName: 'Homer',
      subject: 'Please connect your bank',
      institutionName: 'Acme Lending',
      institutionAddress: '1 Main St, Murray, UT 84123',
      signature: ['Jane Doe', 'Loan Officer <Acme>'],
      supportPhone: '800-555-0100',
    };
    const sent = await t.api('POST', '/connect/v2/send/email', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
      consumerId: DEMO_CONSUMER_ID,
      email,
    });
    const list = await t.control('GET', '/mailbox');
    expect(list.body.count).toBe(1);
    const message = list.body.messages[0];
    expect(message).toMatchObject({
      to: 'homer@example.com',
      subject: 'Please connect your bank',
      link: sent.body.link,
      signature: email.signature,
    });

    const index = await fetch(`${t.url}/mailbox`);
    const indexHtml = await index.text();
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(indexHtml).toContain('<html lang="en">');
    expect(indexHtml).toContain('<h1>Sandbox mailbox</h1>');
    expect(indexHtml).toContain(`/mailbox/${message.id}`);

    const page = await (await fetch(`${t.url}/mailbox/${message.id}`)).text();
    expect(page).toContain('<h1>Please connect your bank</h1>');
    expect(page).toContain('Hi Homer,');
    expect(page).toContain('Loan Officer &lt;Acme&gt;');
    expect(page).toContain('1 Main St, Murray, UT 84123');
    expect(page).toContain(`href="${sent.body.link.replace(/&/g, '&amp;')}"`);
    expect(page).toContain('Connect your accounts');

    await t.api('POST', '/connect/v2/send/email', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
      consumerId: DEMO_CONSUMER_ID,
      email: { to: 'x@example.com' },
    });
    const second = (await t.control('GET', '/mailbox')).body.messages[1];
    expect(second.subject).toBe('Verify your Financial Information');
    expect(await (await fetch(`${t.url}/mailbox/${second.id}`)).text()).toContain('Hello,');
  });
});

describe('control API disabled', () => {
  it('refuses /__sandbox/* but keeps health', async () => {
    const off = await startTestSandbox({ controlApi: false });
    try {
      expect((await off.control('POST', '/reset')).status).toBe(404);
      expect((await off.control('GET', '/requests')).status).toBe(404);
      expect((await off.control('GET', '/health')).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});

describe('persistence', () => {
  it('keeps customers, links, deliveries, mailbox and the clock across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-restart-'));
    try {
      const first = await startTestSandbox({ dataDir });
      const created = await first.api('POST', '/aggregation/v2/customers/testing', {
        username: 'survivor_1',
      });
      const token = await first.token();
      await first.api('POST', '/connect/v2/send/email', {
        partnerId: PARTNER_ID,
        customerId: DEMO_CUSTOMER_ID,
        consumerId: DEMO_CONSUMER_ID,
        email: { to: 'a@example.com' },
      });
      await first.control('POST', '/clock/advance', { duration: '10m' });
      await first.stop();

      const second = await startTestSandbox({ dataDir });
      expect(
        (await second.api('GET', `/aggregation/v1/customers/${created.body.id}`)).body.username,
      ).toBe('survivor_1');
      expect((await second.control('GET', '/mailbox')).body.count).toBe(1);
      expect((await second.control('GET', '/links')).body.count).toBe(1);
      expect((await second.control('GET', '/clock')).body.offsetMs).toBeGreaterThanOrEqual(600_000);
      const reused = await second.request('GET', '/aggregation/v1/customers', {
        headers: { 'Finicity-App-Key': APP_KEY, 'Finicity-App-Token': token },
      });
      expect(reused.status).toBe(200);
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('configuration', () => {
  it('uses the documented defaults and reports bad values in one message', () => {
    const ok = readSandboxEnv({});
    expect(ok.ok && ok.options).toMatchObject({
      port: 4010,
      partnerId: '1445585709680',
      controlApi: true,
      publicUrl: 'http://localhost:4010',
    });
    // Every variable of .env.example as written there (blank ones mean "the default").
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const fromExample = Object.fromEntries(
      example
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const copied = readSandboxEnv(fromExample);
    expect(copied.ok && copied.options).toMatchObject({ publicUrl: 'http://localhost:4010' });
    const bad = readSandboxEnv({ SANDBOX_PORT: '99999', SANDBOX_CONTROL_API: 'maybe' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toHaveLength(2);
  });
});

describe('webhook bursts', () => {
  it('sends distinct signed events to a URL, retries what failed, and sums them up', async () => {
    const receiver = await startReceiver(503);
    try {
      const burst = await t.control('POST', '/webhooks/burst', {
        url: receiver.url,
        count: 12,
        concurrency: 4,
      });
      expect(burst.status).toBe(202);
      const { customerId } = burst.body as { customerId: string };
      const summary = async () =>
        (await t.control('GET', `/deliveries/summary?customerId=${customerId}`)).body as Record<
          string,
          number
        >;
      await expect.poll(async () => (await summary()).unattempted).toBe(0);
      expect(await summary()).toMatchObject({ count: 12, pending: 12, delivered: 0 });
      // Retries of a refused event repeat its id; the burst itself is 12 distinct events.
      const bodies = receiver.received.map(
        (r) => JSON.parse(r.body.toString()) as Record<string, unknown>,
      );
      expect(new Set(bodies.map((b) => b.eventId)).size).toBe(12);
      expect(bodies.every((b) => b.customerId === customerId && b.eventType === 'added')).toBe(
        true,
      );
      expect(receiver.received[0]!.headers['x-finicity-signature']).toMatch(/^[0-9a-f]{64}$/);
      receiver.status = 200;
      await t.control('POST', '/clock/advance', { duration: '2h' });
      await expect.poll(async () => (await summary()).delivered).toBe(12);
      expect(await summary()).toMatchObject({ pending: 0, due: 0, okAttempts: 12 });
    } finally {
      await receiver.close();
    }
  });

  it('refuses a burst without a URL or with counts out of range', async () => {
    expect((await t.control('POST', '/webhooks/burst', {})).status).toBe(400);
    const url = 'http://127.0.0.1:9/hook';
    expect((await t.control('POST', '/webhooks/burst', { url, count: 0 })).status).toBe(400);
    expect((await t.control('POST', '/webhooks/burst', { url, count: 4001 })).status).toBe(400);
    expect((await t.control('POST', '/webhooks/burst', { url, concurrency: 65 })).status).toBe(400);
  });
});
