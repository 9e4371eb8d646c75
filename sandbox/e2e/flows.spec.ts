// Lite, Fix, joint borrower, each MFA kind and the session timeout, through the official SDK.
import { expect, test } from '@playwright/test';
import {
  advanceClock,
  api,
  connectFrame,
  CONSUMER_ID,
  CUSTOMER_ID,
  expectOutcome,
  expectWebhooks,
  FINBANK,
  generate,
  heading,
  launch,
  openPartner,
  resetSandbox,
  routes,
  saveAndSubmit,
  signIn,
  toLogin,
  userActions,
  SESSION_EVENTS,
} from './helpers';

test.beforeEach(async () => {
  await resetSandbox();
});

test('Lite: consent, sign-in at the link institution, accounts, success', async ({ page }) => {
  const { link, tag } = await generate('/connect/v2/generate/lite', { institutionId: FINBANK });
  await openPartner(page);
  await launch(page, link, 'container');
  const frame = connectFrame(page);
  await heading(frame, 'Connect FinBank');
  await frame.getByRole('button', { name: 'Next' }).click();
  await heading(frame, 'Sign in to FinBank');
  await signIn(frame, 'demo', 'go');
  await saveAndSubmit(frame, false);
  const events = await expectOutcome(page, 'onDone', { code: 200, reason: 'complete' });
  expect(routes(events)).toEqual(['landing', 'login', 'account-selection', 'success']);
  await expectWebhooks(tag, SESSION_EVENTS);
});

test('Fix: a fix_108 login is re-authenticated and its accounts return to 0', async ({ page }) => {
  // A Full session as fix_108 leaves the accounts with aggregationStatusCode 108.
  const first = await generate('/connect/v2/generate/lite', { institutionId: FINBANK });
  const done = await fetch('http://localhost:4210/__sandbox/sessions/complete', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ link: first.link, profile: 'fix_108' }),
  });
  const completed = (await done.json()) as { institutionLoginId: number };
  const loginId = String(completed.institutionLoginId);
  const before = await api<{ accounts: Array<{ aggregationStatusCode: number }> }>(
    'GET',
    `/aggregation/v1/customers/${CUSTOMER_ID}/institutionLogins/${loginId}/accounts`,
  );
  expect(before.accounts.every((a) => a.aggregationStatusCode === 108)).toBe(true);

  const { link, tag } = await generate('/connect/v2/generate/fix', {
    institutionLoginId: loginId,
  });
  await openPartner(page);
  await launch(page, link, 'modal');
  const frame = connectFrame(page);
  await heading(frame, 'Reconnect FinBank');
  await frame.getByRole('button', { name: 'Next' }).click();
  await heading(frame, 'Sign in to FinBank');
  await signIn(frame, 'demo', 'go');
  const events = await expectOutcome(page, 'onDone', { code: 200 });
  expect(routes(events)).toEqual(['landing', 'login', 'success']);
  expect(userActions(events)).toEqual(['End']);
  const hooks = await expectWebhooks(tag, [
    'started',
    'institutionSupported',
    'adding',
    'credentialsUpdated',
    'done',
  ]);
  expect(hooks[4]?.payload).toMatchObject({ institutionLoginId: loginId });
  const after = await api<{ accounts: Array<{ aggregationStatusCode: number }> }>(
    'GET',
    `/aggregation/v1/customers/${CUSTOMER_ID}/institutionLogins/${loginId}/accounts`,
  );
  expect(after.accounts.every((a) => a.aggregationStatusCode === 0)).toBe(true);
});

test('joint borrower: the primary borrower, then the joint borrower, in one session', async ({
  page,
}) => {
  const joint = await api<{ id: string }>('POST', '/aggregation/v2/customers/testing', {
    username: `joint_${Date.now()}`,
  });
  const consumer = await api<{ id: string }>(
    'POST',
    `/decisioning/v1/customers/${joint.id}/consumer`,
    {
      firstName: 'Marge',
      lastName: 'Loanseeke',
      state: 'UT',
      birthday: { year: 1972, month: 3, dayOfMonth: 19 },
      email: 'marge@example.com',
    },
  );
  const { link, tag } = await generate('/connect/v2/generate/jointBorrower', {
    customerId: undefined,
    borrowers: [
      { customerId: CUSTOMER_ID, consumerId: CONSUMER_ID, type: 'primary' },
      { customerId: String(joint.id), consumerId: consumer.id, type: 'jointBorrower' },
    ],
  });
  await openPartner(page);
  await launch(page, link, 'container');
  const frame = connectFrame(page);
  await toLogin(frame, 'FinBank', 'FinBank');
  await expect(frame.getByText('Primary borrower')).toBeVisible();
  await signIn(frame, 'demo', 'go');
  await heading(frame, 'Select the accounts to share');
  await frame.getByRole('button', { name: 'Save' }).click();
  await frame.getByRole('button', { name: 'Submit and continue to joint borrower' }).click();
  await heading(frame, 'Joint borrower');
  await frame.getByRole('button', { name: 'Next' }).click();
  await heading(frame, 'Search for your bank');
  await expect(frame.getByText('Joint borrower')).toBeVisible();
  await frame.getByLabel('Bank name').fill('FinBank Profiles');
  await frame.getByRole('button', { name: 'Search', exact: true }).click();
  await frame.getByRole('button', { name: 'FinBank Profiles - A', exact: true }).click();
  await frame.getByRole('button', { name: 'Next' }).click();
  await signIn(frame, 'profile_02', 'profile_02', ['Banking Userid', 'Banking Password']);
  await expect(frame.getByRole('checkbox')).toHaveCount(4);
  await saveAndSubmit(frame);
  const events = await expectOutcome(page, 'onDone', { code: 200 });
  expect(routes(events)).toContain('joint-borrower');
  const hooks = await expectWebhooks(tag, [
    'started',
    'institutionSupported',
    'adding',
    'discovered',
    'added',
    'institutionSupported',
    'adding',
    'discovered',
    'added',
    'done',
  ]);
  expect(hooks.filter((h) => h.eventType === 'added').map((h) => h.customerId)).toEqual([
    CUSTOMER_ID,
    String(joint.id),
  ]);
});

for (const mfa of [
  {
    user: 'tfa_text',
    kind: 'text',
    answer: async (c: ReturnType<typeof connectFrame>) => {
      await c.getByLabel('What is the name of your first pet?').fill('mfa');
      await c.getByRole('button', { name: 'Submit' }).click();
      await expect(c.getByRole('alert')).toContainText('Another question');
      await c.getByLabel('What is the name of your first pet?').fill('Rex');
    },
  },
  {
    user: 'tfa_image',
    kind: 'image',
    answer: async (c: ReturnType<typeof connectFrame>) => {
      await expect(c.getByRole('img', { name: /Security image/ })).toBeVisible();
      await c.getByLabel('Characters in the image').fill('X7P2Q');
    },
  },
  {
    user: 'tfa_choice',
    kind: 'choice',
    answer: async (c: ReturnType<typeof connectFrame>) => {
      await c.getByRole('group', { name: 'Where were you born?' }).getByLabel('Ogden').check();
    },
  },
  {
    user: 'tfa_multi',
    kind: 'imageChoice',
    answer: async (c: ReturnType<typeof connectFrame>) => {
      await c
        .getByRole('group', { name: 'Choose your security image.' })
        .getByLabel('moon')
        .check();
    },
  },
]) {
  test(`MFA ${mfa.kind} (${mfa.user})`, async ({ page }) => {
    const { link, tag } = await generate('/connect/v2/generate/lite', { institutionId: FINBANK });
    await openPartner(page);
    await launch(page, link, 'container');
    const frame = connectFrame(page);
    await frame.getByRole('button', { name: 'Next' }).click();
    await signIn(frame, mfa.user, 'go');
    await heading(frame, 'Verify your identity');
    await mfa.answer(frame);
    await frame.getByRole('button', { name: 'Submit' }).click();
    await saveAndSubmit(frame, false);
    const events = await expectOutcome(page, 'onDone', { code: 200 });
    const mfaRoute = events.find(
      (e) => e.name === 'onRoute' && (e.args[0] as { screen: string }).screen === 'mfa',
    );
    expect(mfaRoute?.args[0]).toMatchObject({ params: { type: mfa.kind } });
    await expectWebhooks(tag, SESSION_EVENTS);
  });
}

test('timeout: alert after 5 minutes on the sandbox clock, error 1440 two minutes later', async ({
  page,
}) => {
  const { link, tag } = await generate();
  await openPartner(page);
  await launch(page, link, 'container');
  const frame = connectFrame(page);
  await heading(frame, /Connect your accounts/);
  await frame.getByRole('button', { name: 'Next' }).click();
  await heading(frame, 'Search for your bank');
  await advanceClock('5m');
  const alert = frame.getByRole('alertdialog', { name: 'Are you still there?' });
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('button', { name: 'Continue' })).toBeFocused();
  await alert.getByRole('button', { name: 'Continue' }).click();
  await expect(alert).toBeHidden();
  await advanceClock('5m');
  await expect(alert).toBeVisible();
  await advanceClock('2m');
  const events = await expectOutcome(page, 'onError', { code: 1440, reason: 'timeout' });
  expect(userActions(events)).toEqual(['DisplayAlert', 'DisplayAlert']);
  await expectWebhooks(tag, ['started']);
});

test('slow discovery waits for the sandbox clock', async ({ page }) => {
  const { link } = await generate('/connect/v2/generate/lite', { institutionId: FINBANK });
  await openPartner(page);
  await launch(page, link, 'container');
  const frame = connectFrame(page);
  await frame.getByRole('button', { name: 'Next' }).click();
  await signIn(frame, 'discovertimeout', 'go');
  await heading(frame, 'Finding your accounts');
  await advanceClock('1m');
  await saveAndSubmit(frame, false);
  await expectOutcome(page, 'onDone', { code: 200 });
});
