import { randomBytes } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { signInAsAdmin } from './support/staff';

// Staff create customers (with consumers), generate Connect links of every kind for them, and
// make and revoke personal links that a customer then opens in a browser of their own.

const SANDBOX_PORT = process.env.E2E_SANDBOX_PORT ?? '4110';

/** Letters only: customer names allow letters, spaces, apostrophes, hyphens and periods. */
const letters = () =>
  Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');

async function createCustomer(
  page: Page,
  person: { firstName: string; lastName: string; email: string },
  consumer: boolean,
) {
  await page.goto('/staff/customers');
  const form = page.getByRole('form', { name: 'Create a customer' });
  await form.getByLabel('First name').fill(person.firstName);
  await form.getByLabel('Last name').fill(person.lastName);
  await form.getByLabel('Email').fill(person.email);
  if (consumer) {
    await form.getByLabel('Add the consumer details now').check();
    await form.getByLabel('State').selectOption('UT');
    await form.getByLabel('Birth date').fill('1985-03-14');
    await form.getByLabel('City (optional)').fill('Murray');
  }
  await form.getByRole('button', { name: 'Create customer' }).click();
  const name = `${person.firstName} ${person.lastName}`;
  await expect(form.getByRole('status')).toContainText(
    `Created ${name}${consumer ? ' with consumer details' : ''}.`,
  );
  return name;
}

test('the new pages redirect to sign-in when signed out', async ({ page }) => {
  await page.goto('/staff/customers');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstaff%2Fcustomers$/);
  await page.goto('/staff/customers/00000000-0000-4000-8000-000000000000');
  await expect(page).toHaveURL(
    /\/sign-in\?next=%2Fstaff%2Fcustomers%2F00000000-0000-4000-8000-000000000000$/,
  );
});

test('an unknown customer id is a 404', async ({ page }) => {
  await signInAsAdmin(page);
  for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
    const response = await page.goto(`/staff/customers/${id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  }
});

test('the create form reports every field problem at once and keeps what was typed', async ({
  page,
}) => {
  await signInAsAdmin(page, '/staff/customers');
  await expectNoAxeViolations(page);
  const form = page.getByRole('form', { name: 'Create a customer' });
  await form.getByLabel('First name').fill('Jane');
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByLabel('Add the consumer details now').check();
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(form.getByRole('status')).toHaveText('Check the highlighted fields.');
  const lastName = form.getByLabel('Last name');
  await expect(lastName).toHaveAttribute('aria-invalid', 'true');
  await expect(lastName).toBeFocused();
  await expect(form.getByLabel('Email')).toHaveAccessibleDescription(
    /Enter a valid email address, or leave it empty\./,
  );
  await expect(form.getByLabel('State')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('First name')).toHaveValue('Jane');
  await expectNoAxeViolations(page);
});

test('an active customer is refused by the sandbox with a sentence, not created', async ({
  page,
}) => {
  await signInAsAdmin(page, '/staff/customers');
  const form = page.getByRole('form', { name: 'Create a customer' });
  await expect(form.getByText('The sandbox refuses active customers')).toBeVisible();
  const lastName = `Active-${letters()}`;
  await form.getByLabel('First name').fill('Al');
  await form.getByLabel('Last name').fill(lastName);
  await form.getByLabel('Active (billable)').check();
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(form.getByRole('status')).toHaveText(
    'Active (billable) customers cannot be created with the current Mastercard credentials.',
  );
  await expect(page.getByRole('link', { name: `Al ${lastName}` })).toHaveCount(0);
});

test('customer with consumer → Full link → personal link opened, revoked, refused', async ({
  page,
  context,
  browser,
}) => {
  await signInAsAdmin(page, '/staff/customers');
  const person = { firstName: 'Jane', lastName: `Doe-${letters()}`, email: 'jane@example.com' };
  const name = await createCustomer(page, person, true);

  // Listed with its Open Finance id and consumer; its page has everything.
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
  await expect(row.getByRole('cell').nth(2)).toHaveText(/^\d+$/);
  await expect(row.getByRole('cell').nth(3)).toHaveText('testing');
  await expect(row.getByRole('cell').nth(4)).toHaveText('Yes');
  await page
    .getByRole('form', { name: 'Create a customer' })
    .getByRole('link', { name: `Open ${name}` })
    .click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText(/Consumer ID [0-9a-f]{32}/)).toBeVisible();
  await expect(page.getByText('No Connect links yet.')).toBeVisible();
  await expectNoAxeViolations(page);

  // A Full link, shown to copy; listed with its status and expiry.
  const generate = page.getByRole('form', { name: 'Generate a Connect link' });
  await generate.getByLabel('Language').selectOption('es-US');
  await generate.getByRole('button', { name: 'Generate link' }).click();
  await expect(generate.getByRole('status')).toContainText('Full link generated.');
  const url = generate.getByLabel('Connect URL');
  await expect(url).toHaveValue(
    new RegExp(`^http://localhost:${SANDBOX_PORT}/connect\\?.*customerId=\\d+`),
  );
  await expect(url).toHaveValue(/language=es-US/);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await generate.getByRole('button', { name: 'Copy link' }).click();
  await expect(generate.getByText('Copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await url.inputValue());
  const links = page.getByRole('table', { name: /Connect links of/ });
  await expect(links.getByRole('row')).toHaveCount(2);
  await expect(links.getByRole('row').nth(1)).toContainText('Full');
  await expect(links.getByRole('row').nth(1)).toContainText('Generated');
  await expect(links.getByRole('row').nth(1)).toContainText('Administrator');
  await expectNoAxeViolations(page);

  // A personal link, shown once.
  await page.getByRole('button', { name: 'Make a personal link' }).click();
  const personal = page.getByLabel('Personal link', { exact: true });
  await expect(personal).toHaveValue(/\/link\/[A-Za-z0-9_-]{40,}$/);
  const personalUrl = await personal.inputValue();
  expect(new URL(personalUrl).origin).toBe(new URL(page.url()).origin);
  const tokens = page.getByRole('form', { name: 'Personal links' });
  await expect(tokens.getByRole('row')).toHaveCount(2);
  await expect(tokens.getByRole('row').nth(1)).toContainText('Active');
  await expect(tokens.getByRole('row').nth(1)).toContainText('Never');
  await expectNoAxeViolations(page);

  // The customer opens it in a browser of their own: the session is theirs.
  const customerContext = await browser.newContext();
  const customerPage = await customerContext.newPage();
  await customerPage.goto(personalUrl);
  await expect(customerPage).toHaveURL(/\/link$/);
  await expect(customerPage.getByRole('main')).toContainText(name);

  // Last used shows up; revoking it is announced and the row says so.
  await page.reload();
  await expect(tokens.getByRole('row').nth(1)).not.toContainText('Never');
  await tokens.getByRole('button', { name: /^Revoke the personal link made/ }).click();
  await expect(tokens.getByRole('status')).toContainText('Personal link revoked.');
  await expect(tokens.getByRole('row').nth(1)).toContainText('Revoked');
  await expect(tokens.getByRole('button', { name: /^Revoke/ })).toHaveCount(0);

  // Opened again (a new browser), the link is refused as withdrawn.
  const laterContext = await browser.newContext();
  const laterPage = await laterContext.newPage();
  await laterPage.goto(personalUrl);
  await expect(laterPage).toHaveURL(/\/link\?link=revoked$/);
  await expect(laterPage.getByRole('main').getByRole('alert')).toHaveText(
    'That personal link was withdrawn. Ask us for a new one.',
  );
  await expect(laterPage.getByRole('main')).not.toContainText(name);
  await Promise.all([customerContext.close(), laterContext.close()]);
});

test('consumer details added later; Lite, Fix and joint links; refusals in words', async ({
  page,
}) => {
  await signInAsAdmin(page, '/staff/customers');
  const partner = await createCustomer(
    page,
    { firstName: 'Lee', lastName: `Partner-${letters()}`, email: 'lee@example.com' },
    true,
  );
  const person = { firstName: 'Sam', lastName: `Later-${letters()}`, email: 'sam@example.com' };
  const name = await createCustomer(page, person, false);
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  // Joint without a consumer: the sentence says what to do.
  const generate = page.getByRole('form', { name: 'Generate a Connect link' });
  await generate.getByLabel('Kind of link').selectOption('joint');
  await generate
    .getByLabel('Joint borrower')
    .selectOption({ label: `${partner} <lee@example.com>` });
  await generate.getByRole('button', { name: 'Generate link' }).click();
  await expect(generate.getByRole('status')).toHaveText(
    'The primary borrower has no consumer details yet; add them before sending this.',
  );

  // Add the consumer on the page (names and email prefilled).
  const consumer = page.getByRole('form', { name: 'Consumer' });
  await expect(consumer.getByLabel('First name')).toHaveValue('Sam');
  await consumer.getByRole('button', { name: 'Add consumer details' }).click();
  await expect(consumer.getByRole('status')).toHaveText('Check the highlighted fields.');
  await expect(consumer.getByLabel('State')).toBeFocused();
  await consumer.getByLabel('State').selectOption('TX');
  await consumer.getByLabel('SSN').fill('123-45-6789');
  await consumer.getByRole('button', { name: 'Add consumer details' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Consumer details added.' }),
  ).toBeVisible();
  await expect(page.getByText(/Consumer ID [0-9a-f]{32}/)).toBeVisible();

  // Now the joint link works (the select kept its choice).
  await generate.getByLabel('Kind of link').selectOption('joint');
  await generate
    .getByLabel('Joint borrower')
    .selectOption({ label: `${partner} <lee@example.com>` });
  await generate.getByRole('button', { name: 'Generate link' }).click();
  await expect(generate.getByRole('status')).toContainText('Joint borrower link generated.');

  // Lite needs an institution id.
  await generate.getByLabel('Kind of link').selectOption('lite');
  await generate.getByRole('button', { name: 'Generate link' }).click();
  await expect(generate.getByLabel('Institution ID')).toHaveAccessibleDescription(
    /Enter the institution ID, e.g. 102105\./,
  );
  await generate.getByLabel('Institution ID').fill('102105');
  await generate.getByLabel('Single use').check();
  // Keyboard: Enter in a field submits the form.
  await generate.getByLabel('Institution ID').press('Enter');
  await expect(generate.getByRole('status')).toContainText('Lite link generated.');
  await expect(generate.getByLabel('Connect URL')).toHaveValue(/type=lite/);

  // Fix with a login this customer does not have: the sandbox refuses, the page explains.
  await generate.getByLabel('Kind of link').selectOption('fix');
  await generate.getByLabel('Institution login ID').fill('1007302745');
  await generate.getByRole('button', { name: 'Generate link' }).click();
  await expect(generate.getByRole('status')).toContainText('cannot be repaired');

  const links = page.getByRole('table', { name: /Connect links of/ });
  await expect(links.getByRole('row')).toHaveCount(3);
  await expect(links).toContainText(`Joint borrower with ${partner}`);
  await expect(links).toContainText('Lite · institution 102105');
  await expectNoAxeViolations(page);
});
