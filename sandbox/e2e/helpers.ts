// Shared steps of the sandbox Playwright suite: links from the sandbox API, the partner page's
// recorded SDK events, webhooks received by the partner site, and the Connect screens.
import { createHmac, randomUUID } from 'node:crypto';
import { expect, type FrameLocator, type Page } from '@playwright/test';

export const SANDBOX = 'http://localhost:4210';
export const SANDBOX_ORIGIN = 'http://localhost:4210';
export const PARTNER = 'http://127.0.0.1:4211';
const PARTNER_ID = '1445585709680';
const SECRET = 'SandboxDemoSecret2026';
const APP_KEY = '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25';
export const CUSTOMER_ID = '1005061234';
export const CONSUMER_ID = '0bf46322c167b562e6cbed9d40e19a4c';
export const FINBANK = 101732;
export const FINBANK_PROFILES_A = 102105;
export const FINBANK_OAUTH = 102224;

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function resetSandbox(): Promise<void> {
  await json(await fetch(`${SANDBOX}/__sandbox/reset`, { method: 'POST' }));
}

export async function advanceClock(duration: string): Promise<void> {
  await json(
    await fetch(`${SANDBOX}/__sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ duration }),
    }),
  );
}

async function token(): Promise<string> {
  const res = await fetch(`${SANDBOX}/aggregation/v2/partners/authentication`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Finicity-App-Key': APP_KEY },
    body: JSON.stringify({ partnerId: PARTNER_ID, partnerSecret: SECRET }),
  });
  return (await json<{ token: string }>(res)).token;
}

export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${SANDBOX}${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Finicity-App-Key': APP_KEY,
      'Finicity-App-Token': await token(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return json<T>(res);
}

export interface GeneratedLink {
  link: string;
  tag: string;
}

/** Generate a link with the partner site's webhook receiver, tagged so each test reads its own. */
export async function generate(
  path = '/connect/v2/generate',
  extra: Record<string, unknown> = {},
): Promise<GeneratedLink> {
  const tag = randomUUID();
  const body = await api<{ link: string }>('POST', path, {
    partnerId: PARTNER_ID,
    customerId: CUSTOMER_ID,
    webhook: `${PARTNER}/hook?tag=${tag}`,
    webhookData: { tag },
    ...extra,
  });
  return { link: body.link, tag };
}

export interface ReceivedHook {
  tag: string;
  headers: Record<string, string>;
  body: string;
}

export interface ConnectEvent {
  eventType: string;
  customerId: string;
  eventId: string;
  payload: Record<string, unknown>;
  webhookData?: Record<string, unknown>;
}

/** Webhooks of one link, in arrival order, after checking each signature independently. */
export async function webhooks(tag: string): Promise<ConnectEvent[]> {
  const hooks = await json<ReceivedHook[]>(await fetch(`${PARTNER}/hooks?tag=${tag}`));
  return hooks.map((h) => {
    const expected = createHmac('sha256', SECRET).update(h.body).digest('hex');
    expect(h.headers['x-finicity-signature']).toBe(expected);
    return JSON.parse(h.body) as ConnectEvent;
  });
}

export async function expectWebhooks(tag: string, types: string[]): Promise<ConnectEvent[]> {
  await expect
    .poll(async () => (await webhooks(tag)).map((e) => e.eventType), { timeout: 10_000 })
    .toEqual(['ping', ...types]);
  const events = await webhooks(tag);
  for (const e of events.slice(1)) expect(e.webhookData).toEqual({ tag });
  return events;
}

export interface SdkEvent {
  name: string;
  args: unknown[];
}

export async function openPartner(page: Page, query = ''): Promise<void> {
  await page.goto(`${PARTNER}/${query}`);
  await page.waitForFunction(() => (window as unknown as { sdkReady?: boolean }).sdkReady === true);
}

export async function launch(
  page: Page,
  link: string,
  mode: 'container' | 'modal' | 'popup',
): Promise<void> {
  await page.evaluate(
    ([url, m]) =>
      (window as unknown as { launchConnect: (u: string, m: string) => boolean }).launchConnect(
        url as string,
        m as string,
      ),
    [link, mode],
  );
}

/** Launch in popup mode and return the Connect popup window. */
export async function launchPopup(page: Page, link: string): Promise<Page> {
  const popup = page.waitForEvent('popup');
  await launch(page, link, 'popup');
  const win = await popup;
  await win.waitForLoadState();
  return win;
}

export async function sdkEvents(page: Page): Promise<SdkEvent[]> {
  return page.evaluate(() => (window as unknown as { events: SdkEvent[] }).events);
}

export function connectFrame(page: Page): FrameLocator {
  return page.frameLocator('#connectIframe');
}

const TERMINAL = ['onDone', 'onCancel', 'onError'];

/** onLoad, onRoute and onUser arrived, and exactly one terminal handler: the expected one. */
export async function expectOutcome(
  page: Page,
  name: 'onDone' | 'onCancel' | 'onError',
  data: Record<string, unknown>,
): Promise<SdkEvent[]> {
  await expect
    .poll(async () => (await sdkEvents(page)).filter((e) => TERMINAL.includes(e.name)).length, {
      timeout: 15_000,
    })
    .toBeGreaterThan(0);
  // Give a duplicate a chance to show up before counting.
  await page.waitForTimeout(300);
  const events = await sdkEvents(page);
  const names = events.map((e) => e.name);
  expect(names).toContain('onLoad');
  expect(names).toContain('onRoute');
  expect(names).toContain('onUser');
  const terminal = events.filter((e) => TERMINAL.includes(e.name));
  expect(terminal.map((e) => e.name)).toEqual([name]);
  expect(terminal[0]?.args[0]).toMatchObject(data);
  return events;
}

export function routes(events: SdkEvent[]): string[] {
  return events
    .filter((e) => e.name === 'onRoute')
    .map((e) => (e.args[0] as { screen: string }).screen);
}

export function userActions(events: SdkEvent[]): string[] {
  return events
    .filter((e) => e.name === 'onUser')
    .map((e) => (e.args[0] as { action: string }).action);
}

type Surface = Page | FrameLocator;

/**
 * A window that the page closes is closed: Playwright's close event, or the window itself saying
 * it is closing (its close event has been seen to arrive late, or not at all, for a popup closed
 * by its opener just as it navigated).
 */
export async function expectClosedByOpener(w: Page): Promise<void> {
  const closing = () =>
    Promise.race([
      w.evaluate(() => window.closed),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000)),
    ]).catch(() => true);
  await expect.poll(async () => w.isClosed() || (await closing())).toBe(true);
}

export async function heading(c: Surface, name: string | RegExp): Promise<void> {
  await expect(c.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Landing → search → institution page → login form. */
export async function toLogin(c: Surface, search: string, institution: string): Promise<void> {
  await heading(c, /Connect your accounts/);
  await c.getByRole('button', { name: 'Next' }).click();
  await heading(c, 'Search for your bank');
  await c.getByLabel('Bank name').fill(search);
  await c.getByRole('button', { name: 'Search', exact: true }).click();
  await c.getByRole('button', { name: institution, exact: true }).click();
  await heading(c, institution);
  await c.getByRole('button', { name: 'Next' }).click();
  await heading(c, `Sign in to ${institution}`);
}

export async function signIn(
  c: Surface,
  username: string,
  password: string,
  labels: [string, string] = ['Username', 'Password'],
): Promise<void> {
  await c.getByLabel(labels[0]).fill(username);
  await c.getByLabel(labels[1]).fill(password);
  await c.getByRole('button', { name: 'Submit' }).click();
}

/** Account selection → Save; then Submit on the review screen unless `review` is false. */
export async function saveAndSubmit(c: Surface, review = true): Promise<void> {
  await heading(c, 'Select the accounts to share');
  await c.getByRole('button', { name: 'Save' }).click();
  if (!review) return;
  await heading(c, 'Review your accounts');
  await c.getByRole('button', { name: 'Submit', exact: true }).click();
}

/** A whole Full session at FinBank as demo/go. */
export async function fullSession(c: Surface): Promise<void> {
  await toLogin(c, 'FinBank', 'FinBank');
  await signIn(c, 'demo', 'go');
  await saveAndSubmit(c);
}

/** The webhooks of one completed session at FinBank, Full or Lite. */
export const SESSION_EVENTS = [
  'started',
  'institutionSupported',
  'adding',
  'discovered',
  'added',
  'done',
];
