import { expect, type Page, type Request, test } from '@playwright/test';
import { startAsNewCustomer } from './support/customer';
import { signIn, signInAsAdmin } from './support/staff';

// Server actions are public HTTP endpoints: anyone can replay a captured request. Each action must
// check its caller on the server, whatever the page showed. These tests capture a real action
// request from an allowed caller and replay it as other callers.

async function captureAction(page: Page, submit: () => Promise<void>): Promise<Request> {
  const request = page.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']);
  await submit();
  return request;
}

async function replay(page: Page, captured: Request): Promise<string> {
  const headers = await captured.allHeaders();
  const response = await page.request.post(captured.url(), {
    headers: {
      'next-action': headers['next-action']!,
      'content-type': headers['content-type']!,
      accept: 'text/x-component',
    },
    data: captured.postDataBuffer() ?? Buffer.from(''),
  });
  return response.text();
}

test('the admin-only "add staff member" action refuses staff and signed-out callers', async ({
  page,
  browser,
}) => {
  await signInAsAdmin(page, '/staff/team');
  const email = `replayed-${Date.now()}@example.com`;
  // First a real staff account to replay as.
  const staffEmail = `plain-staff-${Date.now()}@example.com`;
  await page.getByLabel('Name').fill('Replayed');
  await page.getByLabel('Temporary password').fill('replayed-password-1');
  await page.getByLabel('Email').fill(staffEmail);
  await page.getByLabel('Role').selectOption('staff');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByRole('status')).toHaveText(`Added ${staffEmail}.`);

  // Then the request to replay: an admin adding another admin.
  await page.getByLabel('Name').fill('Replayed');
  await page.getByLabel('Temporary password').fill('replayed-password-1');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role').selectOption('admin');
  const captured = await captureAction(page, () =>
    page.getByRole('button', { name: 'Add staff member' }).click(),
  );
  await expect(page.getByRole('status')).toHaveText(`Added ${email}.`);

  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await signIn(staffPage, staffEmail, 'replayed-password-1');
  await expect(staffPage.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(await replay(staffPage, captured)).toContain('This needs the admin role');
  await staff.close();

  const anonymous = await browser.newContext();
  const anonPage = await anonymous.newPage();
  expect(await replay(anonPage, captured)).toContain('Your session has ended. Sign in again.');
  await anonymous.close();
});

test('a staff action replayed with only a customer session is refused and creates nothing', async ({
  page,
  browser,
}) => {
  await signInAsAdmin(page, '/staff/customers');
  const form = page.getByRole('form', { name: 'Create a customer' });
  const lastName = `Replay${Date.now()}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
  await form.getByLabel('First name').fill('Captured');
  await form.getByLabel('Last name').fill(lastName);
  const captured = await captureAction(page, () =>
    form.getByRole('button', { name: 'Create customer' }).click(),
  );
  await expect(form.getByRole('status')).toContainText(`Created Captured ${lastName}.`);

  const customer = await browser.newContext();
  const customerPage = await customer.newPage();
  await startAsNewCustomer(customerPage, 'Sneaky', 'Customer');
  expect(await replay(customerPage, captured)).toContain('Your session has ended. Sign in again.');
  await customer.close();

  await page.goto('/staff/customers');
  await expect(page.getByRole('cell', { name: `Captured ${lastName}` })).toHaveCount(1);
});

test("a customer action replayed without the customer's session is refused", async ({
  page,
  browser,
}) => {
  await startAsNewCustomer(page, 'Real', 'Owner');
  const captured = await captureAction(page, () =>
    page.getByRole('button', { name: 'Connect your accounts' }).click(),
  );
  const anonymous = await browser.newContext();
  const anonPage = await anonymous.newPage();
  expect(await replay(anonPage, captured)).toContain('Your session has ended.');
  await anonymous.close();
});
