import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { XMLBuilder } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventIdOf } from './ingest';
import type { WebhookEvent } from './parse';
import { type PublishedWebhookEvent, subscribe } from './publish';
import { receiveWebhook } from './receive';
import { testEngines } from './test-engines';
import { signBody } from './verify';
import { LINK_TTL_MS } from '../connect/constants';
import { applyLinkEvent, type LinkStatus } from '../connect/status';
import { insertCustomer } from '../customers/queries';
import type { Database, DatabaseHandle } from '../db/client';
import { connectLinks, webhookEvents, webhookRejections } from '../db/schema';

const secret = 'receiver-test-partner-secret';
const newEventId = () => `${Date.now()}-${randomBytes(12).toString('hex')}`;
const xml = new XMLBuilder({ ignoreAttributes: true, suppressEmptyNode: false });

interface Send {
  body: string | Uint8Array | ReadableStream<Uint8Array>;
  /** Content type; a unique one per test keeps rejection rows apart on a shared database. */
  contentType?: string;
  signature?: 'finicity' | 'x-signature' | 'none' | 'wrong';
  headers?: Record<string, string>;
}

function webhookRequest({
  body,
  contentType,
  signature = 'finicity',
  headers = {},
}: Send): Request {
  const all: Record<string, string> = { ...headers };
  if (contentType) all['Content-Type'] = contentType;
  if (!(body instanceof ReadableStream)) {
    if (signature === 'finicity') all['X-Finicity-Signature'] = signBody(body, secret);
    if (signature === 'x-signature') all['X-Signature'] = signBody(body, secret);
    if (signature === 'wrong') all['X-Finicity-Signature'] = signBody(body, 'not-the-secret');
  }
  return new Request('http://127.0.0.1:3000/api/webhooks/connect', {
    method: 'POST',
    headers: all,
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

const json = (event: Record<string, unknown>) => JSON.stringify(event);
const asXml = (event: Record<string, unknown>) =>
  `<?xml version="1.0" encoding="UTF-8"?>${xml.build({ event }) as string}`;

describe.each(testEngines)('receiveWebhook on $name', (engine) => {
  let handle: DatabaseHandle;
  let db: Database;
  let customerId: string;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const customer = await insertCustomer(db, {
      customerId: `receiver-${randomUUID()}`,
      username: 'receiver-test',
      firstName: 'Receiver',
      lastName: 'Test',
      type: 'testing',
    });
    customerId = customer.id;
  });

  afterAll(async () => {
    await handle?.close();
  });

  const receive = (send: Send, maxBytes?: number) =>
    receiveWebhook(webhookRequest(send), { db, partnerSecret: secret, maxBytes });

  async function rowsFor(eventIds: string[]) {
    return db.select().from(webhookEvents).where(inArray(webhookEvents.eventId, eventIds));
  }

  async function rejectionsFor(contentType: string) {
    return db
      .select()
      .from(webhookRejections)
      .where(eq(webhookRejections.contentType, contentType));
  }

  const uniqueType = (base = 'application/json') => `${base}; test=${randomUUID()}`;

  async function createLink(status: LinkStatus = 'generated'): Promise<string> {
    const [row] = await db
      .insert(connectLinks)
      .values({
        kind: 'full',
        customerId,
        link: 'https://connect.example/?customerId=1',
        expiresAt: new Date(Date.now() + LINK_TTL_MS),
        status,
      })
      .returning({ id: connectLinks.id });
    return row!.id;
  }

  async function linkStatus(id: string) {
    const [row] = await db.select().from(connectLinks).where(eq(connectLinks.id, id));
    return row?.status;
  }

  it('stores a valid JSON event and answers 200 with a small body', async () => {
    const event = {
      customerId: '1005',
      eventType: 'added',
      eventId: newEventId(),
      payload: { x: 1 },
    };
    const response = await receive({ body: json(event), contentType: 'application/json' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    const [row] = await rowsFor([event.eventId]);
    expect(row).toMatchObject({
      eventType: 'added',
      customerId: '1005',
      payload: event,
      rawBody: json(event),
      contentType: 'application/json',
      signatureHeader: 'X-Finicity-Signature',
      deliveryCount: 1,
    });
  });

  it('stores a JSON payload exactly as received, and publishes it', async () => {
    const event = {
      eventType: 'added',
      eventId: newEventId(),
      customerId: 42,
      payload: { big: 1.5e3 },
    };
    const published: PublishedWebhookEvent[] = [];
    const unsubscribe = subscribe((e) => {
      if (e.eventId === event.eventId) published.push(e);
    });
    expect((await receive({ body: json(event) })).status).toBe(200);
    unsubscribe();
    const [row] = await rowsFor([event.eventId]);
    expect(row).toMatchObject({ customerId: '42', payload: event });
    expect(published).toMatchObject([
      { eventType: 'added', customerId: '42', payload: event, id: row!.id, linkId: null },
    ]);
    expect(published[0]!.receivedAt.getTime()).toBe(row!.receivedAt.getTime());
  });

  it('stores a valid XML event', async () => {
    const event = {
      customerId: '1005',
      consumerId: 'c0ffee',
      eventType: 'added',
      eventId: newEventId(),
      payload: { accounts: [{ id: '5011648377', name: 'Checking' }], institutionId: '101732' },
    };
    const body = asXml(event);
    const response = await receive({ body, contentType: 'application/xml' });
    expect(response.status).toBe(200);
    const [row] = await rowsFor([event.eventId]);
    expect(row).toMatchObject({
      eventType: 'added',
      customerId: '1005',
      consumerId: 'c0ffee',
      rawBody: body,
      contentType: 'application/xml',
    });
    expect(row!.payload).toMatchObject({
      payload: { accounts: [{ name: 'Checking' }], institutionId: 101732 },
    });
  });

  it('accepts the X-Signature header too', async () => {
    const event = { eventType: 'adding', eventId: newEventId() };
    const response = await receive({ body: json(event), signature: 'x-signature' });
    expect(response.status).toBe(200);
    const [row] = await rowsFor([event.eventId]);
    expect(row?.signatureHeader).toBe('X-Signature');
  });

  it.each([
    ['wrong', 'bad_signature'],
    ['none', 'missing_signature'],
  ] as const)(
    'a %s signature is refused with 401, not stored, and logged without the body',
    async (signature, reason) => {
      const marker = `secret-marker-${randomUUID()}`;
      const event = { eventType: 'added', eventId: newEventId(), payload: { marker } };
      const contentType = uniqueType();
      const response = await receive({ body: json(event), contentType, signature });
      expect(response.status).toBe(401);
      expect(JSON.stringify(await response.json())).not.toContain(marker);
      expect(await rowsFor([event.eventId])).toHaveLength(0);
      const rejections = await rejectionsFor(contentType);
      expect(rejections).toHaveLength(1);
      expect(rejections[0]).toMatchObject({ reason, size: Buffer.byteLength(json(event)) });
      expect(rejections[0]!.receivedAt).toBeInstanceOf(Date);
      expect(JSON.stringify(rejections)).not.toContain(marker);
    },
  );

  it('an oversized body announced by Content-Length is refused with 413', async () => {
    const event = {
      eventType: 'added',
      eventId: newEventId(),
      payload: { pad: 'x'.repeat(300_000) },
    };
    const contentType = uniqueType();
    const response = await receive({ body: json(event), contentType });
    expect(response.status).toBe(413);
    expect(await rowsFor([event.eventId])).toHaveLength(0);
    const [rejection] = await rejectionsFor(contentType);
    expect(rejection).toMatchObject({ reason: 'too_large' });
    expect(rejection!.size).toBeGreaterThan(256 * 1024);
  });

  it('an oversized streamed body is refused with 413 without reading it all', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000)
          controller.close(); // 64 MB if read to the end
        else controller.enqueue(chunk);
      },
    });
    const contentType = uniqueType();
    const response = await receive({ body: stream, contentType });
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    expect(await rejectionsFor(contentType)).toMatchObject([{ reason: 'too_large' }]);
  });

  it('honours a smaller configured limit', async () => {
    const event = { eventType: 'added', eventId: newEventId() };
    expect((await receive({ body: json(event) }, 10)).status).toBe(413);
    expect(await rowsFor([event.eventId])).toHaveLength(0);
  });

  const digestId = (body: string | Uint8Array) =>
    `sha256:${createHash('sha256').update(body).digest('hex')}`;

  // Each body carries a nonce, so a database kept from another run holds no row of the same digest.
  it.each<[string, (n: string) => string | Buffer, string, string]>([
    [
      'truncated JSON',
      (n) => `{"n":"${n}","eventType":"added","eventId":"1-`,
      'application/json',
      'malformed_json',
    ],
    [
      'JSON without eventType',
      (n) => `{"eventId":"1-abc","n":"${n}"}`,
      'application/json',
      'not_an_event',
    ],
    [
      'a JSON array',
      (n) => `[{"eventType":"added","n":"${n}"}]`,
      'application/json',
      'not_an_event',
    ],
    [
      'malformed XML',
      (n) => `<event><n>${n}</n><eventType>added</event>`,
      'application/xml',
      'malformed_xml',
    ],
    [
      'XML with another root',
      (n) => `<webhook><n>${n}</n><eventType>added</eventType></webhook>`,
      'application/xml',
      'not_an_event',
    ],
    [
      'XML with a document type',
      (n) => `<!DOCTYPE event [<!ENTITY a "${n}">]><event><eventType>&a;</eventType></event>`,
      'application/xml',
      'malformed_xml',
    ],
    [
      'XML nested 100 tags deep',
      (n) => `<event><eventType>${n}</eventType>${'<a>'.repeat(100)}x${'</a>'.repeat(100)}</event>`,
      'application/xml',
      'too_deep',
    ],
    [
      'XML that stops the parser (elements named __proto__ and constructor)',
      (n) =>
        `<event><eventType>${n}</eventType><payload><__proto__><polluted>yes</polluted></__proto__><constructor>x</constructor></payload></event>`,
      'application/xml',
      'malformed_xml',
    ],
    [
      'a literal NUL',
      (n) => `{"eventType":"added","x":"a\u0000${n}"}`,
      'application/json',
      'nul_in_body',
    ],
    [
      'invalid UTF-8',
      (n) => Buffer.concat([Buffer.from(`{"n":"${n}"`), Buffer.from([0xff, 0xfe, 0x7d])]),
      'application/json',
      'not_utf8',
    ],
  ])(
    'a signed body the portal cannot read (%s) is kept quarantined and answered 200',
    async (_n, makeBody, base, reason) => {
      const body = makeBody(randomUUID());
      const contentType = uniqueType(base);
      const response = await receive({ body, contentType });
      expect(response.status).toBe(200);
      expect(await rejectionsFor(contentType)).toEqual([]);
      const rows = await db
        .select()
        .from(webhookEvents)
        .where(eq(webhookEvents.contentType, contentType));
      expect(rows).toMatchObject([
        {
          eventId: digestId(body),
          eventType: 'quarantined',
          quarantineReason: reason,
          payload: null,
          linkId: null,
          signatureHeader: 'X-Finicity-Signature',
        },
      ]);
      const row = rows[0]!;
      const kept =
        row.rawBodyEncoding === 'base64'
          ? Buffer.from(row.rawBody!, 'base64')
          : Buffer.from(row.rawBody!, 'utf8');
      expect(kept.equals(Buffer.from(body))).toBe(true);
      // A retry of the same body collapses onto the same row.
      expect((await receive({ body, contentType })).status).toBe(200);
      const [again] = await rowsFor([digestId(body)]);
      expect(again!.deliveryCount).toBe(2);
    },
  );

  it('a signed body nested 30,000 levels deep is quarantined, and the next webhook is stored', async () => {
    const linkId = await createLink();
    const deep = `{"eventType":"done","eventId":"${newEventId()}","webhookData":{"linkId":"${linkId}"},"payload":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    expect(deep.length).toBeGreaterThan(60_000);
    const response = await receive({ body: deep });
    expect(response.status).toBe(200);
    expect(await rowsFor([digestId(deep)])).toMatchObject([
      { quarantineReason: 'too_deep', payload: null, rawBody: deep },
    ]);
    // No status change from a quarantined body, however it names its link.
    expect(await linkStatus(linkId)).toBe('generated');
    const next = { eventType: 'started', eventId: newEventId(), webhookData: { linkId } };
    expect((await receive({ body: json(next) })).status).toBe(200);
    expect(await rowsFor([next.eventId])).toHaveLength(1);
    expect(await linkStatus(linkId)).toBe('opened');
  }, 10_000);

  it('XML nested deeper than 32 levels is quarantined; 32 levels are an event', async () => {
    const nested = (levels: number) =>
      `<event><eventType>added</eventType><eventId>${newEventId()}</eventId><payload>${'<a>'.repeat(levels)}x${'</a>'.repeat(levels)}</payload></event>`;
    const tooDeep = nested(31);
    const deepEnough = nested(30);
    expect((await receive({ body: tooDeep, contentType: 'application/xml' })).status).toBe(200);
    expect((await receive({ body: deepEnough, contentType: 'application/xml' })).status).toBe(200);
    expect(await rowsFor([digestId(tooDeep)])).toMatchObject([{ quarantineReason: 'too_deep' }]);
    expect(await rowsFor([digestId(deepEnough)])).toEqual([]);
  });

  it.each([
    [
      'a NUL in eventId and eventType',
      { eventId: `${newEventId()}\u0000x`, eventType: 'add\u0000ed' },
    ],
    [
      'a lone surrogate in eventId and eventType',
      { eventId: `${newEventId()}\ud800`, eventType: 'added\udfff' },
    ],
    [
      'a lone surrogate deep in the payload',
      {
        eventId: newEventId(),
        eventType: 'added',
        payload: { a: [{ b: 'x\ud83dy' }], 'k\ud800': 1 },
      },
    ],
  ])(
    'an event with text PostgreSQL refuses (%s) is stored cleaned and answered 200',
    async (_n, fields) => {
      const event = { payload: {}, ...fields };
      const body = json(event);
      const response = await receive({ body });
      expect(response.status).toBe(200);
      const clean = (text: string) => text.toWellFormed().replaceAll('\u0000', '\uFFFD');
      const [row] = await rowsFor([clean(event.eventId)]);
      expect(row).toMatchObject({ eventType: clean(event.eventType), quarantineReason: null });
      // The raw body is kept as received (the escapes are plain text).
      expect(row!.rawBody).toBe(body);
      expect(JSON.stringify(row!.payload)).not.toMatch(/\\u(0000|d[89a-f])/i);
    },
  );

  it('an unsigned body that cannot be read is refused with 401, not quarantined', async () => {
    const contentType = uniqueType();
    const body = `{"eventType":"added","payload":${'['.repeat(5000)}`;
    const response = await receive({ body, contentType, signature: 'none' });
    expect(response.status).toBe(401);
    expect(await rejectionsFor(contentType)).toMatchObject([{ reason: 'missing_signature' }]);
    expect(await rowsFor([digestId(body)])).toEqual([]);
  });

  it('an authentic event of unknown type is stored and answered 200', async () => {
    const event = {
      eventType: 'somethingMastercardAddedLater',
      eventId: newEventId(),
      payload: {},
    };
    expect((await receive({ body: json(event) })).status).toBe(200);
    expect(await rowsFor([event.eventId])).toMatchObject([
      { eventType: 'somethingMastercardAddedLater' },
    ]);
  });

  it('20 concurrent deliveries of the same event leave one row with delivery count 20', async () => {
    const event = { eventType: 'added', eventId: newEventId(), payload: { n: 1 } };
    const published: PublishedWebhookEvent[] = [];
    const unsubscribe = subscribe((e) => {
      if (e.eventId === event.eventId) published.push(e);
    });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => receive({ body: json(event) })),
    );
    unsubscribe();
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const rows = await rowsFor([event.eventId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.deliveryCount).toBe(20);
    expect(published).toHaveLength(1);
  });

  it('every request answered 200 corresponds to a stored row, and no other does', async () => {
    const sends = Array.from({ length: 120 }, (_, i) => {
      const event = { eventType: 'added', eventId: newEventId(), payload: { i } };
      const kind = i % 4;
      if (kind === 1) return { event, send: { body: json(event), signature: 'wrong' as const } };
      // Signed but unreadable: kept quarantined under the digest of its body.
      if (kind === 2)
        return { event, stored: digestId(`${json(event)}}`), send: { body: `${json(event)}}` } };
      if (kind === 3)
        return { event, send: { body: asXml(event), contentType: 'application/xml' } };
      return { event, send: { body: json(event) } };
    });
    const responses = await Promise.all(sends.map(({ send }) => receive(send)));
    const ids = sends.map((s) => s.stored ?? s.event.eventId);
    const rows = await rowsFor(ids);
    const stored = new Set(rows.map((row) => row.eventId));
    responses.forEach((response, i) => {
      expect(stored.has(ids[i]!)).toBe(response.status === 200);
    });
    expect(responses.filter((r) => r.status === 200)).toHaveLength(90);
  });

  it('without an eventId, repeated deliveries collapse on the digest of the body', async () => {
    const body = json({ eventType: 'added', customerId: randomUUID(), payload: {} });
    const responses = await Promise.all([receive({ body }), receive({ body }), receive({ body })]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const eventId = eventIdOf(JSON.parse(body) as WebhookEvent, body);
    expect(await rowsFor([eventId])).toMatchObject([{ deliveryCount: 3 }]);
  });

  it('a signed ping is stored; an unsigned or wrongly signed ping gets 200 and is not stored', async () => {
    const ping = (nonce: string) =>
      json({ eventType: 'ping', payload: {}, webhookData: { nonce } });
    const signed = ping(randomUUID());
    const unsigned = ping(randomUUID());
    const wrong = ping(randomUUID());
    const contentType = uniqueType();
    expect((await receive({ body: signed })).status).toBe(200);
    expect((await receive({ body: unsigned, signature: 'none', contentType })).status).toBe(200);
    expect((await receive({ body: wrong, signature: 'wrong', contentType })).status).toBe(200);
    const id = (body: string) => eventIdOf(JSON.parse(body) as WebhookEvent, body);
    expect(await rowsFor([id(signed)])).toMatchObject([{ eventType: 'ping' }]);
    expect(await rowsFor([id(unsigned), id(wrong)])).toHaveLength(0);
    // Only the wrongly signed one is worth a rejection row: it means the secrets disagree.
    expect(await rejectionsFor(contentType)).toMatchObject([{ reason: 'bad_signature' }]);
  });

  it('publishes each new event after it is stored, never a duplicate or a refused one', async () => {
    const event = { eventType: 'added', eventId: newEventId(), customerId: '77' };
    const seen: Array<{ eventId: string; storedWhenPublished: Promise<number> }> = [];
    const unsubscribe = subscribe((e) => {
      if (e.eventId === event.eventId) {
        seen.push({
          eventId: e.eventId,
          storedWhenPublished: rowsFor([e.eventId]).then((r) => r.length),
        });
      }
    });
    await receive({ body: json(event), signature: 'wrong' });
    await receive({ body: json(event) });
    await receive({ body: json(event) });
    unsubscribe();
    expect(seen).toHaveLength(1);
    expect(await seen[0]!.storedWhenPublished).toBe(1);
  });

  it('ties events to their link and moves its status; a late done after an SDK cancel completes it', async () => {
    const linkId = await createLink();
    const send = (eventType: string) =>
      receive({ body: json({ eventType, eventId: newEventId(), webhookData: { linkId } }) });
    expect((await send('started')).status).toBe(200);
    expect(await linkStatus(linkId)).toBe('opened');
    expect((await send('adding')).status).toBe(200);
    expect(await linkStatus(linkId)).toBe('in_progress');
    await applyLinkEvent(db, linkId, { source: 'sdk', type: 'cancel' });
    expect(await linkStatus(linkId)).toBe('cancelled');
    expect((await send('done')).status).toBe(200);
    expect(await linkStatus(linkId)).toBe('completed');
    const rows = await db.select().from(webhookEvents).where(eq(webhookEvents.linkId, linkId));
    expect(rows.map((r) => r.eventType).sort()).toEqual(['adding', 'done', 'started']);
  });

  it('a completion the browser reported stays unconfirmed until the done webhook arrives', async () => {
    const linkId = await createLink('in_progress');
    const confirmedAt = async () =>
      (
        await db
          .select({ at: connectLinks.webhookConfirmedAt })
          .from(connectLinks)
          .where(eq(connectLinks.id, linkId))
      )[0]?.at;
    expect(await applyLinkEvent(db, linkId, { source: 'sdk', type: 'done' })).toBe('completed');
    expect(await linkStatus(linkId)).toBe('completed');
    expect(await confirmedAt()).toBeNull();
    const done = json({ eventType: 'done', eventId: newEventId(), webhookData: { linkId } });
    expect((await receive({ body: done })).status).toBe(200);
    expect(await linkStatus(linkId)).toBe('completed');
    const confirmed = await confirmedAt();
    expect(confirmed).toBeInstanceOf(Date);
    // Another done (a new event id) changes nothing.
    const again = json({ eventType: 'done', eventId: newEventId(), webhookData: { linkId } });
    expect((await receive({ body: again })).status).toBe(200);
    expect(await confirmedAt()).toEqual(confirmed);
  });

  it('XML events move their link too', async () => {
    const linkId = await createLink('opened');
    const body = asXml({ eventType: 'done', eventId: newEventId(), webhookData: { linkId } });
    expect((await receive({ body, contentType: 'application/xml' })).status).toBe(200);
    expect(await linkStatus(linkId)).toBe('completed');
  });

  it('a link id that is not a uuid or names no link is ignored; the event is still stored', async () => {
    const events = [
      { eventType: 'done', eventId: newEventId(), webhookData: { linkId: 'not-a-uuid' } },
      { eventType: 'done', eventId: newEventId(), webhookData: { linkId: randomUUID() } },
    ];
    for (const event of events) expect((await receive({ body: json(event) })).status).toBe(200);
    const rows = await rowsFor(events.map((e) => e.eventId));
    expect(rows.map((r) => r.linkId)).toEqual([null, null]);
  });

  it('a duplicate delivery does not move the link again', async () => {
    const linkId = await createLink('generated');
    const started = json({ eventType: 'started', eventId: newEventId(), webhookData: { linkId } });
    expect((await receive({ body: started })).status).toBe(200);
    await applyLinkEvent(db, linkId, { source: 'sdk', type: 'cancel' });
    await db.update(connectLinks).set({ status: 'generated' }).where(eq(connectLinks.id, linkId));
    expect((await receive({ body: started })).status).toBe(200);
    expect(await linkStatus(linkId)).toBe('generated');
  });

  it('answers 503 when the database is unavailable, and stores nothing', async () => {
    const closed = await engine.open();
    await closed.close();
    const event = { eventType: 'added', eventId: newEventId() };
    const response = await receiveWebhook(webhookRequest({ body: json(event) }), {
      db: closed.db,
      partnerSecret: secret,
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'unavailable' });
    expect(await rowsFor([event.eventId])).toHaveLength(0);
  });

  it('answers 503 when the database cannot be opened, but still answers a ping', async () => {
    const failing = () => Promise.reject(new Error('cannot open'));
    const event = json({ eventType: 'added', eventId: newEventId() });
    const ping = json({ eventType: 'ping', payload: {} });
    const send = (body: string, signature: Send['signature']) =>
      receiveWebhook(webhookRequest({ body, signature }), { db: failing(), partnerSecret: secret });
    expect((await send(event, 'finicity')).status).toBe(503);
    expect((await send(ping, 'finicity')).status).toBe(200);
    expect((await send(ping, 'none')).status).toBe(200);
    expect((await send(event, 'none')).status).toBe(401);
  });
});
