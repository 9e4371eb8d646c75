import { randomBytes } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { signInAsAdmin } from './support/staff';

// Staff send Data Connect emails (single and joint borrower); in sandbox mode they land in the
// sandbox's mailbox, whose JSON (control API) and HTML page (for people) both show them.

const SANDBOX = `http://localhost:${process.env.E2E_SANDBOX_PORT ?? 4110}`;

const letters = () =>
  Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');

interface MailboxMessage {
  kind: string;
  to: string;
  subject: string;
  firstName?: string;
  from: string;
  signature: string[];
  link: string;
}

async function createCustomer(page: Page, firstName: string, consumer: boolean) {
  const lastName = `Mail-${letters()}`;
  const email = `${firstName.toLowerCase()}.${lastName.toLowerCase()}@example.com`;
  await page.goto('/staff/customers');
  const form = page.getByRole('form', { name: 'Create a customer' });
  await form.getByLabel('First name', { exact: true }).fill(firstName);
  await form.getByLabel('Last name', { exact: true }).fill(lastName);
  await form.getByLabel('Email', { exact: true }).fill(email);
  if (consumer) {
    await form.getByLabel('Add the consumer details now', { exact: true }).check();
    await form.getByLabel('State', { exact: true }).selectOption('CA');
    await form.getByLabel('SSN', { exact: true }).fill('987654321');
  }
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(form.getByRole('status')).toContainText(`Created ${firstName} ${lastName}`);
  return {
    name: `${firstName} ${lastName}`,
    email,
    label: `${firstName} ${lastName} <${email}>${consumer ? '' : ' (no consumer)'}`,
  };
}

async function mailbox(page: Page): Promise<MailboxMessage[]> {
  const response = await page.request.get(`${SANDBOX}/__sandbox/mailbox`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { messages: MailboxMessage[] }).messages;
}

test('the emails page redirects to sign-in when signed out', async ({ page }) => {
  await page.goto('/staff/emails');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstaff%2Femails$/);
});

test('a Connect email is sent, listed, and readable in the sandbox mailbox', async ({ page }) => {
  await signInAsAdmin(page);
  const borrower = await createCustomer(page, 'Marvin', true);
  const subject = `Verify your accounts ${letters()}`;

  await page.goto('/staff/emails');
  await expect(page.getByRole('heading', { level: 1, name: 'Connect emails' })).toBeVisible();
  const mailboxLink = page.getByRole('link', { name: 'Open the sandbox mailbox' });
  await expect(mailboxLink).toHaveAttribute('href', `${SANDBOX}/mailbox`);
  await expectNoAxeViolations(page);

  const form = page.getByRole('form', { name: 'Send a Connect email' });
  await form.getByLabel('Customer', { exact: true }).selectOption({ label: borrower.label });
  // Choosing the customer fills the recipient and the greeting.
  await expect(form.getByLabel('To', { exact: true })).toHaveValue(borrower.email);
  await expect(form.getByLabel('First name', { exact: true })).toHaveValue('Marvin');
  await form.getByLabel('Subject', { exact: true }).fill(subject);
  await form.getByLabel('From', { exact: true }).fill('Acme Lending');
  await form.getByLabel('Support phone', { exact: true }).fill('800-555-0100');
  await form.getByLabel('Company name', { exact: true }).fill('Acme Lending');
  await form.getByLabel('Company address', { exact: true }).fill('1 Main St, Springfield');
  await form.getByLabel('Signature', { exact: true }).fill('Jo Banker\nLoan officer');
  await form.getByLabel('Language', { exact: true }).selectOption('en');
  await form.getByRole('button', { name: 'Send Connect email' }).click();
  await expect(form.getByRole('status')).toContainText(`Sent to ${borrower.email}.`);

  const sent = page.getByRole('table', { name: 'Sent Connect emails, newest first' });
  const row = sent.getByRole('row').filter({ hasText: borrower.email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(borrower.name);
  await expect(row).toContainText('Email');
  await expect(row).toContainText('Generated');
  await expectNoAxeViolations(page);

  const message = (await mailbox(page)).find((m) => m.subject === subject);
  expect(message).toMatchObject({
    kind: 'email',
    to: borrower.email,
    from: 'Acme Lending',
    firstName: 'Marvin',
    signature: ['Jo Banker', 'Loan officer'],
  });
  expect(message?.link).toMatch(/origin=email/);

  // The person's way in: the mailbox page lists it, its page has the button with the link.
  await page.goto(`${SANDBOX}/mailbox`);
  await page.getByRole('link', { name: subject }).click();
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Connect your accounts' })).toHaveAttribute(
    'href',
    message!.link,
  );
});

test('a joint borrower email greets both and lands in the mailbox; a missing consumer is explained', async ({
  page,
}) => {
  await signInAsAdmin(page);
  const primary = await createCustomer(page, 'Marvin', true);
  const second = await createCustomer(page, 'Jenny', true);
  const lacking = await createCustomer(page, 'Nora', false);
  const subject = `Joint check ${letters()}`;

  await page.goto('/staff/emails');
  const single = page.getByRole('form', { name: 'Send a Connect email' });
  await single.getByLabel('Customer', { exact: true }).selectOption({ label: lacking.label });
  const addLink = single.getByRole('link', { name: `Add them on ${lacking.name}'s page` });
  await expect(addLink).toBeVisible();
  await single.getByRole('button', { name: 'Send Connect email' }).click();
  await expect(single.getByRole('status')).toHaveText(
    `${lacking.name} has no consumer details yet. Add them on the customer’s page first.`,
  );
  await expect(single.getByLabel('Customer', { exact: true })).toHaveAccessibleDescription(
    'This customer has no consumer details yet.',
  );
  await expectNoAxeViolations(page);

  const form = page.getByRole('form', { name: 'Send a joint borrower email' });
  await form.getByLabel('Primary borrower', { exact: true }).selectOption({ label: primary.label });
  await form.getByLabel('Joint borrower', { exact: true }).selectOption({ label: second.label });
  await expect(form.getByLabel('First names', { exact: true })).toHaveValue('Marvin and Jenny');
  await expect(form.getByLabel('To', { exact: true })).toHaveValue(primary.email);
  await form.getByLabel('Subject', { exact: true }).fill(subject);
  await form.getByLabel('Language', { exact: true }).selectOption('es');
  await form.getByRole('button', { name: 'Send joint borrower email' }).click();
  await expect(form.getByRole('status')).toContainText(`Sent to ${primary.email}.`);

  const row = page
    .getByRole('table', { name: 'Sent Connect emails, newest first' })
    .getByRole('row')
    .filter({ hasText: `${primary.name} and ${second.name}` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Joint borrower email');

  const message = (await mailbox(page)).find((m) => m.subject === subject);
  expect(message).toMatchObject({
    kind: 'email_joint',
    to: primary.email,
    firstName: 'Marvin and Jenny',
  });
  expect(message?.link).toMatch(/language=es/);

  await page.goto(`${SANDBOX}/mailbox`);
  await expect(page.getByRole('link', { name: subject })).toBeVisible();
});

test('a send that Mastercard never answered is told as maybe sent; a second Send is refused; "Send another email" sends one more', async ({
  page,
}) => {
  await signInAsAdmin(page);
  const borrower = await createCustomer(page, 'Tess', true);
  const subject = `Slow send ${letters()}`;
  const sentWith = async () =>
    (await mailbox(page)).filter((m) => m.subject === subject && m.to === borrower.email).length;

  await page.goto('/staff/emails');
  const form = page.getByRole('form', { name: 'Send a Connect email' });
  await form.getByLabel('Customer', { exact: true }).selectOption({ label: borrower.label });
  await form.getByLabel('Subject', { exact: true }).fill(subject);
  // Slower than the portal's write deadline (OPENFINANCE_WRITE_TIMEOUT_MS, 5 s in this suite).
  const fault = await page.request.post(`${SANDBOX}/__sandbox/faults`, {
    data: { endpoint: 'POST /connect/v2/send/email', latencyMs: 8_000, times: 1 },
  });
  expect(fault.ok()).toBe(true);
  const send = form.getByRole('button', { name: 'Send Connect email' });
  await send.click();
  await expect(form.getByRole('status')).toHaveText(
    'The email may have been sent: Mastercard did not answer in time. Check the customer’s emails and the mailbox before sending again.',
    { timeout: 20_000 },
  );
  await expect(form.getByLabel('Subject', { exact: true })).toHaveValue(subject);

  // The second press of Send is refused with the explanation and an explicit way on.
  await send.click();
  await expect(form.getByRole('status')).toContainText('never confirmed whether it was sent');
  const another = form.getByRole('button', { name: 'Send another email' });
  await expect(another).toBeVisible();
  // The slow send did happen upstream: exactly one email so far.
  await expect.poll(sentWith, { timeout: 20_000 }).toBe(1);
  await expectNoAxeViolations(page);

  await another.click();
  await expect(form.getByRole('status')).toContainText(`Sent to ${borrower.email}.`);
  await expect(another).toHaveCount(0);
  expect(await sentWith()).toBe(2);
});
