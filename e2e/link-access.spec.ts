import { expect, test } from '@playwright/test';
import { MASTERCARD_PORT } from '../playwright.config';
import { expectNoAxeViolations } from './support/axe';
import { nextLinkId, startAsNewCustomer } from './support/customer';

test("another customer's link id answers 404, in the API and for SDK reports", async ({
  page,
  browser,
}) => {
  await startAsNewCustomer(page, 'Owner', 'One');
  const linkId = nextLinkId(page);
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  const id = await linkId;
  expect((await page.request.get(`/api/links/${id}`)).status()).toBe(200);

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await startAsNewCustomer(otherPage, 'Other', 'Two');
  expect((await otherPage.request.get(`/api/links/${id}`)).status()).toBe(404);
  const report = await otherPage.request.post(`/api/links/${id}/sdk-events`, {
    data: { type: 'done', data: { code: 200, reason: 'complete' } },
  });
  expect(report.status()).toBe(404);
  expect((await page.request.get(`/api/links/${id}`)).status()).toBe(200);
  expect((await (await page.request.get(`/api/links/${id}`)).json()).status).not.toBe('completed');
  await other.close();

  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(`/api/links/${id}`)).status()).toBe(404);
  expect((await anonymous.request.get('/api/accounts')).status()).toBe(401);
  expect((await anonymous.request.get('/api/institutions?search=fin')).status()).toBe(401);
  await anonymous.close();
});

test('SDK reports that are not SDK events are refused', async ({ page }) => {
  await startAsNewCustomer(page, 'Bad', 'Payload');
  const linkId = nextLinkId(page);
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  const id = await linkId;
  const bad = await page.request.post(`/api/links/${id}/sdk-events`, {
    data: { type: 'done', data: { code: 'two hundred' } },
  });
  expect(bad.status()).toBe(400);
});

test('with self-signup off, /link explains that a personal link is needed and shows no form', async ({
  page,
}) => {
  await page.goto(`http://127.0.0.1:${MASTERCARD_PORT}/link`);
  await expect(
    page.getByText('To link your accounts you need a personal link from us.'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start' })).toHaveCount(0);
  await expect(page.getByLabel('First name')).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('portal pages carry the CSP and security headers', async ({ page }) => {
  const response = await page.goto('/link');
  const headers = response!.headers();
  const csp = headers['content-security-policy']!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toMatch(/frame-src 'self' http:\/\/localhost:\d+/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  const mastercard = await page.request.get(`http://127.0.0.1:${MASTERCARD_PORT}/link`);
  expect(mastercard.headers()['content-security-policy']).toContain(
    "frame-src 'self' https://connect2.finicity.com https://*.finicity.com",
  );
});

test('"Not you? Sign out" ends the customer session on this browser', async ({ page }) => {
  await startAsNewCustomer(page, 'Leaving', 'Soon');
  await page.getByRole('button', { name: 'Not you? Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Start here' })).toBeVisible();
  expect((await page.request.get('/api/accounts')).status()).toBe(401);
});
