// OAuth institutions: the FI window opened by the SDK (`url`, `window`, `closePopup`), and in
// popup mode the FI sign-in inside the Connect popup itself.
import { expect, type Page, test } from '@playwright/test';
import {
  connectFrame,
  expectClosedByOpener,
  expectOutcome,
  expectWebhooks,
  generate,
  heading,
  launch,
  launchPopup,
  openPartner,
  resetSandbox,
  routes,
  saveAndSubmit,
  userActions,
  SESSION_EVENTS,
} from './helpers';

test.beforeEach(async () => {
  await resetSandbox();
});

async function chooseOAuth(c: Page | ReturnType<typeof connectFrame>) {
  await heading(c, /Connect your accounts/);
  await c.getByRole('button', { name: 'Next' }).click();
  await c.getByLabel('Bank name').fill('FinBank OAuth');
  await c.getByRole('button', { name: 'Search', exact: true }).click();
  await c.getByRole('button', { name: 'FinBank OAuth', exact: true }).click();
  await heading(c, 'FinBank OAuth');
}

async function signInAtFi(fi: Page) {
  await expect(fi.getByRole('heading', { name: 'Sign in to FinBank OAuth' })).toBeVisible();
  await fi.getByLabel('Username').fill('demo');
  await fi.getByLabel('Password').fill('go');
  await fi.getByRole('button', { name: 'Sign in and allow access' }).click();
}

test('iframe: the SDK opens the FI window; closed by the user, retried, then closed by Connect', async ({
  page,
}) => {
  const { link, tag } = await generate();
  await openPartner(page);
  await launch(page, link, 'container');
  const frame = connectFrame(page);
  await chooseOAuth(frame);

  // First attempt: the person closes the FI window.
  let popup = page.waitForEvent('popup');
  await frame.getByRole('button', { name: 'Continue to FinBank OAuth' }).click();
  let fi = await popup;
  await expect(fi.getByRole('heading', { name: 'Sign in to FinBank OAuth' })).toBeVisible();
  await fi.close();
  await expect(frame.getByRole('alert')).toContainText('Sign-in not finished');

  // Second attempt succeeds; Connect asks the SDK to close the window (closePopup).
  popup = page.waitForEvent('popup');
  await frame.getByRole('button', { name: 'Try again' }).click();
  fi = await popup;
  await signInAtFi(fi);
  await expectClosedByOpener(fi);
  await saveAndSubmit(frame);
  const events = await expectOutcome(page, 'onDone', { code: 200, reason: 'complete' });
  expect(routes(events)).toContain('oauth');
  expect(userActions(events)).toContain('DisplayAlert');
  const hooks = await expectWebhooks(tag, SESSION_EVENTS);
  expect(hooks[5]?.payload).toMatchObject({ oauth: true });
});

test('iframe: onUrl handler gets OPEN and CLOSE instead of the SDK opening a window', async ({
  page,
}) => {
  const { link } = await generate();
  await openPartner(page);
  await page.evaluate(
    (url) =>
      (
        window as unknown as {
          launchConnect: (u: string, m: string, e: Record<string, unknown>) => boolean;
        }
      ).launchConnect(url, 'container', { onUrl: true }),
    link,
  );
  const frame = connectFrame(page);
  await chooseOAuth(frame);
  await frame.getByRole('button', { name: 'Continue to FinBank OAuth' }).click();
  await expect
    .poll(async () =>
      (
        await page.evaluate(
          () => (window as unknown as { events: Array<{ name: string; args: unknown[] }> }).events,
        )
      )
        .filter((e) => e.name === 'onUrl')
        .map((e) => e.args[0]),
    )
    .toEqual(['OPEN']);
  const events = await page.evaluate(
    () => (window as unknown as { events: Array<{ name: string; args: string[] }> }).events,
  );
  const url = events.find((e) => e.name === 'onUrl')?.args[1] ?? '';
  // The partner opens the URL itself (as a mobile app would).
  const fi = await page.context().newPage();
  await fi.goto(url);
  await signInAtFi(fi);
  await expect
    .poll(async () =>
      (
        await page.evaluate(
          () => (window as unknown as { events: Array<{ name: string; args: unknown[] }> }).events,
        )
      )
        .filter((e) => e.name === 'onUrl')
        .map((e) => e.args[0]),
    )
    .toEqual(['OPEN', 'CLOSE']);
  await saveAndSubmit(frame);
  await expectOutcome(page, 'onDone', { code: 200 });
});

test('popup mode: OAuth continues inside the Connect popup, no second window', async ({ page }) => {
  const { link, tag } = await generate();
  await openPartner(page);
  const popup = await launchPopup(page, link);
  let extra = 0;
  page.on('popup', () => extra++);
  await chooseOAuth(popup);
  await popup.getByRole('button', { name: 'Continue to FinBank OAuth' }).click();
  await signInAtFi(popup);
  await expect(popup).toHaveURL(/\/connect\/s\/[0-9a-f]{32}$/);
  const closed = popup.waitForEvent('close');
  await saveAndSubmit(popup);
  const events = await expectOutcome(page, 'onDone', { code: 200 });
  await closed;
  expect(extra).toBe(0);
  // Each route reached the SDK once, also across the reload after the FI.
  expect(routes(events)).toEqual([
    'landing',
    'search',
    'search',
    'sign-in',
    'oauth',
    'account-selection',
    'review',
    'success',
  ]);
  await expectWebhooks(tag, SESSION_EVENTS);
});
