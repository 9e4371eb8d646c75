import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import {
  connectFrame,
  linkFinBank,
  linkStatus,
  nextLinkId,
  SANDBOX_URL,
  sandboxControl,
  startAsNewCustomer,
} from './support/customer';
import { signInAsAdmin } from './support/staff';

test('Full: a new customer links FinBank demo/go; accounts listed, webhooks stored, link completed', async ({
  page,
  browser,
}) => {
  await startAsNewCustomer(page, 'Ada', 'Lovelace');
  await expectNoAxeViolations(page);
  const linkId = nextLinkId(page);
  const opener = page.getByRole('button', { name: 'Connect your accounts' });
  await opener.click();
  await expect(page.locator('#connect-container iframe#connectIframe')).toBeVisible();
  await expectNoAxeViolations(page);
  await linkFinBank(page);

  await expect(page.getByRole('heading', { name: 'Accounts connected' })).toBeVisible();
  await expect(page.locator('#connectIframe')).toHaveCount(0);
  await expect(opener).toBeFocused();
  const accounts = page.getByRole('article', { name: 'FinBank' });
  await expect(accounts.getByText('Checking ****1111')).toBeVisible();
  await expect(accounts.getByText('Connected').first()).toBeVisible();
  await expectNoAxeViolations(page);

  const id = await linkId;
  await expect.poll(() => linkStatus(page, id)).toBe('completed');

  // The session's signed webhooks were stored and tied to the link.
  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await signInAsAdmin(staffPage, '/staff/events');
  const rows = staffPage.locator('tr', { hasText: id });
  await expect
    .poll(async () => {
      await staffPage.reload();
      return rows.locator('td:nth-child(2)').allInnerTexts();
    })
    .toEqual(expect.arrayContaining(['started', 'adding', 'added', 'done']));
  await staff.close();
});

test('Full in a popup window', async ({ page }) => {
  await startAsNewCustomer(page, 'Pop', 'Upwindow');
  await page.getByLabel('Open Connect in a separate window').check();
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  const popup = await popupPromise;
  await expect(page.getByText('Connect is open in a separate window')).toBeVisible();
  await popup.getByRole('button', { name: 'Next' }).click();
  await popup
    .getByRole('button', { name: /FinBank$/ })
    .first()
    .click();
  await popup.getByRole('button', { name: 'Next' }).click();
  await popup.getByLabel('Username').fill('demo');
  await popup.getByLabel('Password').fill('go');
  await popup.getByRole('button', { name: 'Submit' }).click();
  await popup.getByRole('button', { name: 'Save' }).click();
  await popup.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts connected' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'FinBank' })).toBeVisible();
});

test('cancel with confirmation ends the session as cancelled, and Start again reopens Connect', async ({
  page,
}) => {
  await startAsNewCustomer(page, 'Can', 'Celled');
  const linkId = nextLinkId(page);
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  const frame = connectFrame(page);
  await frame.getByRole('button', { name: 'Exit' }).click();
  await frame.getByRole('button', { name: 'Yes, exit' }).click();
  await expect(page.getByRole('heading', { name: 'Connect closed' })).toBeVisible();
  const id = await linkId;
  await expect.poll(() => linkStatus(page, id)).toBe('cancelled');
  await page.getByRole('button', { name: 'Start again' }).click();
  await expect(connectFrame(page).getByRole('button', { name: 'Next' })).toBeVisible();
});

test('a link Mastercard never confirmed making is told so; only "Make a new link" makes another', async ({
  page,
}) => {
  await startAsNewCustomer(page, 'Lost', 'Answer');
  const generate = 'POST /connect/v2/generate';
  const generated = async () =>
    (await sandboxControl(`/requests?endpoint=${encodeURIComponent(generate)}`)).count as number;
  const before = await generated();
  // The connection drops before Mastercard answers: a link may exist that nobody received.
  await sandboxControl('/faults', { endpoint: generate, drop: true, times: 1 });
  try {
    await page.getByRole('button', { name: 'Connect your accounts' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Connect could not finish' });
    await expect(alert).toContainText(
      'Mastercard did not answer in time, so a link may have been made that the portal never received.',
    );
    await expectNoAxeViolations(page);
    await alert.getByRole('button', { name: 'Make a new link' }).click();
    await expect(connectFrame(page).getByRole('button', { name: 'Next' })).toBeVisible();
    // One request dropped, one answered: the new link was made once, on the explicit press.
    expect(await generated()).toBe(before + 2);
  } finally {
    await fetch(`${SANDBOX_URL}/__sandbox/faults`, { method: 'DELETE' });
  }
});

test('an expired link is regenerated instead of launched', async ({ page }) => {
  await page.clock.install();
  await startAsNewCustomer(page, 'Ex', 'Pired');
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  const first = await page.locator('#connectIframe').getAttribute('src');
  const frame = connectFrame(page);
  await frame.getByRole('button', { name: 'Exit' }).click();
  await frame.getByRole('button', { name: 'Yes, exit' }).click();
  await expect(page.getByRole('heading', { name: 'Connect closed' })).toBeVisible();

  // Within its lifetime the same link is launched again…
  await page.getByRole('button', { name: 'Start again' }).click();
  await expect(page.locator('#connectIframe')).toHaveAttribute('src', first!);
  await connectFrame(page).getByRole('button', { name: 'Exit' }).click();
  await connectFrame(page).getByRole('button', { name: 'Yes, exit' }).click();
  await expect(page.getByRole('heading', { name: 'Connect closed' })).toBeVisible();

  // …after it expires (2 hours), a new one is generated.
  await page.clock.fastForward('02:01:00');
  await page.getByRole('button', { name: 'Start again' }).click();
  await expect(page.locator('#connectIframe')).toBeVisible();
  expect(await page.locator('#connectIframe').getAttribute('src')).not.toBe(first);
});

test('phone width: Connect fills the screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await startAsNewCustomer(page, 'Small', 'Screen');
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  await expect(connectFrame(page).getByRole('button', { name: 'Next' })).toBeVisible();
  const box = await page.locator('#connectIframe').boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(370);
  expect(box?.height).toBeGreaterThanOrEqual(600);
});
