import { expect, type FrameLocator, type Page, test } from '@playwright/test';
import {
  connectFrame,
  nextLinkId,
  sandboxControl,
  signInAndShare,
  startAsNewCustomer,
} from './support/customer';

async function openFinBank(page: Page): Promise<FrameLocator> {
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  const frame = connectFrame(page);
  await frame.getByRole('button', { name: 'Next' }).click();
  await frame
    .getByRole('button', { name: /FinBank$/ })
    .first()
    .click();
  await frame.getByRole('button', { name: 'Next' }).click();
  return frame;
}

test('wrong credentials, then success', async ({ page }) => {
  await startAsNewCustomer(page, 'Wrong', 'Password');
  const frame = await openFinBank(page);
  await frame.getByLabel('Username').fill('demo');
  await frame.getByLabel('Password').fill('not-go');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await expect(frame.getByRole('alert').first()).toBeVisible();
  await signInAndShare(frame, 'demo', 'go');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts connected' })).toBeVisible();
});

test('an MFA challenge (text question)', async ({ page }) => {
  await startAsNewCustomer(page, 'Multi', 'Factor');
  const frame = await openFinBank(page);
  await frame.getByLabel('Username').fill('tfa_text');
  await frame.getByLabel('Password').fill('go');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.locator('#answer').fill('blue');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('button', { name: 'Save' }).click();
  await frame.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts connected' })).toBeVisible();
});

test('an OAuth institution through its own window', async ({ page }) => {
  await startAsNewCustomer(page, 'O', 'Auth');
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  const frame = connectFrame(page);
  await frame.getByRole('button', { name: 'Next' }).click();
  await frame.getByLabel('Bank name').fill('FinBank OAuth');
  await frame.getByRole('button', { name: 'Search', exact: true }).click();
  await frame.getByRole('button', { name: 'FinBank OAuth', exact: true }).click();
  const popup = page.waitForEvent('popup');
  await frame.getByRole('button', { name: 'Continue to FinBank OAuth' }).click();
  const fi = await popup;
  const closed = fi.waitForEvent('close');
  await fi.getByLabel('Username').fill('demo');
  await fi.getByLabel('Password').fill('go');
  await fi.getByRole('button', { name: 'Sign in and allow access' }).click();
  await closed;
  await frame.getByRole('button', { name: 'Save' }).click();
  await frame.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts connected' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'FinBank OAuth' })).toBeVisible();
});

test('a timeout on the sandbox clock is shown with a way to start again', async ({ page }) => {
  await startAsNewCustomer(page, 'Time', 'Out');
  const linkId = nextLinkId(page);
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  await connectFrame(page).getByRole('button', { name: 'Next' }).click();
  await sandboxControl('/clock/advance', { duration: '8m' });
  await expect(page.getByRole('heading', { name: 'Session timed out' })).toBeVisible();
  const id = await linkId;
  expect((await (await page.request.get(`/api/links/${id}`)).json()).status).toBe('failed');
  await page.getByRole('button', { name: 'Start again' }).click();
  await expect(connectFrame(page).getByRole('button', { name: 'Next' })).toBeVisible();
});
