import { createHmac } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openLink } from './sessions';
import { DEMO_CONSUMER_ID, DEMO_CUSTOMER_ID, DEMO_INSTITUTION_LOGIN_ID } from './store';
import {
  PARTNER_ID,
  PARTNER_SECRET,
  startReceiver,
  startTestSandbox,
  type Receiver,
  type TestSandbox,
} from './test-helpers';
import { RETRY_DELAYS_MS } from './webhooks';

let t: TestSandbox;
let receiver: Receiver;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.control('POST', '/reset');
  t.dropToken();
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const borrower = (type: string) => ({
  customerId: DEMO_CUSTOMER_ID,
  consumerId: DEMO_CONSUMER_ID,
  type,
  optionalConsumerInfo: { ssn: '999999999', dob: 470275200 },
});

describe('connect URL generation', () => {
  it('generates Full, Lite, Fix and joint links shaped like the real ones', async () => {
    const full = await t.api('POST', '/connect/v2/generate', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
      language: 'fr-CA',
    });
    expect(full.status).toBe(200);
    expect(Object.keys(full.body)).toEqual(['link']);
    const url = new URL(full.body.link);
    expect(url.origin + url.pathname).toBe(`${t.sandbox.ctx.config.publicUrl}/connect`);
    expect(url.searchParams.get('customerId')).toBe(DEMO_CUSTOMER_ID);
    expect(url.searchParams.get('partnerId')).toBe(PARTNER_ID);
    expect(url.searchParams.get('origin')).toBe('url');
    expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
    const ts = Number(url.searchParams.get('timestamp'));
    expect(Number(url.searchParams.get('ttl')) - ts).toBe(7_200_000);

    const lite = await t.api('POST', '/connect/v2/generate/lite', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
      institutionId: 102105,
    });
    expect(lite.body.link).toContain('type=lite');
    expect(lite.body.link).toContain('institutionId=102105');

    const fix = await t.api('POST', '/connect/v2/generate/fix', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
      institutionLoginId: String(DEMO_INSTITUTION_LOGIN_ID),
    });
    expect(fix.body.link).toContain('type=fix');
    expect(fix.body.link).toContain(`institutionLoginId=${DEMO_INSTITUTION_LOGIN_ID}`);

    const joint = await t.api('POST', '/connect/v2/generate/jointBorrower', {
      partnerId: PARTNER_ID,
      borrowers: [borrower('primary'), borrower('jointBorrower')],
    });
    expect(joint.status).toBe(200);
    expect(joint.body.link).toContain(`consumerId=${DEMO_CONSUMER_ID}`);
    expect(joint.body.link).toContain(`customerId=${DEMO_CUSTOMER_ID}`);
  });

  it('sends emails with origin=email links valid for 3 days and echoes emailConfig', async () => {
    const email = {
      to: 'someone@company.com',
      firstName: 'Homer',
      institutionName: 'Acme Lending',
      institutionAddress: '1 Main St, Murray, UT',
      signature: ['Jane Doe', 'Loan Officer'],
    };
    const res = await t.api('POST', '/connect/v2/send/email', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
      consumerId: DEMO_CONSUMER_ID,
      language: 'fr-CA',
      email,
    });
    expect(res.status).toBe(200);
    expect(res.body.emailConfig).toEqual(email);
    const url = new URL(res.body.link);
    expect(url.searchParams.get('origin')).toBe('email');
    expect(Number(url.searchParams.get('ttl')) - Number(url.searchParams.get('timestamp'))).toBe(
      3 * 24 * 3600 * 1000,
    );
    const joint = await t.api('POST', '/connect/v2/send/email/jointBorrower', {
      partnerId: PARTNER_ID,
      borrowers: [borrower('primary'), borrower('jointBorrower')],
      email: { to: 'someone@company.com' },
    });
    expect(joint.status).toBe(200);
    expect(joint.body.link).toContain('origin=email');
    expect(joint.body.emailConfig.to).toBe('someone@company.com');
  });

  it('validates each variant with the documented codes and messages', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON is read loosely
    const err = (res: { status: number; body: any }) => [
      res.status,
      res.body.code,
      res.body.message,
    ];
    expect(
      err(
        await t.api('POST', '/connect/v2/generate/lite', {
          partnerId: '1234',
          customerId: DEMO_CUSTOMER_ID,
          institutionId: 102105,
        }),
      ),
    ).toEqual([400, '10010', 'Invalid "partnerId" in request body']);
    const unknown = await t.api('POST', '/connect/v2/generate/lite', {
      partnerId: PARTNER_ID,
      customerId: '1234',
      institutionId: 102105,
    });
    expect(err(unknown)).toEqual([
      400,
      '10010',
      'Request failed with status code 404 GET /aggregation/v1/customers/1234',
    ]);
    expect(unknown.body).toMatchObject({
      status: '400',
      tags: '',
      user_message: expect.any(String),
    });
    const fix = await t.api('POST', '/connect/v2/generate/fix', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
      institutionLoginId: '1234',
    });
    expect(err(fix)).toEqual([
      404,
      '38007',
      'Customer does not have any accounts associated with institutionLoginId.',
    ]);
    expect(err(await t.api('POST', '/connect/v2/generate', { partnerId: PARTNER_ID }))).toEqual([
      400,
      '10010',
      '"customerId" is required',
    ]);
    expect(
      err(
        await t.api('POST', '/connect/v2/generate/lite', {
          partnerId: PARTNER_ID,
          customerId: DEMO_CUSTOMER_ID,
        }),
      ),
    ).toEqual([400, '10010', '"institutionId" is required']);
    expect(
      err(
        await t.api('POST', '/connect/v2/generate', {
          partnerId: PARTNER_ID,
          customerId: DEMO_CUSTOMER_ID,
          experience: 'nope',
        }),
      ),
    ).toEqual([400, '10010', '"experience" must be a valid GUID']);
    expect(
      (
        await t.api('POST', '/connect/v2/send/email', {
          partnerId: PARTNER_ID,
          customerId: DEMO_CUSTOMER_ID,
          consumerId: DEMO_CONSUMER_ID,
        })
      ).body.message,
    ).toBe('"email" is required');
    expect(
      (
        await t.api('POST', '/connect/v2/send/email', {
          partnerId: PARTNER_ID,
          customerId: DEMO_CUSTOMER_ID,
          email: { to: 'a@b.co' },
        })
      ).body.message,
    ).toBe('"consumerId" is required');
    expect(
      (
        await t.api('POST', '/connect/v2/generate/jointBorrower', {
          partnerId: PARTNER_ID,
          borrowers: [],
        })
      ).body.message,
    ).toBe('"borrowers" must contain at least 1 items');
    expect(
      (
        await t.api('POST', '/connect/v2/generate', {
          partnerId: PARTNER_ID,
          customerId: DEMO_CUSTOMER_ID,
          language: 'de',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.api('POST', '/connect/v2/generate', {
          partnerId: PARTNER_ID,
          customerId: DEMO_CUSTOMER_ID,
          webhookContentType: 'text/plain',
        })
      ).status,
    ).toBe(400);
    // experience optional everywhere; a consumerId on Full is not ownership-checked
    expect(
      (
        await t.api('POST', '/connect/v2/generate', {
          partnerId: PARTNER_ID,
          customerId: DEMO_CUSTOMER_ID,
          consumerId: 'ffffffffffffffffffffffffffffffff',
          experience: 'default',
        })
      ).status,
    ).toBe(200);
    const malformed = await t.request('POST', '/connect/v2/generate', {
      rawBody: '{oops',
      headers: {
        'Finicity-App-Key': (await import('./test-helpers')).APP_KEY,
        'Finicity-App-Token': await t.token(),
        'Content-Type': 'application/json',
      },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('10010');
  });

  it('refuses an edited link and an expired one (2 h on the sandbox clock)', async () => {
    const res = await t.api('POST', '/connect/v2/generate', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
    });
    const link: string = res.body.link;
    expect(openLink(t.sandbox.ctx, link)).toMatchObject({ ok: true });
    expect(
      openLink(
        t.sandbox.ctx,
        link.replace(`customerId=${DEMO_CUSTOMER_ID}`, 'customerId=1005061299'),
      ),
    ).toEqual({ ok: false, reason: 'signature' });
    const ttl = new URL(link).searchParams.get('ttl') as string;
    expect(openLink(t.sandbox.ctx, link.replace(`ttl=${ttl}`, `ttl=${Number(ttl) + 1}`))).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(
      openLink(t.sandbox.ctx, link.replace(/signature=[0-9a-f]+/, 'signature=' + '0'.repeat(64))),
    ).toEqual({ ok: false, reason: 'signature' });
    await t.control('POST', '/clock/advance', { duration: '2h' });
    expect(openLink(t.sandbox.ctx, link)).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('webhooks', () => {
  const generate = (extra: Record<string, unknown>) =>
    t.api('POST', '/connect/v2/generate', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
      webhook: receiver.url,
      ...extra,
    });

  it('pings before returning the link, signed with the partner secret, with webhookHeaders and webhookData', async () => {
    const res = await generate({
      webhookData: { linkId: 'L-1' },
      webhookHeaders: { 'X-Portal-Test': 'yes' },
    });
    expect(res.status).toBe(200);
    expect(receiver.received).toHaveLength(1);
    const ping = receiver.received[0]!;
    expect(ping.method).toBe('POST');
    expect(ping.headers['content-type']).toBe('application/json');
    expect(ping.headers['x-portal-test']).toBe('yes');
    const expected = createHmac('sha256', PARTNER_SECRET).update(ping.body).digest('hex');
    expect(ping.headers['x-finicity-signature']).toBe(expected);
    const event = JSON.parse(ping.body.toString());
    expect(event).toMatchObject({
      customerId: DEMO_CUSTOMER_ID,
      eventType: 'ping',
      payload: {},
      webhookData: { linkId: 'L-1' },
    });
    expect(event.eventId).toMatch(/^\d{13}-[0-9a-f]{24}$/);
  });

  it('fails generate when the ping is not answered 2xx', async () => {
    receiver.status = 500;
    const res = await generate({});
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('10010');
    expect(res.body.message).toContain('HTTP 500');
    const closed = await t.api('POST', '/connect/v2/generate', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
      webhook: 'http://127.0.0.1:9/none',
    });
    expect(closed.status).toBe(400);
    expect(Object.keys(t.sandbox.ctx.store.state.links)).toHaveLength(0);
  });

  it('delivers a session as JSON in order, and as XML with <event> when asked', async () => {
    const res = await generate({ webhookData: { linkId: 'L-2' } });
    const done = await t.control('POST', '/sessions/complete', {
      link: res.body.link,
      profile: 'profile_02',
    });
    expect(done.status).toBe(200);
    expect(done.body.events).toEqual([
      'started',
      'institutionSupported',
      'adding',
      'discovered',
      'added',
      'done',
    ]);
    const received = await receiver.waitFor(7);
    const types = received.map((r) => JSON.parse(r.body.toString()).eventType);
    expect(types).toEqual([
      'ping',
      'started',
      'institutionSupported',
      'adding',
      'discovered',
      'added',
      'done',
    ]);
    const added = JSON.parse(received[5]!.body.toString());
    expect(added.payload.accounts).toHaveLength(4);
    expect(added.payload.institutionId).toBe('102105');
    expect(added.webhookData).toEqual({ linkId: 'L-2' });
    const ids = new Set(received.map((r) => JSON.parse(r.body.toString()).eventId));
    expect(ids.size).toBe(7);

    const xmlReceiver = await startReceiver();
    try {
      const xml = await t.api('POST', '/connect/v2/generate', {
        partnerId: PARTNER_ID,
        customerId: DEMO_CUSTOMER_ID,
        webhook: xmlReceiver.url,
        webhookContentType: 'application/xml',
        webhookData: { linkId: 'L-3' },
      });
      await t.control('POST', '/sessions/complete', { link: xml.body.link, profile: 'profile_01' });
      const got = await xmlReceiver.waitFor(7);
      const addedXml = got[5]!;
      expect(addedXml.headers['content-type']).toBe('application/xml');
      expect(addedXml.headers['x-finicity-signature']).toBe(
        createHmac('sha256', PARTNER_SECRET).update(addedXml.body).digest('hex'),
      );
      const parsed = new XMLParser({ parseTagValue: false }).parse(addedXml.body.toString());
      expect(parsed.event.eventType).toBe('added');
      expect(parsed.event.customerId).toBe(DEMO_CUSTOMER_ID);
      expect(parsed.event.webhookData.linkId).toBe('L-3');
      expect(parsed.event.payload.accounts).toHaveLength(2);
    } finally {
      await xmlReceiver.close();
    }
  });

  it('retries at 12, 72, 432, 2592, 15552, 93312 ms then hourly until 72 h, on the sandbox clock', async () => {
    const res = await generate({});
    receiver.status = 503;
    await t.control('POST', '/sessions/cancel', { link: res.body.link });
    const link = Object.values(t.sandbox.ctx.store.state.links)[0]!;
    await t.sandbox.ctx.webhooks.send(link, 'done', {});
    const delivery = () =>
      t.sandbox.ctx.store.state.deliveries.find((d) => d.eventType === 'done')!;
    expect(delivery().attempts).toHaveLength(1);
    await t.control('POST', '/clock/advance', { ms: 200_000 });
    await receiver.waitFor(1 + 7);
    await t.sandbox.ctx.webhooks.idle();
    const scheduled = delivery().attempts.map((a) => a.scheduledAt - delivery().createdAt);
    const cumulative = RETRY_DELAYS_MS.reduce<number[]>(
      (acc, d) => [...acc, (acc.at(-1) ?? 0) + d],
      [0],
    );
    expect(scheduled).toEqual(cumulative);
    await t.control('POST', '/clock/advance', { duration: '73h' });
    for (let i = 0; i < 50 && delivery().state === 'pending'; i++) {
      await t.sandbox.ctx.webhooks.idle();
      await new Promise((r) => setTimeout(r, 10));
    }
    const final = delivery();
    expect(final.state).toBe('failed');
    const hourly = final.attempts
      .slice(7)
      .map(
        (a, i, list) =>
          a.scheduledAt - (i === 0 ? final.attempts[6]!.scheduledAt : list[i - 1]!.scheduledAt),
      );
    expect(new Set(hourly)).toEqual(new Set([3_600_000]));
    expect(final.attempts.at(-1)!.scheduledAt - final.createdAt).toBeLessThanOrEqual(
      72 * 3600 * 1000,
    );
    const listed = await t.control('GET', '/deliveries?eventType=done');
    expect(listed.body.deliveries[0].attempts.length).toBe(final.attempts.length);
  });

  it('stops retrying once the partner answers 2xx', async () => {
    const res = await generate({});
    receiver.status = 500;
    const link =
      t.sandbox.ctx.store.state.links[new URL(res.body.link).searchParams.get('signature')!]!;
    await t.sandbox.ctx.webhooks.send(link, 'started', {});
    receiver.status = 200;
    await receiver.waitFor(3, 3000);
    await t.sandbox.ctx.webhooks.idle();
    const d = t.sandbox.ctx.store.state.deliveries.find((x) => x.eventType === 'started')!;
    expect(d.state).toBe('delivered');
    expect(d.attempts.map((a) => a.ok)).toEqual([false, true]);
  });
});

describe('accounts', () => {
  it('lists, filters, gets and deletes accounts, sending accountsDeleted', async () => {
    const res = await t.api('POST', '/connect/v2/generate', {
      partnerId: PARTNER_ID,
      customerId: DEMO_CUSTOMER_ID,
      webhook: receiver.url,
    });
    const session = await t.control('POST', '/sessions/complete', {
      link: res.body.link,
      profile: 'demo',
      institutionId: 101732,
    });
    const loginId = session.body.institutionLoginId as number;
    const all = await t.api(
      'GET',
      `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/accounts?status=active`,
    );
    expect(all.body.accounts.length).toBe(11 + 8);
    const account = all.body.accounts.find(
      (a: { institutionLoginId: number }) => a.institutionLoginId === loginId,
    );
    expect(account).toMatchObject({
      customerId: DEMO_CUSTOMER_ID,
      institutionId: '101732',
      aggregationStatusCode: 0,
      status: 'active',
    });
    expect(
      (await t.api('GET', `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/accounts?status=pending`))
        .body.accounts,
    ).toEqual([]);
    expect(
      (await t.api('GET', `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/accounts?status=closed`))
        .body.code,
    ).toBe(18017);
    const one = await t.api(
      'GET',
      `/aggregation/v2/customers/${DEMO_CUSTOMER_ID}/accounts/${account.id}`,
    );
    expect(one.body.id).toBe(account.id);
    const byLogin = await t.api(
      'GET',
      `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/institutionLogins/${loginId}/accounts`,
    );
    expect(byLogin.body.accounts).toHaveLength(8);
    const byInst = await t.api(
      'GET',
      `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/institutions/1234567/accounts`,
    );
    expect(byInst.body).toEqual({
      code: 38006,
      message: 'Customer does not have any accounts associated with institutionId = (1234567)',
    });
    expect(
      (
        await t.api(
          'DELETE',
          `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/institutionLogins/1234`,
        )
      ).body,
    ).toEqual({
      code: 38007,
      message: 'Customer does not have any accounts associated with institutionLoginId = (1234)',
    });
    expect((await t.api('DELETE', '/aggregation/v1/customers/1234/accounts/1234')).body).toEqual({
      code: 38003,
      message: 'customer does not have given account (customerId = 1234, accountId = [1234])',
    });
    const before = receiver.received.length;
    expect(
      (
        await t.api(
          'DELETE',
          `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/institutionLogins/${loginId}`,
        )
      ).status,
    ).toBe(204);
    const got = await receiver.waitFor(before + 1);
    const deleted = JSON.parse(got.at(-1)!.body.toString());
    expect(deleted.eventType).toBe('accountsDeleted');
    expect(deleted.payload.accounts).toHaveLength(8);
    expect(
      (await t.api('GET', `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/accounts`)).body.accounts,
    ).toHaveLength(11);
    expect(
      (await t.api('POST', `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/accounts`)).body.accounts,
    ).toHaveLength(11);
  });
});
