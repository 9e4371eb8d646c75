import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput, type OutputCapture } from '@/scripts/test-support/capture-output';
import { createSandboxControl, type SandboxControl } from '@/scripts/test-support/sandbox-control';
import { startSandboxProcess, type SandboxProcess } from '@/scripts/test-support/sandbox-process';
import { type Actor, createCustomer, type CustomerDeps, ensureConsumer } from './customers';
import { getCustomer } from './queries';
import { createCustomerToken, revokeCustomerToken } from '../auth/customer-tokens';
import { getCustomerToken, listCustomerTokens } from '../auth/customer-tokens';
import { type DatabaseHandle, openDatabase } from '../db/client';
import { auditLog, customers, users } from '../db/schema';
import {
  ApiError,
  createOpenFinanceClient,
  type OpenFinanceClient,
  USER_MESSAGES,
} from '../openfinance';

// The lib functions behind the staff "create customer" and "add consumer" actions, against the
// sandbox running as its own process over HTTP and an in-memory PGlite.

const DEMO = {
  partnerId: '1445585709680',
  partnerSecret: 'SandboxDemoSecret2026',
  appKey: '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25',
};
const CONSUMER_CREATE = 'POST /decisioning/v1/customers/{customerId}/consumer';
const STAFF_USER_ID = 'staff-customers-test';
const STAFF: Actor = { type: 'staff', userId: STAFF_USER_ID };

let sandbox: SandboxProcess;
let control: SandboxControl;
let handle: DatabaseHandle;
let client: OpenFinanceClient;
let deps: CustomerDeps;
let output: OutputCapture;

const suffix = () => Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');

const consumerDetails = (firstName: string, lastName: string) => ({
  firstName,
  lastName,
  state: 'UT' as const,
  birthday: '1980-04-02',
  email: `${firstName.toLowerCase()}@example.com`,
  city: 'Murray',
});

async function auditRows(action: string, targetId: string) {
  return handle.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
}

beforeAll(async () => {
  output = captureOutput();
  [sandbox, handle] = await Promise.all([startSandboxProcess(), openDatabase({})]);
  control = createSandboxControl(sandbox.controlUrl);
  client = createOpenFinanceClient({
    apiUrl: sandbox.url,
    ...DEMO,
    timeoutMs: 10_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  deps = { db: handle.db, client };
  await handle.db.insert(users).values({ id: STAFF_USER_ID, name: 'Sam', email: 's@example.com' });
});

afterAll(async () => {
  output?.stop();
  await Promise.all([sandbox?.stop(), handle?.close()]);
});

describe('createCustomer', () => {
  it('creates a testing customer upstream, stores it and writes the audit log', async () => {
    const lastName = `Doe-${suffix()}`;
    const customer = await createCustomer(
      deps,
      { firstName: 'Jane', lastName, email: 'jane@example.com', type: 'testing' },
      STAFF,
    );
    expect(customer).toMatchObject({
      firstName: 'Jane',
      lastName,
      email: 'jane@example.com',
      type: 'testing',
      consumerId: null,
      createdByUserId: STAFF_USER_ID,
    });
    expect(customer.customerId).toMatch(/^\d+$/);
    expect(customer.username).toMatch(/^jane[a-z]+-[0-9a-f]{10}$/);

    const upstream = await client.getCustomer(customer.customerId);
    expect(upstream).toMatchObject({ firstName: 'Jane', lastName, type: 'testing' });

    const [audit] = await auditRows('customer.create', customer.id);
    expect(audit).toMatchObject({
      actorUserId: STAFF_USER_ID,
      targetType: 'customer',
      details: { customerId: customer.customerId, type: 'testing' },
    });
  });

  it('refuses an active customer with the safe message and stores nothing', async () => {
    const lastName = `Active-${suffix()}`;
    const error = await createCustomer(
      deps,
      { firstName: 'Al', lastName, type: 'active' },
      STAFF,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).safeMessage).toBe(USER_MESSAGES.activeCustomerRefused);
    const stored = await handle.db.select().from(customers).where(eq(customers.lastName, lastName));
    expect(stored).toEqual([]);
  });
});

describe('ensureConsumer', () => {
  it('creates the consumer once, records its id and audits it without personal data', async () => {
    const customer = await createCustomer(
      deps,
      { firstName: 'Cora', lastName: `Consumer-${suffix()}`, type: 'testing' },
      STAFF,
    );
    const details = { ...consumerDetails('Cora', customer.lastName), ssn: '123456789' };
    const consumerId = await ensureConsumer(deps, customer, details, STAFF);
    expect(consumerId).toMatch(/^[0-9a-f]{32}$/);
    expect((await getCustomer(handle.db, customer.id))?.consumerId).toBe(consumerId);

    const upstream = await client.getConsumerForCustomer(customer.customerId);
    expect(upstream).toMatchObject({ id: consumerId, state: 'UT', ssnLast4: '6789' });

    const audits = await auditRows('consumer.create', customer.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toEqual({ consumerId });
    expect(JSON.stringify(audits)).not.toMatch(/123456789|1980/);

    // With the id recorded, a second call asks Mastercard nothing.
    const stored = (await getCustomer(handle.db, customer.id))!;
    await control.clearRequests();
    expect(await ensureConsumer(deps, stored, details, STAFF)).toBe(consumerId);
    expect(await control.countRequests(CONSUMER_CREATE)).toBe(0);
  });

  it('adopts the consumer Mastercard already has (409 11000)', async () => {
    const customer = await createCustomer(
      deps,
      { firstName: 'Ada', lastName: `Existing-${suffix()}`, type: 'testing' },
      STAFF,
    );
    // Created upstream behind the portal's back (e.g. an earlier attempt whose answer was lost).
    const existing = await client.createConsumer(customer.customerId, {
      firstName: 'Ada',
      lastName: customer.lastName,
      state: 'NY',
      birthday: { year: 1975, month: 1, dayOfMonth: 31 },
      phone: '8015551234',
    });
    await control.clearRequests();
    const consumerId = await ensureConsumer(
      deps,
      customer,
      consumerDetails('Ada', customer.lastName),
      STAFF,
    );
    expect(consumerId).toBe(existing.id);
    expect(await control.countRequests(CONSUMER_CREATE)).toBe(1);
    expect((await getCustomer(handle.db, customer.id))?.consumerId).toBe(existing.id);
    expect(await auditRows('consumer.create', customer.id)).toHaveLength(1);
  });

  it('passes refused consumer details on as an ApiError with a safe message', async () => {
    const customer = await createCustomer(
      deps,
      { firstName: 'Bo', lastName: `Refused-${suffix()}`, type: 'testing' },
      STAFF,
    );
    // The schema would refuse this; the sandbox checks too (400 10100).
    const error = await ensureConsumer(
      deps,
      customer,
      { ...consumerDetails('Bo', customer.lastName), email: 'not-an-email' },
      STAFF,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).safeMessage).toBe(USER_MESSAGES.consumerDetailsInvalid);
    expect((await getCustomer(handle.db, customer.id))?.consumerId).toBeNull();
    expect(await auditRows('consumer.create', customer.id)).toEqual([]);
  });
});

describe('personal links as the customer page lists them', () => {
  it('show when they were made, used and revoked, never the token or its hash', async () => {
    const customer = await createCustomer(
      deps,
      { firstName: 'Tess', lastName: `Token-${suffix()}`, type: 'testing' },
      STAFF,
    );
    const first = await createCustomerToken(handle.db, {
      customerId: customer.id,
      createdByUserId: STAFF_USER_ID,
    });
    const second = await createCustomerToken(handle.db, { customerId: customer.id });
    expect(await revokeCustomerToken(handle.db, first.id)).toBe(true);

    const listed = await listCustomerTokens(handle.db, customer.id);
    expect(listed.map((t) => t.id).sort()).toEqual([first.id, second.id].sort());
    for (const token of listed) {
      expect(Object.keys(token)).not.toContain('tokenHash');
      expect(JSON.stringify(token)).not.toContain(first.token);
    }
    expect(listed.find((t) => t.id === first.id)).toMatchObject({
      createdByUserId: STAFF_USER_ID,
      lastUsedAt: null,
      revokedAt: expect.any(Date),
    });
    expect(await getCustomerToken(handle.db, second.id)).toMatchObject({
      customerId: customer.id,
      revokedAt: null,
    });
    expect(await getCustomerToken(handle.db, 'not-a-uuid')).toBeUndefined();
  });
});

describe('logs', () => {
  it('never carry the SSN, birth dates or the partner credentials', () => {
    const logged = output.text();
    expect(logged).toContain('openfinance request');
    for (const secret of [DEMO.partnerSecret, DEMO.appKey, '123456789', '1980-04-02']) {
      expect(logged).not.toContain(secret);
    }
  });
});
