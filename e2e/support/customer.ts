import { expect, type FrameLocator, type Page } from '@playwright/test';

export const SANDBOX_URL = `http://localhost:${process.env.E2E_SANDBOX_PORT ?? 4110}`;

/** Starts as a new customer through self-signup on /link. */
export async function startAsNewCustomer(page: Page, firstName = 'Jane', lastName = 'Doe') {
  await page.goto('/link');
  await page.getByLabel('First name').fill(firstName);
  await page.getByLabel('Last name').fill(lastName);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByText(`Signed in as ${firstName} ${lastName}.`)).toBeVisible();
}

export function connectFrame(page: Page): FrameLocator {
  return page.frameLocator('#connectIframe');
}

/** The portal's link id, read from the first SDK event the page reports. */
export function nextLinkId(page: Page): Promise<string> {
  return page
    .waitForRequest((r) => /\/api\/links\/[0-9a-f-]{36}\/sdk-events$/.test(r.url()))
    .then((r) => r.url().split('/api/links/')[1]!.split('/')[0]!);
}

/** The link's status as the portal reports it (the browser's SDK reports arrive a moment later). */
export async function linkStatus(page: Page, id: string): Promise<string> {
  return (await (await page.request.get(`/api/links/${id}`)).json()).status;
}

/** In Connect: sign in to the institution on screen and share every account. */
export async function signInAndShare(frame: FrameLocator, username: string, password: string) {
  // FinBank asks for "Username"; the Profiles banks for "Banking Userid" / "Banking Password".
  await frame.getByLabel(/^(Username|Banking Userid)$/).fill(username);
  await frame.getByLabel(/^(Password|Banking Password)$/).fill(password);
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('button', { name: 'Save' }).click();
}

/** In Connect (Full): consent, choose the institution from the popular list, sign in, finish. */
export async function linkFinBank(page: Page, username = 'demo', password = 'go') {
  const frame = connectFrame(page);
  await frame.getByRole('button', { name: 'Next' }).click();
  await frame
    .getByRole('button', { name: /FinBank$/ })
    .first()
    .click();
  await frame.getByRole('button', { name: 'Next' }).click();
  await signInAndShare(frame, username, password);
  await frame.getByRole('button', { name: 'Submit' }).click();
}

export async function sandboxControl(path: string, body?: unknown) {
  const response = await fetch(`${SANDBOX_URL}/__sandbox${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
  return response.json().catch(() => ({}));
}
