import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { SANDBOX_DEMO } from '../lib/env-schema';
import { expectNoAxeViolations } from './support/axe';
import { nextLinkId, startAsNewCustomer } from './support/customer';
import { signInAsAdmin } from './support/staff';
import { signBody } from '../lib/webhooks/verify';

// What the built portal answers to bodies no real sender would send, over HTTP.

const eventId = () => `${Date.now()}-${randomBytes(12).toString('hex')}`;
const signed = (body: string) => ({
  'Content-Type': 'application/json',
  'X-Finicity-Signature': signBody(body, SANDBOX_DEMO.partnerSecret),
});

test('a signed webhook nested 30,000 levels deep is kept quarantined, shown to staff, and jams nothing', async ({
  page,
  request,
}) => {
  const marker = `deep-${randomBytes(4).toString('hex')}`;
  const deep = `{"eventType":"added","marker":"${marker}","payload":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
  const response = await request.post('/api/webhooks/connect', {
    data: deep,
    headers: signed(deep),
  });
  expect(response.status()).toBe(200);

  // The next webhook, and every route that touches the database, still answer.
  const next = JSON.stringify({ eventType: 'started', eventId: eventId(), payload: {} });
  const stored = await request.post('/api/webhooks/connect', { data: next, headers: signed(next) });
  expect(stored.status()).toBe(200);
  expect((await request.get('/api/health/live')).status()).toBe(200);

  await signInAsAdmin(page, '/staff/events');
  await expect(
    page.getByRole('cell', { name: /Quarantined \(nested too deeply\)/ }).first(),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the SDK events route keeps what it can and refuses the rest with 400, never 500', async ({
  page,
}) => {
  await startAsNewCustomer(page, 'Sdk', 'Fuzz');
  const linkId = nextLinkId(page);
  await page.getByRole('button', { name: 'Connect your accounts' }).click();
  const id = await linkId;
  const post = (data: string) =>
    page.request.post(`/api/links/${id}/sdk-events`, {
      data,
      headers: { 'Content-Type': 'application/json' },
    });
  const clean = await post(
    '{"type":"route","data":{"screen":"search\\u0000","params":{"q":"\\ud800"}}}',
  );
  expect(clean.status()).toBe(200);
  const deep = await post(`{"type":"user","data":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`);
  expect(deep.status()).toBe(400);
  expect(await deep.json()).toEqual({ error: 'Event nested deeper than 32 levels.' });
  expect((await post('{"type":')).status()).toBe(400);
});
