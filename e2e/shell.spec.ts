import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { signInAsAdmin } from './support/staff';

test.describe('public pages', () => {
  for (const [path, heading] of [
    ['/', 'Data Connect Partner Portal'],
    ['/link', 'Link your accounts'],
    ['/sign-in', 'Staff sign-in'],
  ] as const) {
    test(`${path} renders and passes axe`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expectNoAxeViolations(page);
    });
  }

  test('an unknown address shows the not-found page with status 404', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('the navigation works by keyboard, starting with the skip link', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);

    await page.goto('/');
    const linkAccounts = page.getByRole('navigation', { name: 'Main' }).getByRole('link', {
      name: 'Link accounts',
    });
    for (
      let i = 0;
      i < 10 && !(await linkAccounts.evaluate((el) => el === document.activeElement));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    await expect(linkAccounts).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/link$/);
    await expect(linkAccounts).toHaveAttribute('aria-current', 'page');
  });

  test('the health endpoint reports the database and the API host', async ({ request }) => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      ok: true,
      mode: 'sandbox',
      database: { ok: true, kind: 'pglite' },
      api: { ok: true },
    });
  });

  test('phone width: no horizontal scrolling on the start page', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto('/');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test.describe('staff pages', () => {
  for (const [path, heading] of [
    ['/staff/customers', 'Customers'],
    ['/staff/emails', 'Connect emails'],
    ['/staff/events', 'Webhook events'],
    ['/staff/team', 'Team'],
  ] as const) {
    test(`${path} renders for the admin and passes axe`, async ({ page }) => {
      await signInAsAdmin(page, path);
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expectNoAxeViolations(page);
    });
  }

  test('the staff navigation works by keyboard', async ({ page }) => {
    await signInAsAdmin(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [name, path] of [
      ['Emails', '/staff/emails'],
      ['Events', '/staff/events'],
      ['Team', '/staff/team'],
      ['Customers', '/staff/customers'],
    ] as const) {
      await nav.getByRole('link', { name }).focus();
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`${path}$`));
    }
  });
});

test('staff pages fit a phone screen without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signInAsAdmin(page);
  for (const path of ['/staff/customers', '/staff/emails', '/staff/events', '/staff/team']) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});
