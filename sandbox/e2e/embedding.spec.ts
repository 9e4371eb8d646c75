// The official SDK embeds the sandbox in a container, as a full-screen modal and in popup mode.
import { expect, test } from '@playwright/test';
import {
  connectFrame,
  expectOutcome,
  expectWebhooks,
  fullSession,
  SESSION_EVENTS,
  generate,
  heading,
  launch,
  launchPopup,
  openPartner,
  PARTNER,
  resetSandbox,
  routes,
  saveAndSubmit,
  SANDBOX_ORIGIN,
  signIn,
  toLogin,
  userActions,
} from './helpers';

test.beforeEach(async () => {
  await resetSandbox();
});

test('Full in a container: every SDK handler, signed webhooks in order', async ({ page }) => {
  const { link, tag } = await generate();
  await openPartner(page);
  await launch(page, link, 'container');
  await expect(page.locator('#connect-container #connectIframe')).toBeVisible();
  const frame = connectFrame(page);
  await fullSession(frame);
  const events = await expectOutcome(page, 'onDone', { code: 200, reason: 'complete' });
  expect(routes(events)).toEqual([
    'landing',
    'search',
    'search',
    'sign-in',
    'login',
    'account-selection',
    'review',
    'success',
  ]);
  expect(userActions(events)).toEqual(['AddAccounts', 'AddAccounts', 'End']);
  const added = events.filter((e) => e.name === 'onUser')[1]?.args[0];
  expect(added).toMatchObject({ action: 'AddAccounts', success: true, accounts: 8 });
  const hooks = await expectWebhooks(tag, SESSION_EVENTS);
  expect((hooks[5]?.payload.accounts as unknown[]).length).toBe(8);
  // The SDK removed the iframe after done; every message it got came from the sandbox origin.
  await expect(page.locator('#connectIframe')).toHaveCount(0);
  const origins = await page.evaluate(() =>
    (window as unknown as { messages: Array<{ origin: string }> }).messages.map((m) => m.origin),
  );
  expect(new Set(origins)).toEqual(new Set([SANDBOX_ORIGIN]));
});

test('Full as a full-screen modal: wrong credentials, then success', async ({ page }) => {
  const { link, tag } = await generate();
  await openPartner(page);
  await launch(page, link, 'modal');
  await expect(page.locator('body > #connectIframe')).toBeVisible();
  const frame = connectFrame(page);
  await toLogin(frame, 'FinBank', 'FinBank');
  await signIn(frame, 'invalid_user', 'go');
  await expect(frame.getByRole('alert')).toContainText('Incorrect sign in');
  await signIn(frame, 'demo', 'go');
  await saveAndSubmit(frame);
  const events = await expectOutcome(page, 'onDone', { code: 200 });
  expect(userActions(events)).toEqual([
    'AddAccounts',
    'AddAccounts',
    'DisplayAlert',
    'AddAccounts',
    'AddAccounts',
    'End',
  ]);
  expect(events.filter((e) => e.name === 'onUser')[1]?.args[0]).toMatchObject({
    success: false,
    errorCode: 103,
  });
  await expectWebhooks(tag, [
    'started',
    'institutionSupported',
    'adding',
    'invalidCredentials',
    'adding',
    'discovered',
    'added',
    'done',
  ]);
});

test('Full in popup mode: the SDK keeps pinging, the popup closes on done', async ({ page }) => {
  const { link, tag } = await generate();
  await openPartner(page);
  const popup = await launchPopup(page, link);
  expect(popup.url()).toBe(link);
  await toLogin(popup, 'FinBank Profiles - A', 'FinBank Profiles - A');
  await signIn(popup, 'profile_03', 'profile_03', ['Banking Userid', 'Banking Password']);
  await expect(popup.getByRole('checkbox')).toHaveCount(11);
  const closed = popup.waitForEvent('close');
  await saveAndSubmit(popup);
  await expectOutcome(page, 'onDone', { code: 200, reason: 'complete' });
  await closed;
  await expectWebhooks(tag, SESSION_EVENTS);
});

test('cancel asks for confirmation; "No, stay" keeps the session, "Yes, exit" cancels', async ({
  page,
}) => {
  const { link, tag } = await generate();
  await openPartner(page);
  await launch(page, link, 'container');
  const frame = connectFrame(page);
  await heading(frame, /Connect your accounts/);
  await frame.getByRole('button', { name: 'Next' }).click();
  await heading(frame, 'Search for your bank');
  const exit = frame.getByRole('button', { name: 'Exit', exact: true });
  await exit.click();
  const dialog = frame.getByRole('dialog', { name: 'Exit Data Connect?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'No, stay' }).click();
  await expect(dialog).toBeHidden();
  await expect(exit).toBeFocused();
  await exit.click();
  await dialog.getByRole('button', { name: 'Yes, exit' }).click();
  const events = await expectOutcome(page, 'onCancel', { code: 100, reason: 'exit' });
  expect(userActions(events)).toEqual(['DisplayAlert', 'DisplayAlert', 'End']);
  // No webhook for an exit.
  await page.waitForTimeout(300);
  await expectWebhooks(tag, ['started']);
  expect(PARTNER).toContain('127.0.0.1');
});
