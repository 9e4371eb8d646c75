import { randomBytes } from 'node:crypto';
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { nextLinkId, startAsNewCustomer } from './support/customer';
import { signInAsAdmin } from './support/staff';

// Customer sessions live on the server: a copy of the cookie stops working the moment the session
// is ended, by signing out or by revoking the personal link that opened it.

const ENDED = 'Your session has ended. Open your personal link again, or start over.';

const letters = () =>
  Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');

/** The customer's first link id, from the Connect button on /link. */
async function startConnect(page: Page): Promise<string> {
  const linkId = nextLinkId(page);
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  return linkId;
}

/** A second browser holding a copy of `context`'s cookies, with /link open while the copy works. */
async function copyOf(browser: Browser, context: BrowserContext, baseURL: string | undefined) {
  const copy = await browser.newContext({ baseURL });
  await copy.addCookies(await context.cookies());
  const page = await copy.newPage();
  await page.goto('/link');
  await expect(page.getByText('Signed in as')).toBeVisible();
  return { copy, page };
}

async function expectRefused(page: Page, linkId: string) {
  expect((await page.request.get('/api/accounts')).status()).toBe(401);
  expect((await page.request.get(`/api/links/${linkId}`)).status()).toBe(404);
  const report = await page.request.post(`/api/links/${linkId}/sdk-events`, {
    data: { type: 'load' },
  });
  expect(report.status()).toBe(404);
  // The page was loaded while the session was open; its action is now refused.
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  await expect(page.getByText(ENDED)).toBeVisible();
  // And a fresh load shows no customer.
  await page.goto('/link');
  await expect(page.getByText('Signed in as')).toHaveCount(0);
}

test('a copied cookie is refused everywhere once the customer signs out', async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  await startAsNewCustomer(page, 'Copied', `Cookie${letters()}`);
  const linkId = await startConnect(page);
  const { copy, page: replay } = await copyOf(browser, context, baseURL);
  expect((await replay.request.get('/api/accounts')).status()).toBe(200);
  expect((await replay.request.get(`/api/links/${linkId}`)).status()).toBe(200);

  const fresh = await context.newPage();
  await fresh.goto('/link');
  await fresh.getByRole('button', { name: 'Not you? Sign out' }).click();
  await expect(fresh.getByRole('heading', { name: 'Start here' })).toBeVisible();

  await expectRefused(replay, linkId);
  await copy.close();
});

test('a copied cookie is refused everywhere once its personal link is revoked', async ({
  page,
  browser,
  baseURL,
}) => {
  await signInAsAdmin(page, '/staff/customers');
  const form = page.getByRole('form', { name: 'Create a customer' });
  const name = `Revoked Session${letters()}`;
  await form.getByLabel('First name').fill('Revoked');
  await form.getByLabel('Last name').fill(name.split(' ')[1]!);
  await form.getByLabel('Email').fill('revoked@example.com');
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(form.getByRole('status')).toContainText(`Created ${name}.`);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('button', { name: 'Make a personal link' }).click();
  const personalUrl = await page.getByLabel('Personal link', { exact: true }).inputValue();

  const customer = await browser.newContext({ baseURL });
  const customerPage = await customer.newPage();
  await customerPage.goto(personalUrl);
  await expect(customerPage.getByText(`Signed in as ${name}.`)).toBeVisible();
  const linkId = await startConnect(customerPage);
  const { copy, page: replay } = await copyOf(browser, customer, baseURL);

  const tokens = page.getByRole('form', { name: 'Personal links' });
  await tokens.getByRole('button', { name: /^Revoke the personal link made/ }).click();
  await expect(tokens.getByRole('status')).toContainText('Personal link revoked.');

  await expectRefused(replay, linkId);
  // The browser that opened the link is signed out too.
  expect((await customerPage.request.get('/api/accounts')).status()).toBe(401);
  await Promise.all([copy.close(), customer.close()]);
});
