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
