import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { connectFrame, signInAndShare, startAsNewCustomer } from './support/customer';

test('Lite by keyboard only: type, arrow to a result, Enter → Lite sign-in → done', async ({
  page,
}) => {
  await startAsNewCustomer(page, 'Keyboard', 'User');
  const input = page.getByRole('combobox', { name: 'Find your bank or credit union' });
  await input.focus();
  // Popular institutions before typing.
  await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'popular institutions' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.keyboard.type('finbank prof');
  await expect(page.getByRole('status').filter({ hasText: /institutions? found/ })).toBeVisible();
  const options = page.getByRole('listbox').getByRole('option');
  await expect(options.first()).toContainText('FinBank Profiles - A');
  await expectNoAxeViolations(page);
  await page.keyboard.press('ArrowDown');
  await expect(input).toHaveAttribute('aria-activedescendant', /.+/);
  await page.keyboard.press('Enter');

  const frame = connectFrame(page);
  await expect(frame.getByRole('heading', { name: /FinBank Profiles - A/ }).first()).toBeVisible();
  await frame.getByRole('button', { name: 'Next' }).first().click();
  // Lite has no review screen: saving the accounts finishes the session.
  await signInAndShare(frame, 'profile_03', 'profile_03');
  await expect(page.getByRole('heading', { name: 'Accounts connected' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'FinBank Profiles - A' })).toBeVisible();
  // Focus returns to where Connect was opened from, without reopening the results over the page.
  await expect(input).toBeFocused();
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(0);
});

test('Lite: results show logo, address and an OAuth badge; "Show more" pages; no results', async ({
  page,
}) => {
  await startAsNewCustomer(page, 'Search', 'Er');
  const input = page.getByRole('combobox', { name: 'Find your bank or credit union' });
  await input.fill('bank');
  const options = page.getByRole('listbox').getByRole('option');
  await expect(page.getByRole('status').filter({ hasText: /found, showing 10\./ })).toBeVisible();
  await expect(options).toHaveCount(11);
  await expect(options.last()).toHaveText('Show more results');
  await options.last().click();
  await expect(page.getByRole('status').filter({ hasText: /found, showing 20\./ })).toBeVisible();
  await expect(options).toHaveCount(21);

  await input.fill('finbank oauth');
  const oauth = options.filter({ hasText: 'FinBank OAuth' }).first();
  await expect(oauth).toContainText('OAuth');
  await expect(oauth.locator('img')).toHaveCount(1);

  await input.fill('zzzz no such bank');
  await expect(page.getByRole('status').filter({ hasText: 'No institutions match' })).toBeVisible();
  await expect(options).toHaveCount(0);
  await input.fill('z');
  await expect(
    page.getByRole('status').filter({ hasText: 'Type at least 2 characters' }),
  ).toBeVisible();
});

test("Lite: can't find the bank → full search in Connect", async ({ page }) => {
  await startAsNewCustomer(page, 'Full', 'Search');
  await page.getByRole('button', { name: 'Use the full search in Connect' }).click();
  await expect(
    connectFrame(page).getByRole('heading', { name: /Connect your accounts/ }),
  ).toBeVisible();
});

test('the search route: pages by number, refuses bad input with a message, answers uncompressed', async ({
  page,
}) => {
  await startAsNewCustomer(page, 'Route', 'Caller');
  // Asked like a browser asks: gzip accepted. The answer is small and per keystroke, so it is sent
  // as is (no-transform keeps Next's compression, and any proxy, from gzipping it).
  const headers = { 'accept-encoding': 'gzip, deflate, br' };
  const first = await page.request.get('/api/institutions?search=bank', { headers });
  expect(first.status()).toBe(200);
  expect(first.headers()['content-encoding']).toBeUndefined();
  expect(first.headers()['cache-control']).toBe('private, max-age=30, no-transform');
  const page1 = await first.json();
  expect(page1).toMatchObject({ page: 1, moreAvailable: true });
  expect(page1.institutions).toHaveLength(10);
  expect(page1.institutions[0]).toEqual({
    id: expect.any(Number),
    name: expect.stringMatching(/bank/i),
    url: expect.any(String),
    logoUrl: expect.any(String),
    oauth: expect.any(Boolean),
  });
  const page2 = await (await page.request.get('/api/institutions?search=bank&start=2')).json();
  expect(page2.page).toBe(2);
  expect(page2.found).toBe(page1.found);
  const ids = new Set(page1.institutions.map((i: { id: number }) => i.id));
  expect(page2.institutions.some((i: { id: number }) => ids.has(i.id))).toBe(false);

  const badStart = await page.request.get('/api/institutions?search=bank&start=0');
  expect(badStart.status()).toBe(400);
  expect(await badStart.json()).toEqual({ error: 'start is a page number from 1.' });
  const tooLong = await page.request.get(`/api/institutions?search=${'a'.repeat(101)}`);
  expect(tooLong.status()).toBe(400);
  expect(await tooLong.json()).toEqual({ error: 'Search for at most 100 characters.' });
});
