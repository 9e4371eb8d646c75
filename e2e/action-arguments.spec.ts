import { expect, type APIRequestContext, type Page, type Request, test } from '@playwright/test';
import { startAsNewCustomer } from './support/customer';
import { signInAsAdmin } from './support/staff';

// Server actions are public HTTP endpoints, and a hand-made call can send any arguments, not
// only form data. Each action must answer its normal refusal (never a 500) before doing any
// session or upstream work. The action's id is captured from a real submission; the arguments
// are then sent as JSON, the way the React client encodes non-form arguments.

const MALFORMED = 'The form could not be read. Reload the page and try again.';

async function actionIdOf(page: Page, submit: () => Promise<void>): Promise<string> {
  const request: Promise<Request> = page.waitForRequest(
    (r) => r.method() === 'POST' && !!r.headers()['next-action'],
  );
  await submit();
  return (await request).headers()['next-action']!;
}

async function callWith(
  request: APIRequestContext,
  path: string,
  actionId: string,
  args: unknown[],
): Promise<{ status: number; text: string }> {
  const response = await request.post(path, {
    headers: {
      'next-action': actionId,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
    },
    data: JSON.stringify(args),
  });
  return { status: response.status(), text: await response.text() };
}

const WRONG_SHAPES: unknown[][] = [
  [null, null],
  [{}, 5],
  ['text', 'text'],
  [[1, 2], [3]],
  [{ email: 'a@example.com' }, { password: 'x' }],
];

test('staff sign-in answers arguments that are not form data with its refusal', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password').fill('not-the-password');
  const id = await actionIdOf(page, () => page.getByRole('button', { name: 'Sign in' }).click());
  for (const args of WRONG_SHAPES) {
    const answer = await callWith(page.request, '/sign-in', id, args);
    expect(answer.status, JSON.stringify(args)).toBe(200);
    expect(answer.text).toContain(MALFORMED);
  }
});

test('the joint-borrower action answers anonymous calls of any shape with its refusal', async ({
  page,
  browser,
}) => {
  await startAsNewCustomer(page, 'Shape', 'Joint');
  await page.getByText('Applying with a co-borrower?').click();
  const id = await actionIdOf(page, () =>
    page.getByRole('button', { name: 'Continue to Connect for both of us' }).click(),
  );
  const anonymous = await browser.newContext();
  for (const args of WRONG_SHAPES.slice(0, 4)) {
    const answer = await callWith(anonymous.request, '/link', id, args);
    expect(answer.status, JSON.stringify(args)).toBe(200);
    expect(answer.text).toContain(MALFORMED);
  }
  await anonymous.close();
});

test('adding consumer details answers null and other shapes with its refusal', async ({ page }) => {
  await signInAsAdmin(page, '/staff/customers');
  const form = page.getByRole('form', { name: 'Create a customer' });
  await form.getByLabel('First name').fill('Shape');
  await form.getByLabel('Last name').fill('Consumer');
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(form.getByRole('status')).toContainText('Created Shape Consumer.');
  await page.getByRole('link', { name: 'Shape Consumer' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Shape Consumer' })).toBeVisible();
  const customerId = new URL(page.url()).pathname.split('/').pop()!;
  const consumer = page.getByRole('form', { name: 'Consumer' });
  const id = await actionIdOf(page, () =>
    consumer.getByRole('button', { name: 'Add consumer details' }).click(),
  );
  const path = new URL(page.url()).pathname;
  for (const args of [
    [customerId, null, null],
    [customerId, null, 5],
    [customerId, null, 'text'],
    [customerId, null, [1]],
    [null, null, {}],
    [42, null, null],
  ]) {
    const answer = await callWith(page.request, path, id, args);
    expect(answer.status, JSON.stringify(args)).toBe(200);
    expect(answer.text).toContain(MALFORMED);
  }
});
