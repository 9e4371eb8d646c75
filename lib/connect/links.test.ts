import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput, type OutputCapture } from '@/scripts/test-support/capture-output';
import { createSandboxControl, type SandboxControl } from '@/scripts/test-support/sandbox-control';
import { startSandboxProcess, type SandboxProcess } from '@/scripts/test-support/sandbox-process';
import { startWebhookSink, type WebhookSink } from '@/scripts/test-support/webhook-sink';
import { UserError } from '../action-result';
import { EMAILED_LINK_TTL_MS, LINK_TTL_MS } from './constants';
import { listConnectEmails } from './emails';
import {
  type ConnectLinkRow,
  type GeneratedLinkRow,
  generateConnectLink,
  getCustomerLink,
  type LinkDeps,
  listCustomerLinks,
  webhookUrl,
  withEffectiveStatus,
} from './links';
import { connectOptionsSchema } from './schemas';
import { getStaffNames } from '../auth/staff';
import { type Actor, createCustomer, ensureConsumer } from '../customers/customers';
import { type Customer, getCustomer } from '../customers/queries';
import { type DatabaseHandle, openDatabase } from '../db/client';
import { auditLog, connectLinks, users } from '../db/schema';
import {
  ApiError,
  createOpenFinanceClient,
  type EmailOptions,
  type OpenFinanceClient,
  USER_MESSAGES,
} from '../openfinance';

// The lib function behind every "generate link" and "send email" action, against the sandbox
// running as its own process over HTTP, an in-memory PGlite and a webhook sink that answers the
// sandbox's ping (the sink stands in for PUBLIC_BASE_URL; any path answers 200).

const DEMO = {
  partnerId: '1445585709680',
  partnerSecret: 'SandboxDemoSecret2026',
  appKey: '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25',
};
/** Belongs to the sandbox's seeded demo customer, never to a customer made here. */
const FOREIGN_LOGIN_ID = '1007302745';
const FINBANK_PROFILES_A = 102105;
const STAFF_USER_ID = 'staff-links-test';
const STAFF: Actor = { type: 'staff', userId: STAFF_USER_ID };

let sandbox: SandboxProcess;
let control: SandboxControl;
let sink: WebhookSink;
let handle: DatabaseHandle;
let client: OpenFinanceClient;
let deps: LinkDeps;
let primary: Customer;
let joint: Customer;
let withoutConsumer: Customer;
let output: OutputCapture;

const defaults = connectOptionsSchema.parse({});
const suffix = () => Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');

async function customerWithConsumer(firstName: string): Promise<Customer> {
  const customer = await createCustomer(
    { db: handle.db, client },
    { firstName, lastName: `Links-${suffix()}`, type: 'testing' },
    STAFF,
  );
  await ensureConsumer(
    { db: handle.db, client },
    customer,
    {
      firstName,
      lastName: customer.lastName,
      state: 'CA',
      birthday: '1988-08-08',
      email: `${firstName.toLowerCase()}@example.com`,
    },
    STAFF,
  );
  return (await getCustomer(handle.db, customer.id))!;
}

const email: EmailOptions = {
  to: 'borrower@example.com',
  from: 'Acme Lending',
  supportPhone: '800-555-0100',
  subject: 'Please verify your accounts',
  firstName: 'Pat',
  institutionName: 'Acme Lending',
  institutionAddress: '1 Main St, Springfield',
  signature: ['Jo Banker', 'Loan officer'],
};

function params(row: GeneratedLinkRow) {
  return new URL(row.link).searchParams;
}

/** The stored row, its sandbox record and its audit entry agree on the essentials. */
async function expectStored(row: GeneratedLinkRow, kind: ConnectLinkRow['kind']) {
  const [stored] = await handle.db.select().from(connectLinks).where(eq(connectLinks.id, row.id));
  expect(stored).toMatchObject({ kind, status: 'generated', createdByUserId: STAFF_USER_ID });
  // The expiry is the link's own ttl: 2 h for generated URLs, 3 days for emailed ones.
  const ttl = Number(params(row).get('ttl'));
  const timestamp = Number(params(row).get('timestamp'));
  expect(stored!.expiresAt.getTime()).toBe(ttl);
  const emailed = kind === 'email' || kind === 'email_joint';
  expect(ttl - timestamp).toBe(emailed ? EMAILED_LINK_TTL_MS : LINK_TTL_MS);

  const upstream = await control.link(row.link);
  expect(upstream).toMatchObject({
    webhook: webhookUrl(deps.publicBaseUrl),
    webhookContentType: 'application/json',
    webhookData: { linkId: row.id },
  });
  // The sandbox pinged the webhook before answering; the ping carries our link id too.
  const ping = sink.received
    .map((r) => ({ path: r.path, body: JSON.parse(r.body) as Record<string, unknown> }))
    .find(
      (r) =>
        r.body.eventType === 'ping' &&
        (r.body.webhookData as { linkId?: string } | undefined)?.linkId === row.id,
    );
  expect(ping?.path).toBe('/api/webhooks/connect');

  const audits = await handle.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, 'connect_link'), eq(auditLog.targetId, row.id)));
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({
    actorUserId: STAFF_USER_ID,
    action: emailed ? 'connect.email.send' : 'connect.link.generate',
    details: { kind, customerId: row.customerId },
  });
  return upstream;
}

async function linkCount(): Promise<number> {
  return (await handle.db.select({ id: connectLinks.id }).from(connectLinks)).length;
}

beforeAll(async () => {
  output = captureOutput();
  [sandbox, sink, handle] = await Promise.all([
    startSandboxProcess(),
    startWebhookSink(),
    openDatabase({}),
  ]);
  control = createSandboxControl(sandbox.controlUrl);
  client = createOpenFinanceClient({
    apiUrl: sandbox.url,
    ...DEMO,
    timeoutMs: 10_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  deps = { db: handle.db, client, publicBaseUrl: new URL(sink.url).origin };
  await handle.db.insert(users).values({ id: STAFF_USER_ID, name: 'Sam', email: 's@example.com' });
  primary = await customerWithConsumer('Pat');
  joint = await customerWithConsumer('Lee');
  withoutConsumer = await createCustomer(
    { db: handle.db, client },
    { firstName: 'Nova', lastName: `Links-${suffix()}`, type: 'testing' },
    STAFF,
  );
});

afterAll(async () => {
  output?.stop();
  await Promise.all([sandbox?.stop(), sink?.close(), handle?.close()]);
});

describe('generateConnectLink', () => {
  it('Full: stored with kind, expiry and its id in webhookData; options reach Mastercard', async () => {
    const row = await generateConnectLink(
      deps,
      {
        kind: 'full',
        customer: primary,
        options: connectOptionsSchema.parse({
          experience: 'default',
          language: 'fr-CA',
          singleUseUrl: 'on',
        }),
      },
      STAFF,
    );
    expect(row).toMatchObject({
      kind: 'full',
      customerId: primary.id,
      jointCustomerId: null,
      experience: 'default',
      language: 'fr-CA',
      singleUse: true,
    });
    expect(params(row).get('customerId')).toBe(primary.customerId);
    expect(params(row).get('language')).toBe('fr-CA');
    const upstream = await expectStored(row, 'full');
    expect(upstream).toMatchObject({ experience: 'default', singleUseUrl: true });
  });

  it('Lite: stored with the institution id', async () => {
    const row = await generateConnectLink(
      deps,
      { kind: 'lite', customer: primary, institutionId: FINBANK_PROFILES_A, options: defaults },
      STAFF,
    );
    expect(row.institutionId).toBe(String(FINBANK_PROFILES_A));
    expect(params(row).get('type')).toBe('lite');
    expect(params(row).get('institutionId')).toBe(String(FINBANK_PROFILES_A));
    await expectStored(row, 'lite');
  });

  it('Fix: for a login the customer owns (after a completed session)', async () => {
    const full = await generateConnectLink(
      deps,
      { kind: 'full', customer: primary, options: defaults },
      STAFF,
    );
    const session = await control.completeSession(full.link);
    const loginId = String(session.institutionLoginId);
    expect(loginId).toMatch(/^\d+$/);

    const row = await generateConnectLink(
      deps,
      { kind: 'fix', customer: primary, institutionLoginId: loginId, options: defaults },
      STAFF,
    );
    expect(row.institutionLoginId).toBe(loginId);
    expect(params(row).get('type')).toBe('fix');
    await expectStored(row, 'fix');
  });

  it('Fix with another customer’s login: the safe "cannot be repaired" message, its intent failed', async () => {
    const before = await linkCount();
    const error = await generateConnectLink(
      deps,
      {
        kind: 'fix',
        customer: primary,
        institutionLoginId: FOREIGN_LOGIN_ID,
        options: defaults,
      },
      STAFF,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).safeMessage).toBe(USER_MESSAGES.fixNotPossible);
    expect((error as ApiError).safeMessage).toMatch(/cannot be repaired/);
    // The intent was recorded before the call; the refusal settles it as failed, with no URL.
    expect(await linkCount()).toBe(before + 1);
    const [intent] = await listCustomerLinks(handle.db, primary.id, 1);
    expect(intent).toMatchObject({ kind: 'fix', status: 'failed', link: null });
  });

  it('Joint: stored for both borrowers; listed for each of them', async () => {
    const row = await generateConnectLink(
      deps,
      { kind: 'joint', customer: primary, jointCustomer: joint, options: defaults },
      STAFF,
    );
    expect(row).toMatchObject({ customerId: primary.id, jointCustomerId: joint.id });
    const upstream = await expectStored(row, 'joint');
    expect(upstream.borrowers).toEqual([
      expect.objectContaining({
        customerId: primary.customerId,
        consumerId: primary.consumerId,
        type: 'primary',
      }),
      expect.objectContaining({
        customerId: joint.customerId,
        consumerId: joint.consumerId,
        type: 'jointBorrower',
      }),
    ]);
    expect((await listCustomerLinks(handle.db, joint.id)).map((l) => l.id)).toContain(row.id);
    expect((await getCustomerLink(handle.db, row.id, joint.id))?.id).toBe(row.id);
    expect(await getCustomerLink(handle.db, row.id, withoutConsumer.id)).toBeUndefined();
  });

  it('Joint with a borrower who has no consumer: a clear UserError before any upstream call', async () => {
    await control.clearRequests();
    const before = await linkCount();
    const error = await generateConnectLink(
      deps,
      { kind: 'joint', customer: primary, jointCustomer: withoutConsumer, options: defaults },
      STAFF,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      'The joint borrower has no consumer details yet; add them before sending this.',
    );
    expect((await control.requests()).requests.filter((r) => r.path.includes('/connect/'))).toEqual(
      [],
    );
    expect(await linkCount()).toBe(before);
  });

  it('Email: stored with the recipient, lands in the sandbox mailbox', async () => {
    const row = await generateConnectLink(
      deps,
      { kind: 'email', customer: primary, email, options: { ...defaults, language: 'es' } },
      STAFF,
    );
    expect(row).toMatchObject({ kind: 'email', emailTo: email.to, language: 'es' });
    expect(params(row).get('origin')).toBe('email');
    const upstream = await expectStored(row, 'email');
    const { messages } = await control.mailbox();
    const message = messages.find((m) => m.linkId === upstream.id);
    expect(message).toMatchObject({
      kind: 'email',
      to: email.to,
      from: email.from,
      subject: email.subject,
      firstName: 'Pat',
      supportPhone: email.supportPhone,
      institutionName: email.institutionName,
      institutionAddress: email.institutionAddress,
      signature: email.signature,
      link: row.link,
      customerId: primary.customerId,
      consumerId: primary.consumerId,
    });
  });

  it('Email for a customer without a consumer: a clear UserError, nothing sent', async () => {
    const mailboxBefore = (await control.mailbox()).count;
    const error = await generateConnectLink(
      deps,
      { kind: 'email', customer: withoutConsumer, email, options: defaults },
      STAFF,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/no consumer details yet/);
    expect((await control.mailbox()).count).toBe(mailboxBefore);
  });

  it('Joint email: stored for both borrowers, lands in the sandbox mailbox', async () => {
    const jointEmail = { ...email, to: 'both@example.com', firstName: 'Pat and Lee' };
    const row = await generateConnectLink(
      deps,
      {
        kind: 'email_joint',
        customer: primary,
        jointCustomer: joint,
        email: jointEmail,
        options: defaults,
      },
      STAFF,
    );
    expect(row).toMatchObject({
      kind: 'email_joint',
      customerId: primary.id,
      jointCustomerId: joint.id,
      emailTo: 'both@example.com',
    });
    const upstream = await expectStored(row, 'email_joint');
    const { messages } = await control.mailbox();
    expect(messages.find((m) => m.linkId === upstream.id)).toMatchObject({
      kind: 'email_joint',
      to: 'both@example.com',
      firstName: 'Pat and Lee',
      link: row.link,
    });
  });

  it('an unreachable webhook address refuses the link with the safe message', async () => {
    sink.respondWith(500);
    try {
      const error = await generateConnectLink(
        deps,
        { kind: 'full', customer: primary, options: defaults },
        STAFF,
      ).catch((e: unknown) => e);
      expect((error as ApiError).safeMessage).toBe(USER_MESSAGES.webhookUnreachable);
    } finally {
      sink.respondWith(200);
    }
  });
});

describe('the staff pages’ queries', () => {
  it('list sent emails (both kinds, newest first) with the borrowers’ names', async () => {
    const emails = await listConnectEmails(handle.db);
    expect(emails.map((e) => e.link.kind)).toEqual(['email_joint', 'email']);
    expect(emails[0]).toMatchObject({
      customer: { id: primary.id, firstName: 'Pat', lastName: primary.lastName },
      jointCustomer: { id: joint.id, firstName: 'Lee' },
    });
    expect(emails[1]?.jointCustomer).toBeNull();
    expect(emails[1]?.link.emailTo).toBe(email.to);
  });

  it('name the staff who made things, ignoring unknown ids', async () => {
    const names = await getStaffNames(handle.db, [STAFF_USER_ID, STAFF_USER_ID, 'gone']);
    expect([...names]).toEqual([[STAFF_USER_ID, 'Sam']]);
    expect((await getStaffNames(handle.db, [])).size).toBe(0);
  });
});

describe('withEffectiveStatus', () => {
  it('shows a link past its expiry as expired, without writing anything', async () => {
    const row = (await listCustomerLinks(handle.db, primary.id)).find(
      (link) => link.status === 'generated',
    );
    expect(row).toBeDefined();
    expect(withEffectiveStatus(row!, new Date(row!.expiresAt.getTime() - 1)).status).toBe(
      row!.status,
    );
    expect(withEffectiveStatus(row!, new Date(row!.expiresAt.getTime() + 1)).status).toBe(
      'expired',
    );
    const [stored] = await handle.db
      .select()
      .from(connectLinks)
      .where(eq(connectLinks.id, row!.id));
    expect(stored?.status).toBe(row!.status);
  });
});
