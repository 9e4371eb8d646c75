import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import {
  connectFrame,
  linkFinBank,
  SANDBOX_URL,
  sandboxControl,
  signInAndShare,
  startAsNewCustomer,
} from './support/customer';

test('Fix: a fixable status → Reconnect → Fix session → healthy again', async ({ page }) => {
  await startAsNewCustomer(page, 'Fix', 'Me');
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  await linkFinBank(page);
  const bank = page.getByRole('article', { name: 'FinBank' });
  await expect(bank.getByText('Connected').first()).toBeVisible();

  const { logins } = await (await page.request.get('/api/accounts')).json();
  const loginId = logins[0].institutionLoginId as string;
  await sandboxControl(`/institution-logins/${loginId}/aggregation-status`, {
    aggregationStatusCode: 103,
  });
  await bank.page().getByRole('button', { name: 'Refresh' }).click();
  await expect(bank.getByText('Needs your attention').first()).toBeVisible();
  await expect(bank.getByText(/did not accept the saved sign-in details/).first()).toBeVisible();
  await expectNoAxeViolations(page);

  // Reconnect sits below the fold; Connect opens at the top of the page, and the page goes there.
  await page.setViewportSize({ width: 1280, height: 600 });
  const reconnect = bank.getByRole('button', { name: 'Reconnect FinBank' });
  await reconnect.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
  await reconnect.click();
  const connect = page.getByRole('region', { name: 'Data Connect' });
  await expect
    .poll(() => connect.evaluate((el) => Math.round(el.getBoundingClientRect().top)))
    .toBe(0);
  const frame = connectFrame(page);
  await frame
    .getByRole('button', { name: /Next|Continue/ })
    .first()
    .click();
  await frame.getByLabel('Username').fill('demo');
  await frame.getByLabel('Password').fill('go');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts connected' })).toBeVisible();
  await expect(bank.getByText('Connected').first()).toBeVisible();
  await expect(bank.getByText('Needs your attention')).toHaveCount(0);
});

test('a code that Fix cannot cure says so and offers no Reconnect', async ({ page }) => {
  await startAsNewCustomer(page, 'Closed', 'Account');
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  await linkFinBank(page);
  const { logins } = await (await page.request.get('/api/accounts')).json();
  await sandboxControl(`/institution-logins/${logins[0].institutionLoginId}/aggregation-status`, {
    aggregationStatusCode: 102,
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  const bank = page.getByRole('article', { name: 'FinBank' });
  await expect(bank.getByText(/Reconnecting will not fix this/).first()).toBeVisible();
  await expect(bank.getByRole('button', { name: /Reconnect/ })).toHaveCount(0);
});

test('remove a bank after confirmation', async ({ page }) => {
  await startAsNewCustomer(page, 'Remove', 'Bank');
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  await linkFinBank(page);
  const bank = page.getByRole('article', { name: 'FinBank' });
  await bank.getByRole('button', { name: /Remove this bank/ }).click();
  await bank.getByRole('button', { name: 'Keep it' }).click();
  await expect(bank).toBeVisible();
  await bank.getByRole('button', { name: /Remove this bank/ }).click();
  await expect(bank.getByRole('alertdialog')).toContainText('Remove FinBank and its 8 accounts?');
  await bank.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(page.getByRole('article', { name: 'FinBank' })).toHaveCount(0);
  await expect(page.getByText('No accounts linked yet.')).toBeVisible();
  const { logins } = await (await page.request.get('/api/accounts')).json();
  expect(logins).toEqual([]);
});

test('the page keeps its title while Your accounts refreshes', async ({ page }) => {
  await startAsNewCustomer(page, 'Title', 'Kept');
  // Every moment the document has no title (the browser tab falls back to the address, and
  // axe's document-title rule fails) is recorded while the page refreshes again and again.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { untitled: string[] }).untitled = seen;
    new MutationObserver(() => {
      if (!document.title.trim()) seen.push(`${document.querySelectorAll('title').length} titles`);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const refresh = page.getByRole('button', { name: 'Refresh' });
  for (let i = 0; i < 40; i += 1) {
    await refresh.click();
    await expect(refresh).toBeEnabled();
  }
  await expect(page.getByText('No accounts linked yet.')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { untitled: string[] }).untitled)).toEqual(
    [],
  );
  await expect(page).toHaveTitle('Link accounts · Data Connect Partner Portal');
});

test('joint borrower: consumers for both, one session covering both', async ({ page }) => {
  await startAsNewCustomer(page, 'Pat', 'Primary');
  await page.getByText('Applying with a co-borrower?').click();
  const you = page.getByRole('group', { name: 'You', exact: true });
  const co = page.getByRole('group', { name: 'Your co-borrower' });
  await page.getByRole('button', { name: 'Continue to Connect for both of us' }).click();
  await expect(you.getByLabel('State', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  await you.getByLabel('State', { exact: true }).selectOption('NY');
  await you.getByLabel('Birth date').fill('1980-04-12');
  await you.getByLabel('Email', { exact: true }).fill('pat@example.com');
  await co.getByLabel('First name').fill('Chris');
  await co.getByLabel('Last name').fill('Coborrower');
  await co.getByLabel('State', { exact: true }).selectOption('NY');
  await co.getByLabel('SSN').fill('123-45-6789');
  await co.getByLabel('Phone').fill('(212) 555-0100');
  await page.getByRole('button', { name: 'Continue to Connect for both of us' }).click();

  const frame = connectFrame(page);
  await frame.getByRole('button', { name: 'Next' }).click();
  await frame
    .getByRole('button', { name: /FinBank$/ })
    .first()
    .click();
  await frame.getByRole('button', { name: 'Next' }).click();
  await expect(frame.getByText('Primary borrower').first()).toBeVisible();
  await signInAndShare(frame, 'demo', 'go');
  await frame.getByRole('button', { name: 'Submit and continue to joint borrower' }).click();
  await expect(frame.getByRole('heading', { name: 'Joint borrower' })).toBeVisible();
  await frame.getByRole('button', { name: 'Next' }).click();
  await frame
    .getByRole('button', { name: /FinBank$/ })
    .first()
    .click();
  await frame.getByRole('button', { name: 'Next' }).click();
  await expect(frame.getByText('Joint borrower').first()).toBeVisible();
  await signInAndShare(frame, 'demo', 'go');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts connected' })).toBeVisible();
});

test('joint borrower: a link Mastercard never confirmed keeps both people’s details, and "Make a new link" makes one', async ({
  page,
}) => {
  await startAsNewCustomer(page, 'Jo', 'Lost');
  await page.getByText('Applying with a co-borrower?').click();
  const you = page.getByRole('group', { name: 'You', exact: true });
  const co = page.getByRole('group', { name: 'Your co-borrower' });
  await you.getByLabel('State', { exact: true }).selectOption('NY');
  await you.getByLabel('Birth date').fill('1980-04-12');
  await you.getByLabel('Email', { exact: true }).fill('jo@example.com');
  await co.getByLabel('First name').fill('Sam');
  await co.getByLabel('Last name').fill('Second');
  await co.getByLabel('State', { exact: true }).selectOption('NY');
  await co.getByLabel('Birth date').fill('1982-09-30');
  await co.getByLabel('Phone').fill('(212) 555-0199');

  const count = async (endpoint: string) =>
    (await sandboxControl(`/requests?endpoint=${encodeURIComponent(endpoint)}`)).count as number;
  const generate = 'POST /connect/v2/generate/jointBorrower';
  const createCustomer = 'POST /aggregation/v2/customers/testing';
  const [generatedBefore, customersBefore] = [await count(generate), await count(createCustomer)];
  await sandboxControl('/faults', { endpoint: generate, drop: true, times: 1 });
  try {
    await page.getByRole('button', { name: 'Continue to Connect for both of us' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'may have been made' })).toBeVisible();
    // Nothing typed is lost: both people's details are still there.
    await expect(co.getByLabel('First name')).toHaveValue('Sam');
    await expect(co.getByLabel('Birth date')).toHaveValue('1982-09-30');
    await expect(you.getByLabel('Email', { exact: true })).toHaveValue('jo@example.com');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Make a new link' }).click();
    await expect(connectFrame(page).getByRole('button', { name: 'Next' })).toBeVisible();
    expect(await count(generate)).toBe(generatedBefore + 2);
    // The co-borrower was made once, on the first submission, and reused by the second.
    expect(await count(createCustomer)).toBe(customersBefore + 1);
  } finally {
    await fetch(`${SANDBOX_URL}/__sandbox/faults`, { method: 'DELETE' });
  }
});
