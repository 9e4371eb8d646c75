import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { DEMO_ADMIN, signIn, signInAsAdmin } from './support/staff';

test('a staff page while signed out redirects to sign-in, then back after signing in', async ({
  page,
}) => {
  await page.goto('/staff/events');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstaff%2Fevents$/);
  await page.getByLabel('Email').fill(DEMO_ADMIN.email);
  await page.getByLabel('Password').fill(DEMO_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff\/events$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Webhook events' })).toBeVisible();
});

test('the session cookie is http-only and SameSite', async ({ page, context }) => {
  await signInAsAdmin(page);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.includes('session_token'));
  expect(session).toBeDefined();
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email, 'not-the-password');
  await expect(page.getByRole('status')).toHaveText(
    'That email and password do not match a staff account.',
  );
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel('Email')).toHaveValue(DEMO_ADMIN.email);
  await expectNoAxeViolations(page);
});

test('an empty form gets per-field errors tied to the inputs', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const email = page.getByLabel('Email');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription('Enter the email address of your staff account.');
});

test('sign-out ends the session', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/staff/customers');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
});

test('a staff user is refused where the admin role is required', async ({ page, browser }) => {
  await signInAsAdmin(page, '/staff/team');
  const email = `staff-${Date.now()}@example.com`;
  await page.getByLabel('Name').fill('Sam Staff');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Temporary password').fill('staff-password-2026');
  await page.getByLabel('Role').selectOption('staff');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByRole('status')).toHaveText(`Added ${email}.`);
  await expect(page.getByRole('cell', { name: email })).toBeVisible();

  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await signIn(staffPage, email, 'staff-password-2026');
  await expect(staffPage).toHaveURL(/\/staff\/customers$/);
  await expect(
    staffPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }),
  ).toHaveCount(0);
  const response = await staffPage.goto('/staff/team');
  expect(response?.status()).toBe(403);
  await expect(
    staffPage.getByRole('heading', { name: 'You do not have access to this page' }),
  ).toBeVisible();
  await staffContext.close();
});

test('after sign-in, only paths on the portal are followed', async ({ page, baseURL }) => {
  // The action, from the form: `next` carried in a hidden field.
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password, '/\\evil.example');
  await expect(page).toHaveURL(`${baseURL}/staff/customers`);
  // The page, for a signed-in member of staff.
  for (const next of [
    '//evil.example',
    '/%5Cevil.example',
    '/%09/evil.example',
    'https://evil.example',
  ]) {
    await page.goto(`/sign-in?next=${next}`);
    await expect(page).toHaveURL(`${baseURL}/staff/customers`);
    await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  }
  await page.goto('/sign-in?next=%2Fstaff%2Fevents');
  await expect(page).toHaveURL(`${baseURL}/staff/events`);
});

test('without JavaScript, the sign-in form does not follow an off-site next either', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password, '/\\evil.example');
  await expect(page).toHaveURL(`${baseURL}/staff/customers`);
  await context.close();
});
