import { test as base, expect, type Page, type Route } from '@playwright/test';
import { connectFrame, SANDBOX_URL, sandboxControl, startAsNewCustomer } from './support/customer';

/**
 * The signed-in /link page loads what it shows; the institution search's combobox, the joint
 * form and the Connect SDK arrive on first use. These tests hold or refuse the scripts a page asks
 * for after it has loaded, to see that nothing is lost while they arrive or when they cannot.
 */

const BUDGET_BYTES = 150 * 1024;

/** Opens /link signed in, on an empty cache; returns the scripts that load transferred. */
async function coldSignedInLoad(page: Page) {
  const scripts = new Map<string, number>();
  const sizes: Array<Promise<void>> = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() !== 'script') return;
    sizes.push(
      request.sizes().then((s) => {
        scripts.set(request.url(), s.responseBodySize);
      }),
    );
  });
  await page.goto('/link', { waitUntil: 'networkidle' });
  await Promise.all(sizes);
  return scripts;
}

/** Scripts asked for after the page loaded go through `handle`. */
async function routeLaterScripts(
  page: Page,
  loaded: Map<string, number>,
  handle: (route: Route) => Promise<void> | void,
) {
  await page.route('**/_next/static/chunks/**', (route) =>
    loaded.has(route.request().url()) ? route.continue() : handle(route),
  );
}

/** `page` signed in as a new customer; `coldPage` the same customer with an empty cache. */
const test = base.extend<{ coldPage: Page }>({
  coldPage: async ({ page, browser }, provide) => {
    await startAsNewCustomer(page, 'Later', 'Loaded');
    const context = await browser.newContext({
      storageState: await page.context().storageState(),
    });
    await provide(await context.newPage());
    await context.close();
  },
});

test('a cold signed-in load stays in budget; typing while the search arrives loses nothing', async ({
  coldPage: page,
}) => {
  const loaded = await coldSignedInLoad(page);
  const total = [...loaded.values()].reduce((sum, size) => sum + size, 0);
  expect(total, `gzip JavaScript of a cold signed-in /link: ${total} bytes`).toBeLessThan(
    BUDGET_BYTES,
  );
  expect([...loaded.keys()].some((url) => url.includes('connect-web-sdk'))).toBe(false);

  const held: Route[] = [];
  await routeLaterScripts(page, loaded, (route) => {
    held.push(route);
  });
  const input = page.getByRole('combobox', { name: 'Find your bank or credit union' });
  await input.focus();
  await page.keyboard.type('finbank prof');
  // The combobox's code was asked for only now, and is still on its way.
  await expect.poll(() => held.length).toBeGreaterThan(0);
  await expect(input).toHaveValue('finbank prof');
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(0);

  for (const route of held) await route.continue();
  await page.unroute('**/_next/static/chunks/**');
  await expect(page.getByRole('status').filter({ hasText: /institutions? found/ })).toBeVisible();
  await expect(page.getByRole('listbox').getByRole('option').first()).toContainText(
    'FinBank Profiles - A',
  );
  await expect(input).toBeFocused();
  await expect(input).toHaveValue('finbank prof');
  // The keyboard works on the combobox that took over.
  await page.keyboard.press('ArrowDown');
  await expect(input).toHaveAttribute('aria-activedescendant', /.+/);
});

test('when the search, the joint form or Connect cannot be loaded, the page says so and a retry works', async ({
  coldPage: page,
}) => {
  const loaded = await coldSignedInLoad(page);
  await routeLaterScripts(page, loaded, (route) => route.abort('internetdisconnected'));

  const input = page.getByRole('combobox', { name: 'Find your bank or credit union' });
  await input.click();
  await expect(
    page.getByRole('status').filter({ hasText: 'The search could not be loaded' }),
  ).toBeVisible();
  await page.getByText('Applying with a co-borrower?').click();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be loaded' })).toBeVisible();

  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  await expect(page.getByText('Connect could not be loaded. Check your connection')).toBeVisible();

  await page.unroute('**/_next/static/chunks/**');
  await page.getByRole('button', { name: 'try again' }).click();
  await expect(page.getByRole('group', { name: 'Your co-borrower' })).toBeVisible();
  await page.getByRole('button', { name: 'Use the full search in Connect' }).focus();
  await input.click();
  await expect(page.getByRole('status').filter({ hasText: 'popular institutions' })).toBeVisible();
  await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Start again' }).click();
  await expect(
    connectFrame(page).getByRole('heading', { name: /Connect your accounts/ }),
  ).toBeVisible();
});

test('accounts that cannot be read say so, and Refresh reads them again', async ({
  coldPage: page,
}) => {
  const accounts = 'GET /aggregation/v1/customers/{customerId}/accounts';
  await sandboxControl('/faults', { endpoint: accounts, status: 503 });
  try {
    await page.goto('/link');
    await expect(
      page.getByRole('alert').filter({ hasText: 'Use Refresh to try again.' }),
    ).toBeVisible();
  } finally {
    await fetch(`${SANDBOX_URL}/__sandbox/faults`, { method: 'DELETE' });
  }
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText('No accounts linked yet.')).toBeVisible();
  await expect(page.getByText('Use Refresh to try again.')).toHaveCount(0);
});
