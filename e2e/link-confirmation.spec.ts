import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { nextLinkId, sandboxControl, startAsNewCustomer } from './support/customer';
import { signInAsAdmin } from './support/staff';

/** Letters only: customer names allow letters, spaces, apostrophes, hyphens and periods. */
const letters = () =>
  Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');

const REPORTED = 'Completed (reported by the browser, not yet confirmed by Mastercard)';

test('staff see a completion the browser reported apart until Mastercard confirms it', async ({
  page,
  browser,
  baseURL,
}) => {
  const lastName = `Reported${letters()}`;
  await startAsNewCustomer(page, 'Browser', lastName);
  const linkId = nextLinkId(page);
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  const id = await linkId;
  const connectUrl = await page.locator('#connectIframe').getAttribute('src');
  expect(connectUrl).toBeTruthy();

  // The browser alone says it is done.
  const report = await page.request.post(`/api/links/${id}/sdk-events`, {
    data: { type: 'done', data: { code: 200, reason: 'complete' } },
  });
  expect(report.status()).toBe(200);
  expect((await (await page.request.get(`/api/links/${id}`)).json()).status).toBe('completed');

  const staff = await browser.newContext({ baseURL });
  const staffPage = await staff.newPage();
  await signInAsAdmin(staffPage, '/staff/customers');
  await staffPage.getByRole('link', { name: `Browser ${lastName}`, exact: true }).click();
  const links = staffPage.getByRole('table', { name: /Connect links of/ });
  await expect(links.getByRole('row').nth(1)).toContainText(REPORTED);

  // Mastercard's done webhook confirms it.
  await sandboxControl('/sessions/complete', { link: connectUrl });
  await expect
    .poll(
      async () => {
        await staffPage.reload();
        return links.getByRole('row').nth(1).innerText();
      },
      { timeout: 20_000 },
    )
    .not.toContain('reported by the browser');
  await expect(links.getByRole('row').nth(1)).toContainText('Completed');
  await staff.close();
});
