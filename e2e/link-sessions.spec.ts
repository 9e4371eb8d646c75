import { chromium, expect, type FrameLocator, type Page, test } from '@playwright/test';
import { chromiumLaunchOptions } from '../playwright.config';
import {
  connectFrame,
  linkStatus,
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

/** Connect → search → FinBank OAuth, up to its "Continue to FinBank OAuth" button. */
async function chooseFinBankOAuth(page: Page): Promise<FrameLocator> {
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  const frame = connectFrame(page);
  await frame.getByRole('button', { name: 'Next' }).click();
  await frame.getByLabel('Bank name').fill('FinBank OAuth');
  await frame.getByRole('button', { name: 'Search', exact: true }).click();
  await frame.getByRole('button', { name: 'FinBank OAuth', exact: true }).click();
  return frame;
}

/** Signs in and allows access in the bank's own window, which then closes. */
async function signInAtBankWindow(fi: Page): Promise<void> {
  const closed = fi.waitForEvent('close');
  await fi.getByLabel('Username').fill('demo');
  await fi.getByLabel('Password').fill('go');
  await fi.getByRole('button', { name: 'Sign in and allow access' }).click();
  await closed;
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
  const frame = await chooseFinBankOAuth(page);
  const popup = page.waitForEvent('popup');
  await frame.getByRole('button', { name: 'Continue to FinBank OAuth' }).click();
  await signInAtBankWindow(await popup);
  await frame.getByRole('button', { name: 'Save' }).click();
  await frame.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts connected' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'FinBank OAuth' })).toBeVisible();
});

test('a blocked bank window: Connect is told, and the portal opens it from a click', async ({
  baseURL,
}) => {
  // Playwright starts Chromium with --disable-popup-blocking; without it, window.open needs the
  // person's click within the last 5 s (transient activation, which ancestor frames share).
  const browser = await chromium.launch({
    ...chromiumLaunchOptions,
    ignoreDefaultArgs: ['--disable-popup-blocking'],
  });
  try {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await startAsNewCustomer(page, 'Blocked', 'Window');
    const frame = await chooseFinBankOAuth(page);
    // The bank takes 6 s to give its sign-in address, so the SDK's `onUrl` comes after the
    // click's activation has expired and the browser refuses the window.
    await sandboxControl('/oauth-delay', { duration: '6s' });
    const popups: Page[] = [];
    page.on('popup', (p) => popups.push(p));
    const windowReport = page.waitForRequest(
      (r) =>
        /\/connect\/s\/[0-9a-f]{32}\/action$/.test(new URL(r.url()).pathname) &&
        (r.postDataJSON() as { action?: string } | null)?.action === 'oauth-window',
      { timeout: 20_000 },
    );
    await frame.getByRole('button', { name: 'Continue to FinBank OAuth' }).click();
    // Nothing may query the page until then: Playwright runs every locator and evaluate with a
    // user gesture, which would renew the activation and let the window through.
    expect((await windowReport).postDataJSON()).toMatchObject({
      action: 'oauth-window',
      closed: true,
      blocked: true,
    });
    expect(popups).toHaveLength(0);
    await expect(frame.getByText('The sign-in window was blocked')).toBeVisible();
    const alert = page
      .getByRole('alert')
      .filter({ hasText: 'Your browser blocked the window where you sign in to your bank.' });
    await expect(alert).toBeVisible();
    // Pinned to the viewport, so the person sees it without scrolling past Connect.
    await expect(alert.getByRole('button')).toBeInViewport();

    const popup = page.waitForEvent('popup');
    await alert.getByRole('button', { name: 'Open your bank’s sign-in page' }).click();
    await signInAtBankWindow(await popup);
    await expect(alert).toBeHidden();
    await frame.getByRole('button', { name: 'Save' }).click();
    await frame.getByRole('button', { name: 'Submit' }).click();
    await expect(page.getByRole('heading', { name: 'Accounts connected' })).toBeVisible();
    await expect(page.getByRole('article', { name: 'FinBank OAuth' })).toBeVisible();
  } finally {
    await sandboxControl('/oauth-delay', { ms: 0 });
    await browser.close();
  }
});

test('a timeout on the sandbox clock is shown with a way to start again', async ({ page }) => {
  await startAsNewCustomer(page, 'Time', 'Out');
  const linkId = nextLinkId(page);
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  await connectFrame(page).getByRole('button', { name: 'Next' }).click();
  await sandboxControl('/clock/advance', { duration: '8m' });
  await expect(page.getByRole('heading', { name: 'Session timed out' })).toBeVisible();
  const id = await linkId;
  await expect.poll(() => linkStatus(page, id)).toBe('failed');
  await page.getByRole('button', { name: 'Start again' }).click();
  await expect(connectFrame(page).getByRole('button', { name: 'Next' })).toBeVisible();
});
