// Refused links (expired, edited), emailed links opened directly in a tab, redirectUri, and the
// origin rules of the postMessage protocol.
import { expect, test } from '@playwright/test';
import {
  advanceClock,
  connectFrame,
  CONSUMER_ID,
  expectOutcome,
  expectWebhooks,
  FINBANK,
  fullSession,
  generate,
  heading,
  launch,
  openPartner,
  PARTNER,
  resetSandbox,
  routes,
  SANDBOX_ORIGIN,
  saveAndSubmit,
  signIn,
  SESSION_EVENTS,
} from './helpers';

test.beforeEach(async () => {
  await resetSandbox();
});

test('expired link: error page, then onError when the person exits', async ({ page }) => {
  const { link } = await generate();
  await advanceClock('2h');
  await openPartner(page);
  await launch(page, link, 'container');
  const frame = connectFrame(page);
  await heading(frame, 'This link has expired');
  await expect
    .poll(async () => routes(await page.evaluate(() => (window as never as { events: [] }).events)))
    .toEqual(['error']);
  await frame.getByRole('button', { name: 'Exit' }).click();
  const events = await expectOutcome(page, 'onError', { code: 500, reason: 'error' });
  expect(events.find((e) => e.name === 'onRoute')?.args[0]).toEqual({
    screen: 'error',
    params: { code: 'link-expired' },
  });
});

test('edited link: refused with an error page and onError', async ({ page }) => {
  const { link } = await generate();
  const edited = link.replace(/timestamp=(\d+)/, (_m, ts: string) => `timestamp=${Number(ts) + 1}`);
  await openPartner(page);
  await launch(page, edited, 'modal');
  const frame = connectFrame(page);
  await heading(frame, 'This link is not valid');
  await frame.getByRole('button', { name: 'Exit' }).click();
  const events = await expectOutcome(page, 'onError', { code: 500, reason: 'error' });
  expect(events.find((e) => e.name === 'onRoute')?.args[0]).toMatchObject({
    params: { code: 'link-invalid' },
  });
});

test('emailed link opened directly in a tab finishes on its own success screen', async ({
  page,
}) => {
  const { link, tag } = await generate('/connect/v2/send/email', {
    consumerId: CONSUMER_ID,
    email: { to: 'homer@example.com', firstName: 'Homer' },
  });
  expect(link).toContain('origin=email');
  await page.goto('http://localhost:4210/mailbox');
  await page.getByRole('link', { name: 'Verify your Financial Information' }).first().click();
  const button = page.getByRole('link', { name: 'Connect your accounts' });
  expect(await button.getAttribute('href')).toBe(link);
  await button.click();
  await fullSession(page);
  await heading(page, 'Your submission was successful. Thank you!');
  await expect(page.getByText('You can close this window.')).toBeVisible();
  await page.waitForTimeout(2000);
  expect(page.url()).toContain('/connect');
  await expectWebhooks(tag, SESSION_EVENTS);
});

test('redirectUri: a direct-tab session returns with the outcome in the query string', async ({
  page,
}) => {
  const done = await generate('/connect/v2/generate/lite', {
    institutionId: 101732,
    redirectUri: `${PARTNER}/return?order=42`,
  });
  await page.goto(done.link);
  await page.getByRole('button', { name: 'Next' }).click();
  await signIn(page, 'demo', 'go');
  await saveAndSubmit(page, false);
  await page.waitForURL(`${PARTNER}/return?order=42&code=200&reason=complete`);

  const cancelled = await generate('/connect/v2/generate', {
    redirectUri: `${PARTNER}/return`,
  });
  await page.goto(cancelled.link);
  await page.getByRole('button', { name: 'Exit', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, exit' }).click();
  await page.waitForURL(`${PARTNER}/return?code=100&reason=exit`);
});

test('messages from a foreign origin are ignored and nothing is posted to it', async ({ page }) => {
  const { link, tag } = await generate('/connect/v2/generate/lite', { institutionId: 101732 });
  await openPartner(page, '?foreign=1');
  const foreign = page.frame({ url: /localhost:4211\/foreign/ });
  expect(foreign).not.toBeNull();
  await launch(page, link, 'container');
  const frame = connectFrame(page);
  // The foreign frame pings the Connect frame every 100 ms and claims OAuth windows closed.
  await frame.getByRole('button', { name: 'Next' }).click();
  await signIn(frame, 'demo', 'go');
  await saveAndSubmit(frame, false);
  await expectOutcome(page, 'onDone', { code: 200 });
  const received = await foreign!.evaluate(
    () => (window as unknown as { received: unknown[] }).received,
  );
  expect(received).toEqual([]);
  const origins = await page.evaluate(() =>
    (window as unknown as { messages: Array<{ origin: string }> }).messages.map((m) => m.origin),
  );
  expect(new Set(origins)).toEqual(new Set([SANDBOX_ORIGIN]));
  await expectWebhooks(tag, SESSION_EVENTS);
});

test('a step taken while the page script is still arriving is carried out, not lost', async ({
  page,
}) => {
  const { link, tag } = await generate('/connect/v2/generate/lite', { institutionId: FINBANK });
  await openPartner(page);
  const documents: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'document' && r.url().startsWith(SANDBOX_ORIGIN)) {
      documents.push(r.url());
    }
  });
  // A slow network: the page script arrives 1.5 s after the page. The person (here the test)
  // presses Next as soon as it can be pressed; the frame must stay on its session.
  await page.route(`${SANDBOX_ORIGIN}/connect/client.js`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await launch(page, link, 'container');
  const frame = connectFrame(page);
  await frame.getByRole('button', { name: 'Next' }).click();
  await heading(frame, 'Sign in to FinBank');
  expect(documents).toEqual([link]);
  await signIn(frame, 'demo', 'go');
  await saveAndSubmit(frame, false);
  await expectOutcome(page, 'onDone', { code: 200, reason: 'complete' });
  await expectWebhooks(tag, SESSION_EVENTS);
});
