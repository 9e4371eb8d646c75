import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput, type OutputCapture } from '@/scripts/test-support/capture-output';
import {
  AUTHENTICATION_ENDPOINT,
  createSandboxControl,
  type SandboxControl,
} from '@/scripts/test-support/sandbox-control';
import { startSandboxProcess, type SandboxProcess } from '@/scripts/test-support/sandbox-process';
import { startWebhookSink, type WebhookSink } from '@/scripts/test-support/webhook-sink';
import { createOpenFinanceClient, type OpenFinanceClient } from './client';
import { ApiError, USER_MESSAGES, type ApiErrorKind } from './errors';
import { sendRequest, type Transport } from './transport';

// Every typed operation against the sandbox running as its own process, over HTTP: happy path and
// each documented error. Log output is captured for the whole file and checked for secrets last.

const DEMO = {
  partnerId: '1445585709680',
  partnerSecret: 'SandboxDemoSecret2026',
  appKey: '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25',
};
const DEMO_CUSTOMER_ID = '1005061234';
const DEMO_CONSUMER_ID = '0bf46322c167b562e6cbed9d40e19a4c';
const DEMO_LOGIN_ID = '1007302745';
const FINBANK_PROFILES_A = 102105;
const PRINCIPAL = 4222;
const SSN = '123-45-6789';
const SSN_DIGITS = '123456789';
const JOINT_SSN = '987-65-4321';

let sandbox: SandboxProcess;
let control: SandboxControl;
let sink: WebhookSink;
let output: OutputCapture;
let client: OpenFinanceClient;
const tokensSent = new Set<string>();
const errorsSeen: ApiError[] = [];

/** the transport, noting the tokens it carries, so the secret check can look for them in the logs */
const observingTransport: Transport = (url, init) => {
  const token = init.headers['Finicity-App-Token'];
  if (token) tokensSent.add(token);
  return sendRequest(url, init);
};

function newClient(): OpenFinanceClient {
  return createOpenFinanceClient(
    { apiUrl: sandbox.url, ...DEMO, timeoutMs: 10_000, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    { transport: observingTransport },
  );
}

const username = () => `portal_${randomBytes(5).toString('hex')}`;

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    errorsSeen.push(error as ApiError);
    return error as ApiError;
  }
  throw new Error('expected an ApiError, the call succeeded');
}

function expectFailure(
  error: ApiError,
  expected: { kind: ApiErrorKind; status: number | null; code?: string; message?: string },
) {
  expect(error.kind).toBe(expected.kind);
  expect(error.status).toBe(expected.status);
  if (expected.code !== undefined) expect(error.code).toBe(expected.code);
  if (expected.message !== undefined) expect(error.safeMessage).toBe(expected.message);
}

async function newCustomerWithConsumer(ssn = SSN) {
  const customer = await client.addTestingCustomer({
    username: username(),
    firstName: 'Jane',
    lastName: 'Doe',
  });
  const consumer = await client.createConsumer(customer.id, {
    firstName: 'Jane',
    lastName: 'Doe',
    state: 'UT',
    ssn,
    email: 'jane.doe@example.com',
  });
  return { customer, consumer };
}

const linkParams = (link: string) => new URL(link).searchParams;

beforeAll(async () => {
  output = captureOutput();
  sandbox = await startSandboxProcess();
  control = createSandboxControl(sandbox.controlUrl);
  sink = await startWebhookSink();
  client = newClient();
});

afterAll(async () => {
  output?.stop();
  await sink?.close();
  await sandbox?.stop();
});

describe('partner authentication', () => {
  it('obtains one token and reports it without revealing it', async () => {
    const fresh = newClient();
    await control.clearRequests();
    expect(fresh.getTokenCacheState()).toEqual({ state: 'empty' });
    const state = await fresh.authenticate();
    expect(state.state).toBe('valid');
    expect(state.obtainedAt).toEqual(expect.any(String));
    await fresh.authenticate();
    await fresh.getCustomer(DEMO_CUSTOMER_ID);
    expect(await control.countRequests(AUTHENTICATION_ENDPOINT)).toBe(1);
    for (const token of tokensSent)
      expect(JSON.stringify(fresh.getTokenCacheState())).not.toContain(token);
  });
});

describe('customers', () => {
  it('adds a testing customer and reads it back (createdDate int on create, string on get)', async () => {
    const name = username();
    const created = await client.addTestingCustomer({
      username: name,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '8015551234',
    });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.username).toBe(name);
    expect(created.createdAt).toBeInstanceOf(Date);

    const customer = await client.getCustomer(created.id);
    expect(customer).toMatchObject({
      id: created.id,
      username: name,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      type: 'testing',
    });
    expect(customer.createdAt.getTime()).toBe(created.createdAt.getTime());
  });

  it('refuses a taken username (409 110002)', async () => {
    const name = username();
    await client.addTestingCustomer({ username: name });
    const error = await failure(client.addTestingCustomer({ username: name }));
    expectFailure(error, {
      kind: 'conflict',
      status: 409,
      code: '110002',
      message: USER_MESSAGES.usernameTaken,
    });
  });

  it('refuses a username against the policy (400 110039) and bad name characters (45003)', async () => {
    expectFailure(await failure(client.addTestingCustomer({ username: 'abc' })), {
      kind: 'validation',
      status: 400,
      code: '110039',
      message: USER_MESSAGES.usernamePolicy,
    });
    expectFailure(
      await failure(client.addTestingCustomer({ username: username(), firstName: '<script>' })),
      { kind: 'validation', status: 400, code: '45003', message: USER_MESSAGES.nameCharacters },
    );
  });

  it('cannot add an active customer, as in Test Drive, and keeps its token', async () => {
    const fresh = newClient();
    await control.clearRequests();
    const error = await failure(fresh.addActiveCustomer({ username: username() }));
    expectFailure(error, {
      kind: 'auth',
      status: 401,
      code: '10021',
      message: USER_MESSAGES.activeCustomerRefused,
    });
    await fresh.getCustomer(DEMO_CUSTOMER_ID);
    expect(await control.countRequests(AUTHENTICATION_ENDPOINT)).toBe(1);
    expect(await control.countRequests('POST /aggregation/v2/customers/active')).toBe(1);
  });

  it('lists customers with username, search, start and limit', async () => {
    const name = username();
    const created = await client.addTestingCustomer({
      username: name,
      firstName: 'Grace',
      lastName: 'Hopperfield',
    });
    const byName = await client.listCustomers({ username: name });
    expect(byName.found).toBe(1);
    expect(byName.customers.map((c) => c.id)).toEqual([created.id]);

    const bySearch = await client.listCustomers({ search: 'hopperfield', type: 'testing' });
    expect(bySearch.customers.map((c) => c.id)).toContain(created.id);

    const page = await client.listCustomers({ start: 1, limit: 2 });
    expect(page.displaying).toBe(page.customers.length);
    expect(page.customers.length).toBeLessThanOrEqual(2);
    expect(page.moreAvailable).toBe(page.found > 2);

    expectFailure(await failure(client.listCustomers({ start: 0 })), {
      kind: 'validation',
      status: 400,
      code: '41003',
    });
    expectFailure(await failure(client.listCustomers({ limit: 0 })), {
      kind: 'validation',
      status: 400,
      code: '41004',
    });
  });

  it('gets an unknown customer as not found (404 14001)', async () => {
    expectFailure(await failure(client.getCustomer('999999999999')), {
      kind: 'not_found',
      status: 404,
      code: '14001',
      message: USER_MESSAGES.unknownCustomer,
    });
  });

  it('deletes a customer; a second delete is not found', async () => {
    const created = await client.addTestingCustomer({ username: username() });
    await client.deleteCustomer(created.id);
    expectFailure(await failure(client.getCustomer(created.id)), {
      kind: 'not_found',
      status: 404,
      code: '14001',
    });
    expectFailure(await failure(client.deleteCustomer(created.id)), {
      kind: 'not_found',
      status: 404,
      code: '14001',
      message: USER_MESSAGES.unknownCustomer,
    });
  });

  it('refuses an empty id before calling anything', async () => {
    expectFailure(await failure(client.getCustomer('')), {
      kind: 'validation',
      status: null,
      message: USER_MESSAGES.invalidRequest,
    });
  });
});

describe('consumers', () => {
  it('creates a consumer and reads it for the customer and by id (SSN last 4 only)', async () => {
    const customer = await client.addTestingCustomer({ username: username() });
    const created = await client.createConsumer(customer.id, {
      firstName: 'Jane',
      lastName: 'Doe',
      state: 'UT',
      address: '1 Main St',
      city: 'Murray',
      zip: '84123',
      ssn: SSN,
      birthday: { year: 1990, month: 4, dayOfMonth: 12 },
      phone: '8015550000',
    });
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.customerId).toBe(customer.id);

    const forCustomer = await client.getConsumerForCustomer(customer.id);
    expect(forCustomer).toMatchObject({
      id: created.id,
      customerId: customer.id,
      firstName: 'Jane',
      lastName: 'Doe',
      state: 'UT',
      city: 'Murray',
      ssnLast4: '6789',
      hasBirthday: true,
    });
    expect(JSON.stringify(forCustomer)).not.toContain(SSN_DIGITS);
    expect(await client.getConsumer(created.id)).toEqual(forCustomer);
  });

  it('refuses a second consumer for the same customer (409 11000)', async () => {
    const { customer } = await newCustomerWithConsumer();
    const error = await failure(
      client.createConsumer(customer.id, {
        firstName: 'J',
        lastName: 'D',
        state: 'UT',
        ssn: SSN,
        email: 'j@example.com',
      }),
    );
    expectFailure(error, {
      kind: 'conflict',
      status: 409,
      code: '11000',
      message: USER_MESSAGES.consumerExists,
    });
  });

  it('refuses bad consumer details (400 10100) without echoing them', async () => {
    const customer = await client.addTestingCustomer({ username: username() });
    const error = await failure(
      client.createConsumer(customer.id, {
        firstName: 'Jane',
        lastName: 'Doe',
        state: 'UT',
        ssn: '12-3456',
        email: 'jane@example.com',
      }),
    );
    expectFailure(error, {
      kind: 'validation',
      status: 400,
      code: '10100',
      message: USER_MESSAGES.consumerDetailsInvalid,
    });
  });

  it('cannot create a consumer for an unknown customer (404 14001)', async () => {
    const error = await failure(
      client.createConsumer('999999999999', {
        firstName: 'Jane',
        lastName: 'Doe',
        state: 'UT',
        ssn: SSN,
        email: 'jane@example.com',
      }),
    );
    expectFailure(error, { kind: 'not_found', status: 404, code: '14001' });
  });

  it('reports a customer without a consumer, and an unknown consumer id (404 10100)', async () => {
    const customer = await client.addTestingCustomer({ username: username() });
    expectFailure(await failure(client.getConsumerForCustomer(customer.id)), {
      kind: 'not_found',
      status: 404,
      code: '10100',
      message: USER_MESSAGES.unknownConsumer,
    });
    expectFailure(await failure(client.getConsumer('ffffffffffffffffffffffffffffffff')), {
      kind: 'not_found',
      status: 404,
      code: '10100',
    });
  });
});

describe('institutions', () => {
  it('finds an institution by its exact name first', async () => {
    const page = await client.searchInstitutions({
      search: 'Principal Financial - Retirement (Personal)',
    });
    expect(page.institutions[0]?.id).toBe(PRINCIPAL);
    expect(page.found).toBeGreaterThanOrEqual(1);
  });

  it('pages with start (1-based page) and limit', async () => {
    const first = await client.searchInstitutions({ search: 'bank', start: 1, limit: 5 });
    const second = await client.searchInstitutions({ search: 'bank', start: 2, limit: 5 });
    expect(first.displaying).toBe(5);
    expect(first.institutions).toHaveLength(5);
    expect(first.moreAvailable).toBe(true);
    const firstIds = new Set(first.institutions.map((i) => i.id));
    expect(second.institutions.some((i) => firstIds.has(i.id))).toBe(false);
  });

  it('filters by product type and reshapes to our Institution', async () => {
    const page = await client.searchInstitutions({ search: 'finbank', type: 'voa', limit: 20 });
    expect(page.institutions.length).toBeGreaterThan(0);
    for (const institution of page.institutions) {
      expect(institution.products).toContain('voa');
      expect(typeof institution.id).toBe('number');
      expect(typeof institution.oauth).toBe('boolean');
    }
  });

  it('answers an empty page for no match, and refuses a bad limit or type', async () => {
    const none = await client.searchInstitutions({ search: 'zzqxv nothing matches this' });
    expect(none).toMatchObject({ found: 0, displaying: 0, moreAvailable: false, institutions: [] });
    expectFailure(await failure(client.searchInstitutions({ limit: 1001 })), {
      kind: 'validation',
      status: 400,
      code: '10010',
    });
    expectFailure(
      await failure(client.searchInstitutions({ type: 'nonsense' as unknown as 'voa' })),
      { kind: 'validation', status: 400, code: '10010' },
    );
  });

  it('gets an institution and its branding', async () => {
    const institution = await client.getInstitution(FINBANK_PROFILES_A);
    expect(institution).toMatchObject({ id: FINBANK_PROFILES_A, name: 'FinBank Profiles - A' });
    expect(institution.logoUrl).toMatch(/^https?:\/\//);
    const branding = await client.getInstitutionBranding(FINBANK_PROFILES_A);
    expect(branding.logoUrl).toBe(institution.logoUrl);
    expect(branding.primaryColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    const principal = await client.getInstitution(PRINCIPAL);
    expect(principal.name).toBe('Principal Financial - Retirement (Personal)');
  });

  it('reports unknown institutions (404 14006)', async () => {
    expectFailure(await failure(client.getInstitution(987654321)), {
      kind: 'not_found',
      status: 404,
      code: '14006',
      message: USER_MESSAGES.unknownInstitution,
    });
    expectFailure(await failure(client.getInstitutionBranding(987654321)), {
      kind: 'not_found',
      status: 404,
      code: '14006',
    });
  });
});

describe('Connect links', () => {
  it('generates a Full link carrying every optional parameter', async () => {
    const pings = sink.received.length;
    const result = await client.generateFullLink({
      customerId: DEMO_CUSTOMER_ID,
      consumerId: DEMO_CONSUMER_ID,
      webhook: sink.url,
      webhookContentType: 'application/xml',
      webhookData: { linkId: 'link-123' },
      webhookHeaders: { 'X-Portal-Link': 'link-123' },
      experience: 'default',
      language: 'fr-CA',
      redirectUri: 'http://127.0.0.1:3000/connect/done',
      singleUseUrl: true,
      institutionSettings: { hidden: [PRINCIPAL] },
      fromDate: new Date('2026-01-01T00:00:00Z'),
      reportCustomFields: [{ label: 'loanID', value: '123', shown: true }],
      optionalConsumerInfo: { ssn: SSN, dateOfBirth: new Date('1990-04-12T00:00:00Z') },
    });
    const params = linkParams(result.link);
    expect(params.get('customerId')).toBe(DEMO_CUSTOMER_ID);
    expect(params.get('partnerId')).toBe(DEMO.partnerId);
    expect(params.get('origin')).toBe('url');
    expect(params.get('consumerId')).toBe(DEMO_CONSUMER_ID);
    expect(params.get('language')).toBe('fr-CA');
    expect(params.get('signature')).toMatch(/^[0-9a-f]{64}$/);
    // generated links live 2 hours
    expect(Number(params.get('ttl')) - Number(params.get('timestamp'))).toBe(7_200_000);
    expect(result.expiresAt?.getTime()).toBe(Number(params.get('ttl')));

    const record = await control.link(result.link);
    expect(record).toMatchObject({
      kind: 'full',
      webhook: sink.url,
      webhookContentType: 'application/xml',
      webhookData: { linkId: 'link-123' },
      webhookHeaders: { 'X-Portal-Link': 'link-123' },
      experience: 'default',
      language: 'fr-CA',
      redirectUri: 'http://127.0.0.1:3000/connect/done',
      singleUseUrl: true,
      institutionSettings: { hidden: [PRINCIPAL] },
      fromDate: 1767225600,
      reportCustomFields: [{ label: 'loanID', value: '123', shown: true }],
      optionalConsumerInfo: { ssn: SSN_DIGITS, dob: 639878400 },
    });
    // the sandbox pinged the webhook before answering
    expect(sink.received.length).toBeGreaterThan(pings);
  });

  it('refuses a Full link for an unknown customer, a bad experience, an unreachable webhook', async () => {
    expectFailure(await failure(client.generateFullLink({ customerId: '999999999999' })), {
      kind: 'not_found',
      status: 400,
      code: '10010',
      message: USER_MESSAGES.unknownCustomer,
    });
    expectFailure(
      await failure(
        client.generateFullLink({ customerId: DEMO_CUSTOMER_ID, experience: 'not-a-guid' }),
      ),
      { kind: 'validation', status: 400, code: '10010', message: USER_MESSAGES.invalidExperience },
    );
    sink.respondWith(500);
    try {
      expectFailure(
        await failure(client.generateFullLink({ customerId: DEMO_CUSTOMER_ID, webhook: sink.url })),
        {
          kind: 'validation',
          status: 400,
          code: '10010',
          message: USER_MESSAGES.webhookUnreachable,
        },
      );
    } finally {
      sink.respondWith(200);
    }
  });

  it('generates a Lite link for one institution; unknown institution refused', async () => {
    const result = await client.generateLiteLink({
      customerId: DEMO_CUSTOMER_ID,
      institutionId: FINBANK_PROFILES_A,
      webhook: sink.url,
      webhookData: { linkId: 'lite-1' },
      language: 'es',
    });
    const params = linkParams(result.link);
    expect(params.get('type')).toBe('lite');
    expect(params.get('institutionId')).toBe(String(FINBANK_PROFILES_A));
    expect(params.get('language')).toBe('es');
    expect(await control.link(result.link)).toMatchObject({
      kind: 'lite',
      webhookData: { linkId: 'lite-1' },
    });
    expectFailure(
      await failure(
        client.generateLiteLink({ customerId: DEMO_CUSTOMER_ID, institutionId: 987654321 }),
      ),
      { kind: 'not_found', status: 400, code: '10010', message: USER_MESSAGES.unknownInstitution },
    );
    expectFailure(
      await failure(
        client.generateLiteLink({ customerId: '999999999999', institutionId: FINBANK_PROFILES_A }),
      ),
      { kind: 'not_found', message: USER_MESSAGES.unknownCustomer, status: 400 },
    );
  });

  it("generates a Fix link for the customer's own login; another's login is 404 38007", async () => {
    const result = await client.generateFixLink({
      customerId: DEMO_CUSTOMER_ID,
      institutionLoginId: DEMO_LOGIN_ID,
      experience: 'default',
    });
    const params = linkParams(result.link);
    expect(params.get('type')).toBe('fix');
    expect(params.get('institutionLoginId')).toBe(DEMO_LOGIN_ID);

    const stranger = await client.addTestingCustomer({ username: username() });
    expectFailure(
      await failure(
        client.generateFixLink({ customerId: stranger.id, institutionLoginId: DEMO_LOGIN_ID }),
      ),
      { kind: 'not_found', status: 404, code: '38007', message: USER_MESSAGES.fixNotPossible },
    );
  });

  it('generates a joint-borrower link; an unknown consumer is refused', async () => {
    const primary = await newCustomerWithConsumer();
    const joint = await newCustomerWithConsumer(JOINT_SSN);
    const result = await client.generateJointBorrowerLink({
      borrowers: [
        {
          customerId: primary.customer.id,
          consumerId: primary.consumer.id,
          type: 'primary',
          optionalConsumerInfo: { ssn: SSN },
        },
        { customerId: joint.customer.id, consumerId: joint.consumer.id, type: 'jointBorrower' },
      ],
      webhook: sink.url,
      webhookData: { linkId: 'joint-1' },
    });
    const params = linkParams(result.link);
    expect(params.get('customerId')).toBe(primary.customer.id);
    expect(params.get('consumerId')).toBe(primary.consumer.id);
    const record = await control.link(result.link);
    expect(record).toMatchObject({
      kind: 'joint',
      borrowers: [
        { customerId: primary.customer.id, consumerId: primary.consumer.id, type: 'primary' },
        { customerId: joint.customer.id, consumerId: joint.consumer.id, type: 'jointBorrower' },
      ],
    });

    expectFailure(
      await failure(
        client.generateJointBorrowerLink({
          borrowers: [
            { customerId: primary.customer.id, consumerId: 'f'.repeat(32), type: 'primary' },
          ],
        }),
      ),
      { kind: 'not_found', status: 400, code: '10010', message: USER_MESSAGES.unknownConsumer },
    );
    expectFailure(
      await failure(
        client.generateJointBorrowerLink({
          borrowers: [
            { customerId: joint.customer.id, consumerId: joint.consumer.id, type: 'jointBorrower' },
          ],
        }),
      ),
      { kind: 'validation', status: 400, code: '10010', message: USER_MESSAGES.invalidRequest },
    );
  });

  it('sends a Connect email (3-day link, echoed emailConfig, in the mailbox)', async () => {
    const { customer, consumer } = await newCustomerWithConsumer();
    const to = `${username()}@example.com`;
    const email = {
      to,
      from: 'Acme Lending',
      supportPhone: '800-555-5555',
      subject: 'Verify your income',
      firstName: 'Jane',
      institutionName: 'Acme Lending',
      institutionAddress: '222 Winnipeg Drive SLC UT, 84109',
      signature: ['Cindy Mayfield', 'Senior Loan Officer'],
    };
    const result = await client.sendConnectEmail({
      customerId: customer.id,
      consumerId: consumer.id,
      email,
      webhook: sink.url,
      webhookData: { linkId: 'email-1' },
      language: 'en',
    });
    const params = linkParams(result.link);
    expect(params.get('origin')).toBe('email');
    expect(params.get('consumerId')).toBe(consumer.id);
    expect(Number(params.get('ttl')) - Number(params.get('timestamp'))).toBe(3 * 24 * 3_600_000);
    expect(result.emailConfig).toEqual(email);
    const mailbox = await control.mailbox();
    expect(mailbox.messages.find((m) => m.to === to)).toMatchObject({
      subject: 'Verify your income',
      link: result.link,
    });
  });

  it('refuses a Connect email without a valid recipient or for an unknown consumer', async () => {
    expectFailure(
      await failure(
        client.sendConnectEmail({
          customerId: DEMO_CUSTOMER_ID,
          consumerId: DEMO_CONSUMER_ID,
          email: { to: 'not-an-address' },
        }),
      ),
      { kind: 'validation', status: 400, code: '10010', message: USER_MESSAGES.invalidRequest },
    );
    expectFailure(
      await failure(
        client.sendConnectEmail({
          customerId: DEMO_CUSTOMER_ID,
          consumerId: 'e'.repeat(32),
          email: { to: 'jane@example.com' },
        }),
      ),
      { kind: 'not_found', status: 400, code: '10010', message: USER_MESSAGES.unknownConsumer },
    );
  });

  it('sends a joint-borrower Connect email', async () => {
    const primary = await newCustomerWithConsumer();
    const joint = await newCustomerWithConsumer(JOINT_SSN);
    const to = `${username()}@example.com`;
    const result = await client.sendJointBorrowerEmail({
      borrowers: [
        { customerId: primary.customer.id, consumerId: primary.consumer.id, type: 'primary' },
        { customerId: joint.customer.id, consumerId: joint.consumer.id, type: 'jointBorrower' },
      ],
      email: { to, firstName: 'Marvin and Jenny', signature: ['Loan Officer'] },
      language: 'es-US',
    });
    expect(linkParams(result.link).get('origin')).toBe('email');
    expect(result.emailConfig).toMatchObject({ to, firstName: 'Marvin and Jenny' });
    const mailbox = await control.mailbox();
    expect(mailbox.messages.some((m) => m.to === to && m.kind === 'email_joint')).toBe(true);
  });
});

describe('accounts', () => {
  it('lists a customer’s accounts in our shape, with the status filter', async () => {
    const accounts = await client.listCustomerAccounts(DEMO_CUSTOMER_ID);
    expect(accounts.length).toBeGreaterThan(0);
    for (const account of accounts) {
      expect(account.customerId).toBe(DEMO_CUSTOMER_ID);
      expect(account.institutionLoginId).toBe(DEMO_LOGIN_ID);
      expect(account.institutionId).toBe(FINBANK_PROFILES_A);
      expect(account.numberMasked).toMatch(/^\*{4}\w{1,4}$/);
      expect(['active', 'pending']).toContain(account.status);
    }
    const active = await client.listCustomerAccounts(DEMO_CUSTOMER_ID, { status: 'active' });
    expect(active.every((a) => a.status === 'active')).toBe(true);
    const pending = await client.listCustomerAccounts(DEMO_CUSTOMER_ID, { status: 'pending' });
    expect(pending.every((a) => a.status === 'pending')).toBe(true);
    expect(active.length + pending.length).toBe(accounts.length);
  });

  it('refuses a bad status filter (400 18017) and an unknown customer (404 14001)', async () => {
    expectFailure(
      await failure(
        client.listCustomerAccounts(DEMO_CUSTOMER_ID, { status: 'closed' as unknown as 'active' }),
      ),
      { kind: 'validation', status: 400, code: '18017' },
    );
    expectFailure(await failure(client.listCustomerAccounts('999999999999')), {
      kind: 'not_found',
      status: 404,
      code: '14001',
      message: USER_MESSAGES.unknownCustomer,
    });
  });

  it('lists the accounts of one institution login; an unknown login is 404 38007', async () => {
    const accounts = await client.listInstitutionLoginAccounts(DEMO_CUSTOMER_ID, DEMO_LOGIN_ID);
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.every((a) => a.institutionLoginId === DEMO_LOGIN_ID)).toBe(true);
    expectFailure(await failure(client.listInstitutionLoginAccounts(DEMO_CUSTOMER_ID, '42')), {
      kind: 'not_found',
      status: 404,
      code: '38007',
    });
  });

  it('follows a login through a session, a broken aggregation, Fix and deletion', async () => {
    const customer = await client.addTestingCustomer({ username: username() });
    const full = await client.generateFullLink({ customerId: customer.id, webhook: sink.url });
    const session = await control.completeSession(full.link, { profile: 'profile_02' });
    const loginId = String(session.institutionLoginId);

    const accounts = await client.listInstitutionLoginAccounts(customer.id, loginId);
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.every((a) => a.institutionLoginId === loginId)).toBe(true);

    await control.setAggregationStatus(loginId, 103);
    const broken = await client.listCustomerAccounts(customer.id);
    expect(broken.every((a) => a.aggregationStatusCode === 103)).toBe(true);
    const fix = await client.generateFixLink({
      customerId: customer.id,
      institutionLoginId: loginId,
    });
    expect(linkParams(fix.link).get('institutionLoginId')).toBe(loginId);

    await client.deleteInstitutionLogin(customer.id, loginId);
    expectFailure(await failure(client.listInstitutionLoginAccounts(customer.id, loginId)), {
      kind: 'not_found',
      status: 404,
      code: '38007',
    });
    expect(await client.listCustomerAccounts(customer.id)).toEqual([]);
    expectFailure(await failure(client.deleteInstitutionLogin(customer.id, loginId)), {
      kind: 'not_found',
      status: 404,
      code: '38007',
    });
    // Fix is no longer possible once the login is gone
    expectFailure(
      await failure(
        client.generateFixLink({ customerId: customer.id, institutionLoginId: loginId }),
      ),
      { kind: 'not_found', status: 404, code: '38007', message: USER_MESSAGES.fixNotPossible },
    );
  });
});

describe('secrets', () => {
  it('never logged the partner secret, app key, a token or an SSN, nor put them in an error', () => {
    const logged = output.text();
    // the capture saw the client's structured lines
    expect(logged).toContain('"msg":"openfinance request"');
    expect(tokensSent.size).toBeGreaterThan(0);
    const secrets = [DEMO.partnerSecret, DEMO.appKey, SSN, SSN_DIGITS, JOINT_SSN, ...tokensSent];
    for (const secret of secrets) expect(logged).not.toContain(secret);
    expect(errorsSeen.length).toBeGreaterThan(10);
    for (const error of errorsSeen) {
      const shown = [error.safeMessage, error.message, error.upstreamMessage ?? ''].join(' ');
      for (const secret of secrets) expect(shown).not.toContain(secret);
    }
  });
});
