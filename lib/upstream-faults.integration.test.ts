import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput, type OutputCapture } from '@/scripts/test-support/capture-output';
import { testEngines } from '@/scripts/test-support/databases';
import { createSandboxControl, type SandboxControl } from '@/scripts/test-support/sandbox-control';
import { startSandboxProcess, type SandboxProcess } from '@/scripts/test-support/sandbox-process';
import { actionFailure } from './action-failure';
import { isUserError } from './action-result';
import { generateConnectLink, LINK_MESSAGES, REPEAT_LABELS, type LinkDeps } from './connect/links';
import { connectOptionsSchema } from './connect/schemas';
import {
  type Actor,
  createCustomer,
  CUSTOMER_MESSAGES,
  ensureConsumer,
} from './customers/customers';
import { type Customer, getCustomer } from './customers/queries';
import type { DatabaseHandle } from './db/client';
import { connectLinks, customers, upstreamOperations, users, webhookEvents } from './db/schema';
import { createOpenFinanceClient, type OpenFinanceClient, USER_MESSAGES } from './openfinance';
import { receiveWebhook } from './webhooks/receive';

// The fault run: upstream faults injected through the sandbox's control API (latency beyond the
// write deadline, 503 bursts, 429, dropped connections, expired tokens) while the lib functions
// behind the server actions create a customer, send a staff Connect email and make a customer's
// Full link. Each ends with a truthful message, and nothing is done twice: exactly one customer
// upstream (by username) and in the portal, exactly one email after a second press of Send.
// The sandbox runs as its own process; its request log and mailbox are the witnesses.

const DEMO = {
  partnerId: '1445585709680',
  partnerSecret: 'SandboxDemoSecret2026',
  appKey: '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25',
};
const WRITE_DEADLINE_MS = 2_000;
/** Beyond the write deadline by enough that the lookup after the timeout still finds nothing. */
const SLOW_MS = 4_500;
const ADD_TESTING = 'POST /aggregation/v2/customers/testing';
const LIST_CUSTOMERS = 'GET /aggregation/v1/customers';
const ADD_CONSUMER = 'POST /decisioning/v1/customers/{customerId}/consumer';
const SEND_EMAIL = 'POST /connect/v2/send/email';
const GENERATE = 'POST /connect/v2/generate';
const STAFF_USER_ID = 'staff-faults-test';
const STAFF: Actor = { type: 'staff', userId: STAFF_USER_ID };

let sandbox: SandboxProcess;
let control: SandboxControl;
let client: OpenFinanceClient;
let output: OutputCapture;

const letters = () =>
  Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join('');
const defaults = connectOptionsSchema.parse({});

/** The failure as the person reads it (the server action's translation). */
async function messageOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure, the call succeeded');
    },
    (caught: unknown) => caught,
  );
  const result = actionFailure(error);
  if (result.ok) throw new Error('unreachable');
  return { thrown: error, ...result };
}

/** Polls until `check` holds: the sandbox finishes a slow request after the client gave up. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 300; i += 1) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the sandbox never finished the slow request');
}

async function mailboxFor(to: string): Promise<number> {
  const { messages } = await control.mailbox();
  return messages.filter((m) => m.to === to).length;
}

beforeAll(async () => {
  output = captureOutput();
  sandbox = await startSandboxProcess();
  control = createSandboxControl(sandbox.controlUrl);
  client = createOpenFinanceClient({
    apiUrl: sandbox.url,
    ...DEMO,
    writeTimeoutMs: WRITE_DEADLINE_MS,
    timeoutMs: 3_000,
    readBudgetMs: 4_000,
    retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
  });
});

afterAll(async () => {
  output?.stop();
  await sandbox?.stop();
});

describe.each(testEngines())('upstream faults on $name', (engine) => {
  let handle: DatabaseHandle;
  let receiver: Server;
  let deps: LinkDeps;

  beforeAll(async () => {
    handle = await engine.open();
    await handle.db
      .insert(users)
      .values({ id: STAFF_USER_ID, name: 'Sam', email: 'sam-faults@example.com' });
    // The portal's own webhook receiver on this database, so the ping finds (or misses) its link.
    receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const response = await receiveWebhook(
        new Request(`http://127.0.0.1${req.url}`, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
        { db: handle.db, partnerSecret: DEMO.partnerSecret },
      );
      res.writeHead(response.status, { 'Content-Type': 'application/json' });
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const publicBaseUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    deps = { db: handle.db, client, publicBaseUrl };
  });

  afterAll(async () => {
    await control.clearFaults();
    await new Promise((resolve) => receiver?.close(resolve));
    await handle?.close();
  });

  async function portalCustomers(lastName: string) {
    return handle.db.select().from(customers).where(eq(customers.lastName, lastName));
  }

  async function intentOf(lastName: string) {
    const [customer] = await portalCustomers(lastName);
    const ops = await handle.db
      .select()
      .from(upstreamOperations)
      .where(eq(upstreamOperations.kind, 'customer.create'));
    return { customer, ops };
  }

  async function upstreamByUsername(username: string) {
    return (await client.listCustomers({ username })).customers.filter(
      (c) => c.username === username,
    );
  }

  async function withConsumer(firstName: string): Promise<Customer> {
    const customer = await createCustomer(
      { db: handle.db, client },
      { firstName, lastName: `Faults-${letters()}`, type: 'testing' },
      STAFF,
    );
    await ensureConsumer(
      { db: handle.db, client },
      customer,
      {
        firstName,
        lastName: customer.lastName,
        state: 'UT',
        birthday: '1979-03-04',
        phone: '8015550100',
      },
      STAFF,
    );
    return (await getCustomer(handle.db, customer.id))!;
  }

  it('a customer created while Mastercard is slower than the write deadline is found, not made twice', async () => {
    await control.clearRequests();
    const input = { firstName: 'Slow', lastName: `Faults-${letters()}`, type: 'testing' as const };
    await control.addFault({ endpoint: ADD_TESTING, latencyMs: SLOW_MS, times: 1 });

    const first = await messageOf(createCustomer({ db: handle.db, client }, input, STAFF));
    expect(first.thrown).toSatisfy(isUserError);
    expect(first.error).toBe(CUSTOMER_MESSAGES.customerUnknown);
    expect(first.error).not.toMatch(/nothing was changed/i);
    expect(await portalCustomers(input.lastName)).toEqual([]);
    const [unknown] = (await intentOf(input.lastName)).ops.filter((o) => o.state === 'unknown');
    expect(unknown?.username).toMatch(/^slowfaults[a-z]+-[0-9a-f]{10}$/);

    // Mastercard finishes the slow create; the person submits the same details again, with an
    // expired token and a 429 on the lookup on the way.
    await eventually(
      () => upstreamByUsername(unknown!.username!),
      (found) => found.length > 0,
    );
    await control.expireTokens();
    await control.addFault({ endpoint: LIST_CUSTOMERS, status: 429, times: 1 });
    const second = await createCustomer({ db: handle.db, client }, input, STAFF);
    expect(second.username).toBe(unknown!.username);

    expect(await portalCustomers(input.lastName)).toHaveLength(1);
    expect(await upstreamByUsername(unknown!.username!)).toHaveLength(1);
    // The second submission looked the username up and adopted the customer: one create only.
    expect(await control.countRequests(ADD_TESTING)).toBe(1);
    const [op] = await handle.db
      .select()
      .from(upstreamOperations)
      .where(eq(upstreamOperations.id, unknown!.id));
    expect(op).toMatchObject({ state: 'succeeded', upstreamId: second.customerId, attempts: 2 });
  });

  it('a dropped create, then a 503 burst on the retry, end with one customer (409 110002 adopts it)', async () => {
    const input = { firstName: 'Drop', lastName: `Faults-${letters()}`, type: 'testing' as const };
    await control.addFault({ endpoint: ADD_TESTING, drop: true, times: 1 });
    const first = await messageOf(createCustomer({ db: handle.db, client }, input, STAFF));
    expect(first.error).toBe(CUSTOMER_MESSAGES.customerUnknown);

    // The retry is refused by a 503 burst: the intent stays unknown, its username kept.
    await control.addFault({ endpoint: ADD_TESTING, status: 503, times: 1 });
    const second = await messageOf(createCustomer({ db: handle.db, client }, input, STAFF));
    expect(second.error).toBe(USER_MESSAGES.unavailable);

    // Made behind the portal's back under the intent's username (an answer lost on the way):
    // the next retry gets 409 110002 for its own username and adopts the customer.
    const [op] = (await intentOf(input.lastName)).ops.filter(
      (o) => o.state === 'unknown' && o.username?.startsWith('dropfaults'),
    );
    await client.addTestingCustomer({ username: op!.username!, ...input });
    // The lookup that comes first on a resumed intent fails too (503 on every attempt).
    await control.addFault({ endpoint: LIST_CUSTOMERS, status: 503, times: 3 });
    await control.clearRequests();
    const third = await createCustomer({ db: handle.db, client }, input, STAFF);
    expect(third.username).toBe(op!.username);
    expect(
      (await control.requests({ endpoint: ADD_TESTING })).requests.map((r) => r.status),
    ).toEqual([409]);
    expect(await portalCustomers(input.lastName)).toHaveLength(1);
    expect(await upstreamByUsername(op!.username!)).toHaveLength(1);
  });

  it('a 409 for the portal’s own username while every look-up fails is said as maybe created, not as a taken name', async () => {
    const input = { firstName: 'Taken', lastName: `Faults-${letters()}`, type: 'testing' as const };
    await control.addFault({ endpoint: ADD_TESTING, drop: true, times: 1 });
    const first = await messageOf(createCustomer({ db: handle.db, client }, input, STAFF));
    expect(first.error).toBe(CUSTOMER_MESSAGES.customerUnknown);
    const [op] = (await intentOf(input.lastName)).ops.filter(
      (o) => o.state === 'unknown' && o.username?.startsWith('takenfaults'),
    );
    await client.addTestingCustomer({ username: op!.username!, ...input });

    // Both look-ups of the resumed intent fail (before the create, and after its 409).
    await control.addFault({ endpoint: LIST_CUSTOMERS, status: 503, times: 6 });
    const second = await messageOf(createCustomer({ db: handle.db, client }, input, STAFF));
    expect(second.error).toBe(CUSTOMER_MESSAGES.customerUnknown);
    expect(second.error).not.toMatch(/choose another/i);
    await control.clearFaults();

    const third = await createCustomer({ db: handle.db, client }, input, STAFF);
    expect(third.username).toBe(op!.username);
    expect(await portalCustomers(input.lastName)).toHaveLength(1);
    expect(await upstreamByUsername(op!.username!)).toHaveLength(1);
  });

  it('a staff Connect email that times out is said as maybe sent; a second Send is refused; only a confirmation sends another', async () => {
    const customer = await withConsumer('Mail');
    const to = `mail-${letters()}@example.com`;
    const request = { kind: 'email' as const, customer, email: { to }, options: defaults };

    await control.addFault({ endpoint: SEND_EMAIL, latencyMs: SLOW_MS, times: 1 });
    const first = await messageOf(generateConnectLink(deps, request, STAFF));
    expect(first.error).toBe(LINK_MESSAGES.emailUnknown);
    expect(first.error).toMatch(/may have been sent.*before sending again/);
    const [intent] = await handle.db
      .select()
      .from(connectLinks)
      .where(and(eq(connectLinks.customerId, customer.id), eq(connectLinks.emailTo, to)));
    expect(intent).toMatchObject({ status: 'unknown', link: null });

    // The second press of Send: refused with the explanation and the confirmation to offer.
    const sendsBefore = await control.countRequests(SEND_EMAIL);
    const second = await messageOf(generateConnectLink(deps, request, STAFF));
    expect(second.error).toBe(LINK_MESSAGES.emailRepeat);
    expect(second.confirm).toEqual({ intentId: intent!.id, label: REPEAT_LABELS.email });
    expect(await control.countRequests(SEND_EMAIL)).toBe(sendsBefore);

    // The slow send happened upstream after all: exactly one email, nothing sent twice.
    await eventually(
      () => mailboxFor(to),
      (count) => count > 0,
    );
    expect(await mailboxFor(to)).toBe(1);

    // "Send another email": a new intent, sent once.
    const confirmed = await generateConnectLink(deps, request, STAFF, {
      confirmRepeatOf: intent!.id,
    });
    expect(confirmed).toMatchObject({ status: 'generated', emailTo: to });
    expect(confirmed.id).not.toBe(intent!.id);
    expect(await mailboxFor(to)).toBe(2);
    // The ping Mastercard sent during the call found its link: the row existed before the call.
    const pings = await handle.db
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.eventType, 'ping'), eq(webhookEvents.linkId, confirmed.id)));
    expect(pings).toHaveLength(1);
  });

  it('a staff Connect email refused by a 503 is said as not sent, and sending again is allowed', async () => {
    const customer = await withConsumer('Burst');
    const to = `burst-${letters()}@example.com`;
    const request = { kind: 'email' as const, customer, email: { to }, options: defaults };
    await control.addFault({ endpoint: SEND_EMAIL, status: 503, times: 1 });
    const first = await messageOf(generateConnectLink(deps, request, STAFF));
    expect(first.error).toBe(USER_MESSAGES.unavailable);
    expect(first.confirm).toBeUndefined();
    expect(await mailboxFor(to)).toBe(0);
    const sent = await generateConnectLink(deps, request, STAFF);
    expect(sent.status).toBe('generated');
    expect(await mailboxFor(to)).toBe(1);
    const statuses = (
      await handle.db.select().from(connectLinks).where(eq(connectLinks.emailTo, to))
    ).map((l) => l.status);
    expect(statuses.sort()).toEqual(['failed', 'generated']);
  });

  it('a staff Connect email through a 429, a dropped connection and an expired token: one email after a second press', async () => {
    const customer = await withConsumer('Token');
    const to = `token-${letters()}@example.com`;
    const request = { kind: 'email' as const, customer, email: { to }, options: defaults };

    await control.addFault({ endpoint: SEND_EMAIL, status: 429, times: 1 });
    const limited = await messageOf(generateConnectLink(deps, request, STAFF));
    expect(limited.error).toBe(USER_MESSAGES.rateLimited);
    expect(limited.confirm).toBeUndefined();

    // The connection drops before an answer: the email may have gone, so it is said so.
    await control.addFault({ endpoint: SEND_EMAIL, drop: true, times: 1 });
    const dropped = await messageOf(generateConnectLink(deps, request, STAFF));
    expect(dropped.error).toBe(LINK_MESSAGES.emailUnknown);
    const sendsBefore = await control.countRequests(SEND_EMAIL);
    const second = await messageOf(generateConnectLink(deps, request, STAFF));
    expect(second.error).toBe(LINK_MESSAGES.emailRepeat);
    expect(await control.countRequests(SEND_EMAIL)).toBe(sendsBefore);
    expect(await mailboxFor(to)).toBe(0);

    // Confirmed after the token expired: renewed once, sent once.
    await control.expireTokens();
    const sent = await generateConnectLink(deps, request, STAFF, {
      confirmRepeatOf: second.confirm!.intentId,
    });
    expect(sent).toMatchObject({ status: 'generated', emailTo: to });
    expect(await mailboxFor(to)).toBe(1);
    const statuses = (
      await handle.db.select().from(connectLinks).where(eq(connectLinks.emailTo, to))
    ).map((l) => l.status);
    expect(statuses.sort()).toEqual(['failed', 'generated', 'unknown']);
  });

  it('a customer’s Full link through an expired token, a 503, a 429 and a dropped connection', async () => {
    const customer = await withConsumer('Full');
    const actor: Actor = { type: 'customer', customerId: customer.id };
    const request = { kind: 'full' as const, customer, options: defaults };

    await control.expireTokens();
    await control.addFault({ endpoint: GENERATE, status: 503, times: 1 });
    expect((await messageOf(generateConnectLink(deps, request, actor))).error).toBe(
      USER_MESSAGES.unavailable,
    );
    await control.addFault({ endpoint: GENERATE, status: 429, times: 1 });
    expect((await messageOf(generateConnectLink(deps, request, actor))).error).toBe(
      USER_MESSAGES.rateLimited,
    );
    await control.addFault({ endpoint: GENERATE, drop: true, times: 1 });
    const dropped = await messageOf(generateConnectLink(deps, request, actor));
    expect(dropped.error).toBe(LINK_MESSAGES.linkUnknown);
    // A link nobody received harms no one: making a new one is offered at once.
    expect(dropped.confirm).toEqual({ intentId: expect.any(String), label: REPEAT_LABELS.link });

    const again = await messageOf(generateConnectLink(deps, request, actor));
    expect(again.error).toBe(LINK_MESSAGES.linkRepeat);
    expect(again.confirm).toEqual(dropped.confirm);

    const link = await generateConnectLink(deps, request, actor, {
      confirmRepeatOf: again.confirm!.intentId,
    });
    expect(link.status).toBe('generated');
    expect(new URL(link.link).searchParams.get('customerId')).toBe(customer.customerId);
    const rows = await handle.db
      .select({ status: connectLinks.status })
      .from(connectLinks)
      .where(eq(connectLinks.customerId, customer.id));
    expect(rows.map((r) => r.status).sort()).toEqual(['failed', 'failed', 'generated', 'unknown']);
  });

  it('a consumer refused with 429 is saved by the next submission, once', async () => {
    const customer = await createCustomer(
      { db: handle.db, client },
      { firstName: 'Rate', lastName: `Faults-${letters()}`, type: 'testing' },
      STAFF,
    );
    const details = {
      firstName: 'Rate',
      lastName: customer.lastName,
      state: 'UT' as const,
      ssn: '123456789',
      email: 'rate@example.com',
    };
    await control.addFault({ endpoint: ADD_CONSUMER, status: 429, times: 1 });
    const refused = await messageOf(
      ensureConsumer({ db: handle.db, client }, customer, details, STAFF),
    );
    expect(refused.error).toBe(USER_MESSAGES.rateLimited);
    await control.addFault({ endpoint: ADD_CONSUMER, drop: true, times: 1 });
    const dropped = await messageOf(
      ensureConsumer({ db: handle.db, client }, customer, details, STAFF),
    );
    expect(dropped.error).toBe(CUSTOMER_MESSAGES.consumerUnknown);
    const consumerId = await ensureConsumer({ db: handle.db, client }, customer, details, STAFF);
    expect((await client.getConsumerForCustomer(customer.customerId)).id).toBe(consumerId);
    // No intent row holds the SSN or the birth date.
    const ops = await handle.db.select().from(upstreamOperations);
    expect(JSON.stringify(ops)).not.toMatch(/123456789|1979/);
  });

  it('the same email sent twice at once (a double click) is sent once; the other is told to wait', async () => {
    const customer = await withConsumer('Twice');
    const to = `twice-${letters()}@example.com`;
    const request = { kind: 'email' as const, customer, email: { to }, options: defaults };
    await control.addFault({ endpoint: SEND_EMAIL, latencyMs: 500, times: 1 });
    const results = await Promise.allSettled([
      generateConnectLink(deps, request, STAFF),
      generateConnectLink(deps, request, STAFF),
    ]);
    const sent = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(sent).toHaveLength(1);
    expect(refused.map((e) => actionFailure(e))).toEqual([
      { ok: false, error: LINK_MESSAGES.emailPending },
    ]);
    expect(await mailboxFor(to)).toBe(1);
  });

  it('the same customer submitted twice at once is created once; the other is told to wait', async () => {
    const input = { firstName: 'Pair', lastName: `Faults-${letters()}`, type: 'testing' as const };
    await control.addFault({ endpoint: ADD_TESTING, latencyMs: 500, times: 1 });
    const results = await Promise.allSettled([
      createCustomer({ db: handle.db, client }, input, STAFF),
      createCustomer({ db: handle.db, client }, input, STAFF),
    ]);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(refused.map((e) => actionFailure(e))).toEqual([
      { ok: false, error: CUSTOMER_MESSAGES.customerPending },
    ]);
    expect(await portalCustomers(input.lastName)).toHaveLength(1);
  });

  it('the joint form’s co-borrower is made once, however often the form is resubmitted', async () => {
    const primary = await withConsumer('Prime');
    const actor: Actor = { type: 'customer', customerId: primary.id };
    const coBorrower = {
      firstName: 'Cob',
      lastName: `Faults-${letters()}`,
      type: 'testing' as const,
    };
    const first = await createCustomer({ db: handle.db, client }, coBorrower, actor, {
      reuseSucceeded: true,
    });
    const before = await control.countRequests(ADD_TESTING);
    const second = await createCustomer({ db: handle.db, client }, coBorrower, actor, {
      reuseSucceeded: true,
    });
    expect(second.id).toBe(first.id);
    expect(await control.countRequests(ADD_TESTING)).toBe(before);
    expect(await portalCustomers(coBorrower.lastName)).toHaveLength(1);
  });

  it('a self-signup that got no answer is resumed from the same browser only', async () => {
    const input = {
      firstName: 'Visitor',
      lastName: `Faults-${letters()}`,
      type: 'testing' as const,
    };
    const browserKey = randomBytes(16).toString('hex');
    await control.addFault({ endpoint: ADD_TESTING, drop: true, times: 1 });
    const first = await messageOf(
      createCustomer({ db: handle.db, client }, input, null, { browserKey }),
    );
    expect(first.error).toBe(CUSTOMER_MESSAGES.customerUnknown);
    const [intent] = await handle.db
      .select()
      .from(upstreamOperations)
      .where(eq(upstreamOperations.state, 'unknown'))
      .then((ops) => ops.filter((o) => o.username?.startsWith('visitorfaults')));

    // Another browser with the same names is another person: it never gets this intent.
    const other = await createCustomer({ db: handle.db, client }, input, null, {
      browserKey: randomBytes(16).toString('hex'),
    });
    expect(other.username).not.toBe(intent!.username);
    const same = await createCustomer({ db: handle.db, client }, input, null, { browserKey });
    expect(same.username).toBe(intent!.username);
    expect(await portalCustomers(input.lastName)).toHaveLength(2);
  });
});
