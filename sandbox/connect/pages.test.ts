// The hosted Connect pages over HTTP: screens, SDK messages, webhooks and timing on the sandbox
// clock, without a browser (the Playwright suite in sandbox/e2e drives them with the real SDK).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FINBANK } from '../profiles';
import { DEMO_CONSUMER_ID, DEMO_CUSTOMER_ID } from '../store';
import {
  PARTNER_ID,
  startReceiver,
  startTestSandbox,
  type Receiver,
  type TestSandbox,
} from '../test-helpers';

interface Message {
  seq: number;
  type: string;
  data?: Record<string, unknown>;
  url?: string;
}
interface State {
  version: number;
  messages: Message[];
  alert: boolean;
  ended: boolean;
  screen?: string;
  html?: string;
  redirect?: string;
  navigate?: string;
}

let t: TestSandbox;
let hook: Receiver;

beforeAll(async () => {
  t = await startTestSandbox();
  hook = await startReceiver();
});
afterAll(async () => {
  await t.close();
  await hook.close();
});
beforeEach(async () => {
  await t.control('POST', '/reset');
  t.dropToken();
  hook.received.length = 0;
});

function bootOf(page: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="connect-boot">([\s\S]*?)<\/script>/.exec(page);
  if (!m?.[1]) throw new Error('no boot data');
  return JSON.parse(m[1]) as Record<string, unknown>;
}

async function generate(
  path = '/connect/v2/generate',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await t.api('POST', path, {
    partnerId: PARTNER_ID,
    customerId: DEMO_CUSTOMER_ID,
    webhook: hook.url,
    webhookData: { linkId: 'test-link' },
    ...extra,
  });
  expect(res.status, res.text).toBe(200);
  return res.body.link as string;
}

/** A browser session over HTTP: the page, then actions and polls as client.js makes them. */
async function open(link: string) {
  const url = new URL(link);
  const res = await fetch(`${t.url}/connect${url.search}`);
  const page = await res.text();
  const boot = bootOf(page);
  const id = boot.session as string;
  let version = boot.version as number;
  const posted: Message[] = [...(boot.messages as Message[])];
  let seq = Math.max(0, ...posted.map((m) => m.seq));
  const take = (state: State) => {
    version = state.version;
    for (const m of state.messages) if (m.seq > seq) posted.push(m);
    seq = Math.max(seq, ...state.messages.map((m) => m.seq));
    return state;
  };
  return {
    id,
    page,
    status: res.status,
    headers: res.headers,
    posted,
    screen: () => (boot.screen as string) ?? 'landing',
    async act(action: string, fields: Record<string, unknown> = {}): Promise<State> {
      const r = await t.request<State>('POST', `/connect/s/${id}/action?v=${version}&seq=${seq}`, {
        body: { action, ...fields },
      });
      expect(r.status, r.text).toBe(200);
      return take(r.body);
    },
    async poll(): Promise<State> {
      const r = await t.request<State>('GET', `/connect/s/${id}/poll?v=${version}&seq=${seq}`);
      expect(r.status, r.text).toBe(200);
      return take(r.body);
    },
    types: () => posted.map((m) => m.type),
    routes: () => posted.filter((m) => m.type === 'route').map((m) => m.data?.screen),
  };
}

interface WebhookEvent {
  eventType: string;
  customerId: string;
  payload: { accounts?: unknown[] };
  webhookData?: { linkId?: string };
}

/** A new Full session with FinBank OAuth chosen, at its "Continue to FinBank OAuth" screen. */
async function openAtFinBankOAuth() {
  const s = await open(await generate());
  await s.act('accept');
  await s.act('search', { query: 'FinBank OAuth' });
  await s.act('choose', { institutionId: String(FINBANK.oauth) });
  return s;
}

async function events(count: number): Promise<WebhookEvent[]> {
  await hook.waitFor(count + 1); // + ping
  return hook.received
    .map((r) => JSON.parse(r.body.toString('utf8')) as WebhookEvent)
    .filter((e) => e.eventType !== 'ping');
}

async function advance(duration: string) {
  const r = await t.control('POST', '/clock/advance', { duration });
  expect(r.status).toBe(200);
}

describe('hosted Connect pages', () => {
  it('runs a Full session: wrong credentials, then success, with SDK messages and webhooks in order', async () => {
    const s = await open(await generate());
    expect(s.status).toBe(200);
    expect(s.page).toContain('<html lang="en">');
    expect(s.page).toMatch(/<h1[^>]*>Connect your accounts<\/h1>/);
    expect(s.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(s.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(s.headers.get('set-cookie')).toBeNull();

    let st = await s.act('accept');
    expect(st.screen).toBe('search');
    expect(st.html).toContain('Popular institutions');
    st = await s.act('search', { query: 'zzzqqq' });
    expect(st.html).toContain('0 institutions found');
    st = await s.act('search', { query: 'FinBank' });
    expect(st.html).toContain('FinBank OAuth');
    st = await s.act('choose', { institutionId: String(FINBANK.finbank) });
    expect(st.screen).toBe('institution');
    st = await s.act('next');
    expect(st.screen).toBe('login');
    st = await s.act('login', { username: 'invalid_user', password: 'go' });
    expect(st.screen).toBe('login');
    expect(st.html).toContain('Incorrect sign in');
    expect(st.html).toContain('role="alert"');
    st = await s.act('login', { username: 'demo', password: 'go' });
    expect(st.screen).toBe('accounts');
    const ids = [...(st.html ?? '').matchAll(/name="accountIds" value="(\d+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(8);
    st = await s.act('save', { accountIds: ids.slice(0, 2) });
    expect(st.screen).toBe('review');
    st = await s.act('submit');
    expect(st.screen).toBe('success');
    expect(st.ended).toBe(true);

    expect(s.routes()).toEqual([
      'landing',
      'search',
      'search',
      'search',
      'sign-in',
      'login',
      'account-selection',
      'review',
      'success',
    ]);
    const users = s.posted.filter((m) => m.type === 'user').map((m) => m.data);
    expect(users.map((u) => u?.action)).toEqual([
      'AddAccounts',
      'AddAccounts',
      'DisplayAlert',
      'AddAccounts',
      'AddAccounts',
      'End',
    ]);
    expect(users[1]).toMatchObject({ success: false, errorCode: 103 });
    expect(users[4]).toMatchObject({ success: true, accounts: 2, errorCode: null });
    const last = s.posted[s.posted.length - 1];
    expect(last).toMatchObject({ type: 'done', data: { code: 200, reason: 'complete' } });
    expect(s.types().filter((x) => ['done', 'cancel', 'error'].includes(x))).toHaveLength(1);

    const evs = await events(9);
    expect(evs.map((e) => e.eventType)).toEqual([
      'started',
      'institutionNotFound',
      'institutionSupported',
      'adding',
      'invalidCredentials',
      'adding',
      'discovered',
      'added',
      'done',
    ]);
    expect(evs.every((e) => e.webhookData?.linkId === 'test-link')).toBe(true);
    expect(evs[7]?.payload.accounts).toHaveLength(2);
    // After a session, a further action changes nothing.
    const after = await s.act('exit');
    expect(after.ended).toBe(true);
    expect(s.types().filter((x) => x === 'cancel')).toHaveLength(0);
  });

  it('refuses edited, expired and spent links with an error page and no session', async () => {
    const link = await generate('/connect/v2/generate', { singleUseUrl: true });
    const edited = link.replace(/customerId=\d+/, 'customerId=1005069999');
    const r1 = await fetch(`${t.url}/connect${new URL(edited).search}`);
    expect(r1.status).toBe(400);
    const b1 = bootOf(await r1.text());
    expect(b1.refused).toBe('invalid');
    expect(b1.exit).toEqual({ type: 'error', data: { code: 500, reason: 'error' } });
    expect((b1.messages as Message[])[0]?.data).toEqual({
      screen: 'error',
      params: { code: 'link-invalid' },
    });

    // Spent: a completed single-use link.
    const s = await open(link);
    await t.control('POST', '/sessions/complete', { link });
    await s.poll();
    const r2 = await fetch(`${t.url}/connect${new URL(link).search}`);
    expect(r2.status).toBe(410);
    expect(bootOf(await r2.text()).refused).toBe('used');

    const fresh = await generate('/connect/v2/generate', {
      redirectUri: 'https://partner.example/return',
    });
    await advance('2h');
    const r3 = await fetch(`${t.url}/connect${new URL(fresh).search}`);
    expect(r3.status).toBe(410);
    const b3 = bootOf(await r3.text());
    expect(b3.refused).toBe('expired');
    expect(b3.redirect).toBe('https://partner.example/return?code=500&reason=error');
  });

  it('alerts after 5 minutes of inactivity and ends the session 2 minutes later with 1440', async () => {
    const link = await generate();
    const s = await open(link);
    await s.act('accept');
    await advance('4m59s');
    expect((await s.poll()).alert).toBe(false);
    await advance('1s');
    const alerted = await s.poll();
    expect(alerted.alert).toBe(true);
    expect(alerted.messages.some((m) => m.data?.alertType === 'timeout')).toBe(true);
    // Continue resets the timer.
    expect((await s.act('continue')).alert).toBe(false);
    await advance('6m');
    expect((await s.poll()).alert).toBe(true);
    await advance('1m');
    const ended = await s.poll();
    expect(ended.ended).toBe(true);
    expect(ended.screen).toBe('timeout');
    expect(s.posted[s.posted.length - 1]).toMatchObject({
      type: 'error',
      data: { code: 1440, reason: 'timeout' },
    });
    const stored = await t.control('GET', `/links/${encodeURIComponent(link)}`);
    expect(stored.body.status).toBe('failed');
  });

  it('gives 10 minutes during OAuth and ends any session 1 hour after it started', async () => {
    const s = await openAtFinBankOAuth();
    const st = await s.act('oauth-start', { mode: 'sdk' });
    expect(st.screen).toBe('oauth');
    await advance('9m');
    expect((await s.poll()).alert).toBe(false);
    await advance('1m');
    expect((await s.poll()).alert).toBe(true);

    const s2 = await open(await generate());
    for (let i = 0; i < 15; i++) {
      await advance('4m');
      await s2.act('continue');
    }
    const ended = await s2.poll();
    expect(ended.ended).toBe(true);
    expect(s2.posted[s2.posted.length - 1]?.data).toEqual({ code: 1440, reason: 'timeout' });
  });

  it('runs OAuth through the SDK url message, the institution page and closePopup', async () => {
    const s = await openAtFinBankOAuth();
    await s.act('oauth-start', { mode: 'sdk' });
    const url = s.posted.find((m) => m.type === 'url')?.url;
    expect(url).toMatch(/\/fi\/oauth\/authorize\?/);
    const fi = await fetch(url as string);
    expect(await fi.text()).toContain('Sign in to FinBank OAuth');
    const form = new URLSearchParams({
      state: s.id,
      return: 'sdk',
      redirect_uri: 'x',
      username: 'demo',
      password: 'go',
      decision: 'allow',
    });
    const posted = await fetch(`${t.url}/fi/oauth/authorize`, {
      method: 'POST',
      body: form,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const back = await fetch(new URL(posted.headers.get('location') ?? '', t.url));
    expect(await back.text()).toContain('You are signed in');
    const st = await s.poll();
    expect(st.screen).toBe('accounts');
    expect(s.types()).toContain('closePopup');
    // A `window` closed message after success changes nothing.
    const again = await s.act('oauth-window', { closed: true, blocked: false });
    expect(again.version).toBe(st.version);
    expect(again.html).toBeUndefined();
  });

  it('asks the SDK to close the institution window before a Fix session’s ending, not after', async () => {
    // A login at FinBank OAuth, linked through an OAuth Lite session, then broken (code 103).
    const back = (s: { id: string }, user: string) =>
      fetch(
        `${t.url}/connect/oauth/callback?state=${s.id}&return=sdk&code=${Buffer.from(user).toString('base64url')}`,
      );
    const lite = await open(
      await generate('/connect/v2/generate/lite', { institutionId: FINBANK.oauth }),
    );
    await lite.act('accept');
    await lite.act('oauth-start', { mode: 'sdk' });
    await back(lite, 'demo');
    const accounts = await lite.poll();
    const ids = [...(accounts.html ?? '').matchAll(/name="accountIds" value="(\d+)"/g)].map(
      (m) => m[1],
    );
    expect((await lite.act('save', { accountIds: ids })).screen).toBe('success');
    const accs = await t.api('GET', `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/accounts`);
    const login = accs.body.accounts.find(
      (a: { institutionId?: string }) => a.institutionId === String(FINBANK.oauth),
    );
    await t.control('POST', `/institution-logins/${login.institutionLoginId}/aggregation-status`, {
      aggregationStatusCode: 103,
    });

    // The Fix session ends as the person comes back: closePopup first, then done (the SDK stops
    // listening at done, so a later closePopup would leave the window open).
    const fix = await open(
      await generate('/connect/v2/generate/fix', {
        institutionLoginId: String(login.institutionLoginId),
      }),
    );
    await fix.act('accept');
    await fix.act('oauth-start', { mode: 'sdk' });
    await back(fix, 'demo');
    const ended = await fix.poll();
    expect(ended.ended).toBe(true);
    const types = fix.types();
    expect(types.filter((type) => type === 'closePopup')).toHaveLength(1);
    expect(types.indexOf('closePopup')).toBeLessThan(types.indexOf('done'));
  });

  it('holds the OAuth url for the oauth-delay; a window reported blocked can still sign in', async () => {
    expect((await t.control('POST', '/oauth-delay', { duration: 'soon' })).status).toBe(400);
    expect((await t.control('POST', '/oauth-delay', { duration: '30s' })).body).toEqual({
      ms: 30_000,
    });
    const s = await openAtFinBankOAuth();
    const started = await s.act('oauth-start', { mode: 'sdk' });
    expect(started.html).toContain('Getting the FinBank OAuth sign-in page ready');
    await advance('29s');
    await s.poll();
    expect(s.types()).not.toContain('url');
    await advance('1s');
    const sent = await s.poll();
    expect(sent.html).toContain('Finish signing in at FinBank OAuth in the other window');
    const url = s.posted.find((m) => m.type === 'url')?.url;
    expect(url).toMatch(/\/fi\/oauth\/authorize\?.*return=sdk/);

    // The partner could not open it, says so, then opens the same address from its own button.
    const blocked = await s.act('oauth-window', { closed: true, blocked: true });
    expect(blocked.html).toContain('The sign-in window was blocked');
    const cb = await fetch(`${t.url}/connect/oauth/callback?state=${s.id}&return=sdk&code=ZGVtbw`);
    expect(await cb.text()).toContain('You are signed in');
    expect((await s.poll()).screen).toBe('accounts');
    expect(s.types()).toContain('closePopup');

    // 0 turns the delay off (so does a reset): `url` goes out with the answer to "Continue".
    expect((await t.control('POST', '/oauth-delay', { ms: 0 })).body).toEqual({ ms: 0 });
    const s2 = await openAtFinBankOAuth();
    await s2.act('oauth-start', { mode: 'sdk' });
    expect(s2.types()).toContain('url');
    await t.control('POST', '/oauth-delay', { duration: '1m' });
    await t.control('POST', '/reset');
    expect((await t.control('GET', '/oauth-delay')).body).toEqual({ ms: 0 });
  });

  it('in popup and tab mode, OAuth continues in the Connect window; a closed FI window can be retried', async () => {
    const s = await openAtFinBankOAuth();
    const st = await s.act('oauth-start', { mode: 'window' });
    expect(st.navigate).toContain('return=window');
    expect(s.types()).not.toContain('url');
    const closed = await s.act('oauth-window', { closed: true, blocked: false });
    expect(closed.html).toContain('Sign-in not finished');
    const retry = await s.act('oauth-start', { mode: 'window' });
    expect(retry.navigate).toBeDefined();
    const cb = await fetch(
      `${t.url}/connect/oauth/callback?state=${s.id}&return=window&code=ZGVtbw`,
      {
        redirect: 'manual',
      },
    );
    expect(cb.status).toBe(303);
    expect(cb.headers.get('location')).toBe(`/connect/s/${s.id}`);
    const page = await fetch(`${t.url}/connect/s/${s.id}`);
    expect(bootOf(await page.text()).screen).toBe('accounts');
  });

  it('presents each MFA kind; "mfa" asks again and "fail" fails with 187', async () => {
    for (const [username, kind] of [
      ['tfa_text', 'text'],
      ['tfa_image', 'image'],
      ['tfa_choice', 'choice'],
      ['tfa_multi', 'imageChoice'],
    ] as const) {
      const s = await open(
        await generate('/connect/v2/generate/lite', { institutionId: FINBANK.finbank }),
      );
      const first = await s.act('accept');
      expect(first.screen).toBe('login');
      const st = await s.act('login', { username, password: 'go' });
      expect(st.screen).toBe('mfa');
      expect(s.posted.find((m) => m.data?.screen === 'mfa')?.data?.params).toMatchObject({
        type: kind,
      });
      if (kind === 'text') {
        const again = await s.act('mfa', { answer: 'mfa' });
        expect(again.html).toContain('Another question');
      }
      const done = await s.act('mfa', { answer: 'Provo' });
      expect(done.screen).toBe('accounts');
    }
    const s = await open(await generate());
    await s.act('accept');
    await s.act('choose', { institutionId: String(FINBANK.finbank) });
    await s.act('next');
    await s.act('login', { username: 'tfa_choice', password: 'go' });
    const failed = await s.act('mfa', { answer: 'fail' });
    expect(failed.screen).toBe('failed');
    expect(failed.html).toContain('(187)');
    expect(s.posted.find((m) => m.data?.screen === 'error')?.data?.params).toEqual({ code: 187 });
    const retried = await s.act('retry');
    expect(retried.screen).toBe('login');
  });

  it('finishes a slow discovery when the sandbox clock passes its end', async () => {
    const s = await open(
      await generate('/connect/v2/generate/lite', { institutionId: FINBANK.finbank }),
    );
    await s.act('accept');
    const st = await s.act('login', { username: 'discovertimeout', password: 'go' });
    expect(st.screen).toBe('discovering');
    expect((await s.poll()).screen).toBeUndefined();
    await advance('61s');
    await s.poll();
    const ready = await s.poll();
    expect(ready.screen ?? 'accounts').toBe('accounts');
    const ids = [
      ...((await s.act('save', { accountIds: [] })).html ?? '').matchAll(/value="(\d+)"/g),
    ];
    expect(ids.length).toBeGreaterThan(0);
  });

  it('Lite ends after account selection; Fix repairs a login a fix_103 user left behind', async () => {
    const lite = await open(
      await generate('/connect/v2/generate/lite', { institutionId: FINBANK.finbank }),
    );
    await lite.act('accept');
    const accounts = await lite.act('login', { username: 'fix_103', password: 'go' });
    const ids = [...(accounts.html ?? '').matchAll(/name="accountIds" value="(\d+)"/g)].map(
      (m) => m[1],
    );
    const done = await lite.act('save', { accountIds: ids });
    expect(done.screen).toBe('success');
    expect(lite.types()).toContain('done');
    const accs = await t.api('GET', `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/accounts`);
    const broken = accs.body.accounts.filter(
      (a: { aggregationStatusCode?: number }) => a.aggregationStatusCode === 103,
    );
    expect(broken).toHaveLength(8);
    const loginId = String(broken[0].institutionLoginId);

    hook.received.length = 0;
    const fixLink = await generate('/connect/v2/generate/fix', { institutionLoginId: loginId });
    const fix = await open(fixLink);
    expect(fix.page).toContain('Reconnect FinBank');
    const login = await fix.act('accept');
    expect(login.screen).toBe('login');
    const wrong = await fix.act('login', { username: 'demo', password: 'nope' });
    expect(wrong.html).toContain('Incorrect sign in');
    const fixed = await fix.act('login', { username: 'fix_103', password: 'go' });
    expect(fixed.screen).toBe('success');
    const evs = await events(7);
    expect(evs.map((e) => e.eventType)).toEqual([
      'started',
      'institutionSupported',
      'adding',
      'invalidCredentials',
      'adding',
      'credentialsUpdated',
      'done',
    ]);
    const after = await t.api(
      'GET',
      `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/institutionLogins/${loginId}/accounts`,
    );
    expect(
      after.body.accounts.every(
        (a: { aggregationStatusCode: number }) => a.aggregationStatusCode === 0,
      ),
    ).toBe(true);
  });

  it('runs the primary borrower, then the joint borrower, in one session', async () => {
    const created = await t.api('POST', '/aggregation/v2/customers/testing', {
      username: `joint_${Date.now()}`,
    });
    const jointId = String(created.body.id);
    const consumer = await t.api('POST', `/decisioning/v1/customers/${jointId}/consumer`, {
      firstName: 'Marge',
      lastName: 'Loanseeke',
      state: 'UT',
      birthday: { year: 1972, month: 3, dayOfMonth: 19 },
      email: 'marge@example.com',
    });
    expect(consumer.status, consumer.text).toBe(201);
    const link = await generate('/connect/v2/generate/jointBorrower', {
      customerId: undefined,
      borrowers: [
        { customerId: DEMO_CUSTOMER_ID, consumerId: DEMO_CONSUMER_ID, type: 'primary' },
        { customerId: jointId, consumerId: consumer.body.id, type: 'jointBorrower' },
      ],
    });
    const s = await open(link);
    for (const who of ['Primary borrower', 'Joint borrower']) {
      const search = await s.act(who === 'Primary borrower' ? 'accept' : 'next');
      expect(search.html).toContain(who);
      await s.act('choose', { institutionId: String(FINBANK.profilesA) });
      await s.act('next');
      const acc = await s.act('login', { username: 'profile_02', password: 'profile_02' });
      const ids = [...(acc.html ?? '').matchAll(/name="accountIds" value="(\d+)"/g)].map(
        (m) => m[1],
      );
      expect(ids).toHaveLength(4);
      await s.act('save', { accountIds: ids });
      const next = await s.act('submit');
      expect(next.screen).toBe(who === 'Primary borrower' ? 'joint' : 'success');
    }
    const evs = await events(10);
    const added = evs.filter((e) => e.eventType === 'added');
    expect(added.map((e) => e.customerId)).toEqual([DEMO_CUSTOMER_ID, jointId]);
    expect(evs.filter((e) => e.eventType === 'done')).toHaveLength(1);
    expect(evs[evs.length - 1]?.eventType).toBe('done');
  });

  it('exit sends cancel and no webhook; a direct-tab session gets the redirectUri outcome', async () => {
    const s = await open(
      await generate('/connect/v2/generate', { redirectUri: 'https://partner.example/done?x=1' }),
    );
    await s.act('exit-prompt');
    const st = await s.act('exit');
    expect(st.ended).toBe(true);
    expect(st.redirect).toBe('https://partner.example/done?x=1&code=100&reason=exit');
    expect(s.posted.filter((m) => m.type === 'cancel')).toEqual([
      expect.objectContaining({ data: { code: 100, reason: 'exit' } }),
    ]);
    expect(s.posted.some((m) => m.data?.alertType === 'exit')).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    const evs = hook.received.map((r) => JSON.parse(r.body.toString()).eventType);
    expect(evs).toEqual(['ping', 'started']);
  });

  it('the control driver runs both borrowers of a joint link as the pages do', async () => {
    const link = await generate('/connect/v2/generate/jointBorrower', {
      customerId: undefined,
      borrowers: [
        { customerId: DEMO_CUSTOMER_ID, consumerId: DEMO_CONSUMER_ID, type: 'primary' },
        { customerId: DEMO_CUSTOMER_ID, consumerId: DEMO_CONSUMER_ID, type: 'jointBorrower' },
      ],
    });
    const done = await t.control('POST', '/sessions/complete', { link });
    expect(done.status, done.text).toBe(200);
    expect(done.body.events.filter((e: string) => e === 'added')).toHaveLength(2);
    expect(done.body.events.filter((e: string) => e === 'done')).toHaveLength(1);
  });
});

describe('framing', () => {
  it('restricts frame-ancestors when configured', async () => {
    const other = await startTestSandbox({ frameAncestors: 'http://127.0.0.1:4211' });
    try {
      const res = await other.api('POST', '/connect/v2/generate', {
        partnerId: PARTNER_ID,
        customerId: DEMO_CUSTOMER_ID,
      });
      const page = await fetch(`${other.url}/connect${new URL(res.body.link).search}`);
      expect(page.headers.get('content-security-policy')).toContain(
        'frame-ancestors http://127.0.0.1:4211',
      );
    } finally {
      await other.close();
    }
  });
});
