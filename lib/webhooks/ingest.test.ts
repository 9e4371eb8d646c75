import { randomBytes, randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventIdOf, ingestWebhook, type WebhookDelivery } from './ingest';
import type { WebhookEvent } from './parse';
import { testEngines } from './test-engines';
import type { DatabaseHandle } from '../db/client';
import { rowsOf } from '../db/rows';
import { webhookEvents } from '../db/schema';

const newEventId = () => `${Date.now()}-${randomBytes(12).toString('hex')}`;

function delivery(event: WebhookEvent, rawBody = JSON.stringify(event)): WebhookDelivery {
  return {
    event,
    rawBody,
    contentType: 'application/json',
    signatureHeader: 'X-Finicity-Signature',
  };
}

describe('eventIdOf', () => {
  it('is the eventId, or a digest of the exact body when absent', () => {
    expect(eventIdOf({ eventType: 'x', eventId: '1-a' }, '{}')).toBe('1-a');
    const digest = eventIdOf({ eventType: 'x' }, '{"eventType":"x"}');
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(eventIdOf({ eventType: 'x' }, '{"eventType":"x"}')).toBe(digest);
    expect(eventIdOf({ eventType: 'x' }, '{"eventType": "x"}')).not.toBe(digest);
  });
});

describe.each(testEngines)('ingestWebhook on $name', (engine) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await engine.open();
  });

  afterAll(async () => {
    await handle?.close();
  });

  async function storedRows(eventIds: string[]) {
    return handle.db.select().from(webhookEvents).where(inArray(webhookEvents.eventId, eventIds));
  }

  it('stores an event once with every column, and counts repeated deliveries', async () => {
    const event = {
      eventType: 'added',
      eventId: newEventId(),
      customerId: '1005',
      payload: { a: 1 },
    };
    const first = await ingestWebhook(handle.db, delivery(event));
    expect(first).toMatchObject({ eventId: event.eventId, inserted: true, deliveryCount: 1 });
    const second = await ingestWebhook(handle.db, delivery(event));
    expect(second).toMatchObject({ id: first.id, inserted: false, deliveryCount: 2 });
    const [row] = await storedRows([event.eventId]);
    expect(row).toMatchObject({
      eventType: 'added',
      customerId: '1005',
      consumerId: null,
      linkId: null,
      payload: event,
      rawBody: JSON.stringify(event),
      contentType: 'application/json',
      signatureHeader: 'X-Finicity-Signature',
      deliveryCount: 2,
    });
    // jsonb holds an object, not a JSON string, on every engine.
    const [shape] = rowsOf<{ kind: string; a: string }>(
      await handle.db.execute(
        sql`select jsonb_typeof(payload) as kind, payload->'payload'->>'a' as a from webhook_events where event_id = ${event.eventId}`,
      ),
    );
    expect(shape).toEqual({ kind: 'object', a: '1' });
  });

  it('group commit: concurrent deliveries with duplicates all resolve after commit, one row each', async () => {
    const distinct = Array.from({ length: 70 }, newEventId);
    const ids = [...distinct, ...distinct.slice(0, 30)].sort(() => Math.random() - 0.5);
    const results = await Promise.all(
      ids.map((eventId) => ingestWebhook(handle.db, delivery({ eventType: 'adding', eventId }))),
    );
    expect(
      results
        .filter((r) => r.inserted)
        .map((r) => r.eventId)
        .sort(),
    ).toEqual([...distinct].sort());
    const rows = await storedRows(distinct);
    expect(rows).toHaveLength(70);
    expect(rows.reduce((sum, row) => sum + row.deliveryCount, 0)).toBe(100);
    for (const result of results) {
      expect(rows.find((row) => row.eventId === result.eventId)?.id).toBe(result.id);
    }
  });

  it('an absent eventId dedups on the digest of the body', async () => {
    const body = JSON.stringify({ eventType: 'ping', payload: {}, nonce: randomUUID() });
    const event = JSON.parse(body) as WebhookEvent;
    const [a, b] = await Promise.all([
      ingestWebhook(handle.db, delivery(event, body)),
      ingestWebhook(handle.db, delivery(event, body)),
    ]);
    expect(a!.eventId).toBe(eventIdOf(event, body));
    expect(b!.eventId).toBe(a!.eventId);
    const rows = await storedRows([a!.eventId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.deliveryCount).toBe(2);
  });

  it('stores text the database would refuse (U+0000) instead of failing for ever', async () => {
    const event = { eventType: 'added', eventId: newEventId(), payload: { name: 'a\u0000b' } };
    const result = await ingestWebhook(handle.db, delivery(event));
    expect(result.inserted).toBe(true);
    const [row] = await storedRows([event.eventId]);
    expect((row!.payload as typeof event).payload.name).toBe('a\uFFFDb');
  });

  it('one row the database refuses is kept quarantined alone, its batch neighbours are stored', async () => {
    // An index entry this large exceeds PostgreSQL's limit (program_limit_exceeded).
    const hugeId = randomBytes(96 * 1024).toString('base64');
    const good = Array.from({ length: 10 }, newEventId);
    const outcomes = await Promise.all([
      ...good
        .slice(0, 5)
        .map((eventId) => ingestWebhook(handle.db, delivery({ eventType: 'x', eventId }))),
      ingestWebhook(handle.db, delivery({ eventType: 'x', eventId: hugeId })),
      ...good
        .slice(5)
        .map((eventId) => ingestWebhook(handle.db, delivery({ eventType: 'x', eventId }))),
    ]);
    expect(outcomes.map((o) => o.quarantineReason)).toEqual([
      ...Array(5).fill(null),
      expect.stringMatching(/^database_54/),
      ...Array(5).fill(null),
    ]);
    expect(await storedRows(good)).toHaveLength(10);
    const [kept] = await storedRows([outcomes[5]!.eventId]);
    expect(kept).toMatchObject({ eventType: 'quarantined', payload: null });
    expect(kept!.rawBody).toContain(hugeId);
  });

  it('a failing batch rejects every waiter', async () => {
    const closed = await engine.open();
    await closed.close();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        ingestWebhook(closed.db, delivery({ eventType: 'x', eventId: newEventId() })),
      ),
    );
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
  });
});
