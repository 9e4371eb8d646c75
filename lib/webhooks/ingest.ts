import 'server-only';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { applyLinkEvent, type LinkStatus, linkTransition } from '../connect/status';
import type { Database } from '../db/client';
import { isUuid } from '../db/queries';
import { rowsOf } from '../db/rows';
import { linkIdOf, type WebhookEvent, type WebhookFormat } from './parse';

/**
 * Idempotent storage of webhook events with group commit. Every delivery waits until the statement
 * holding its row has committed (so a 200 survives `kill -9`), but concurrent deliveries share one
 * multi-row `insert … on conflict (event_id) do update` instead of paying a transaction each: on
 * two cores the per-statement CPU cost, not the disk, is what limits a transaction per request.
 */

export interface WebhookDelivery {
  event: WebhookEvent;
  /** The body as parsed (stored as the payload); the validated event when absent. */
  document?: Record<string, unknown>;
  rawBody: string;
  contentType: string;
  /** Which header carried the verified signature. */
  signatureHeader: string | null;
  /** 'json' when `rawBody` is the event's exact JSON text (the database then parses it itself). */
  format?: WebhookFormat;
}

export interface IngestResult {
  id: number;
  eventId: string;
  eventType: string;
  customerId: string | null;
  consumerId: string | null;
  /** The link the event belongs to, when `webhookData.linkId` names an existing link. */
  linkId: string | null;
  /** False for a repeated delivery (already stored, or an earlier copy in the same batch). */
  inserted: boolean;
  deliveryCount: number;
  /** The link's new status when this delivery moved it. */
  linkStatus: LinkStatus | null;
  contentType: string;
  receivedAt: Date;
  payload: unknown;
}

/** Thrown to every waiter when too much is already queued; the receiver answers 503. */
export class IngestOverloadedError extends Error {
  constructor() {
    super('Webhook ingestion queue is full');
    this.name = 'IngestOverloadedError';
  }
}

// Bounds per statement (its one JSON parameter stays a few MB) and for the whole queue (bodies
// are at most 256 KB each, so memory stays bounded under a flood).
const MAX_BATCH_ROWS = 500;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

/** The event's `eventId`, or a digest of the exact body so retried copies still collapse. */
export function eventIdOf(event: WebhookEvent, rawBody: string): string {
  return event.eventId ?? `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

interface Row {
  /** What is published as the payload. */
  document: unknown;
  eventId: string;
  eventType: string;
  customerId: string | null;
  consumerId: string | null;
  linkCandidate: string | null;
  payload: unknown;
  rawBody: string;
  contentType: string;
  signatureHeader: string | null;
}

interface Waiter {
  row: Row;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

interface Group {
  row: Row;
  waiters: Waiter[];
}

// PostgreSQL text and jsonb cannot hold U+0000; an authentic event containing one must not be
// refused for ever (Mastercard would retry it for three days).
const NUL = '\u0000';
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll(NUL, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNul(v)]),
    ) as T;
  }
  return value;
}

function toRow(delivery: WebhookDelivery): Row {
  const { event } = delivery;
  let rawBody = delivery.rawBody;
  let document: unknown = delivery.document ?? event;
  // Undefined: the database parses the stored JSON body itself (see insertBatch).
  let payload: unknown = delivery.format === 'json' ? undefined : document;
  if (rawBody.includes(NUL) || rawBody.includes('\\u0000')) {
    rawBody = withoutNul(rawBody);
    document = payload = withoutNul(document);
  }
  const linkId = linkIdOf(event);
  return {
    document,
    eventId: eventIdOf(event, delivery.rawBody),
    eventType: event.eventType,
    customerId: event.customerId ?? null,
    consumerId: event.consumerId ?? null,
    linkCandidate: linkId !== undefined && isUuid(linkId) ? linkId.toLowerCase() : null,
    payload,
    rawBody,
    contentType: delivery.contentType,
    signatureHeader: delivery.signatureHeader,
  };
}

function movesLink(row: Row): boolean {
  return (
    row.linkCandidate !== null &&
    linkTransition({ source: 'webhook', type: row.eventType }) !== null
  );
}

/** SQLSTATE of a driver error, looking through Drizzle's wrapper. */
function sqlStateOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Errors caused by one row's data (class 22, 23, 54), not by the database being unavailable. */
function isDataError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== undefined && /^(22|23|54)/.test(state);
}

// One constant statement whatever the batch size: the rows travel as a single JSON parameter, so
// neither Drizzle nor the driver handles parameters per row, and PostgreSQL can reuse the plan.
// A JSON body's payload is derived from the stored raw body by the database, not sent twice.
function insertBatch(batch: string) {
  return sql`
    insert into webhook_events (event_id, event_type, customer_id, consumer_id, link_id, payload,
      raw_body, content_type, signature_header, delivery_count)
    select t.event_id, t.event_type, t.customer_id, t.consumer_id,
      -- Only a link that exists is recorded; a stale or foreign id must not block the event.
      (select c.id from connect_links c where c.id = t.link_id),
      coalesce(t.payload, t.raw_body::jsonb), t.raw_body, t.content_type, t.signature_header,
      t.delivery_count
    from jsonb_to_recordset(${batch}::jsonb) as t(event_id text, event_type text,
      customer_id text, consumer_id text, link_id uuid, payload jsonb, raw_body text,
      content_type text, signature_header text, delivery_count int)
    on conflict (event_id) do update
      set delivery_count = webhook_events.delivery_count + excluded.delivery_count,
        last_received_at = now()
    -- xmax is 0 only for a row this statement inserted (an update leaves its transaction id).
    returning id, event_id, link_id, delivery_count, received_at, (xmax = 0) as inserted`;
}

interface ReturnedRow {
  id: number | string | bigint;
  event_id: string;
  link_id: string | null;
  delivery_count: number;
  received_at: Date | string;
  inserted: boolean;
}

async function writeGroups(
  db: Database,
  groups: Group[],
): Promise<Map<string, { stored: StoredRow; linkStatus: LinkStatus | null }>> {
  const batch = JSON.stringify(
    groups.map(({ row, waiters }) => ({
      event_id: row.eventId,
      event_type: row.eventType,
      customer_id: row.customerId,
      consumer_id: row.consumerId,
      link_id: row.linkCandidate,
      payload: row.payload,
      raw_body: row.rawBody,
      content_type: row.contentType,
      signature_header: row.signatureHeader,
      delivery_count: waiters.length,
    })),
  );
  const stored = rowsOf<ReturnedRow>(await db.execute(insertBatch(batch)));
  const results = new Map<string, { stored: StoredRow; linkStatus: LinkStatus | null }>();
  for (const row of stored) {
    results.set(row.event_id, {
      stored: {
        id: Number(row.id),
        eventId: row.event_id,
        linkId: row.link_id,
        deliveryCount: Number(row.delivery_count),
        receivedAt: new Date(row.received_at),
        inserted: row.inserted,
      },
      linkStatus: null,
    });
  }
  // New events move their link, in arrival order, inside the same transaction as the insert.
  for (const { row } of groups) {
    const result = results.get(row.eventId);
    if (!result?.stored.inserted || result.stored.linkId === null) continue;
    result.linkStatus = await applyLinkEvent(db, result.stored.linkId, {
      source: 'webhook',
      type: row.eventType,
    });
  }
  return results;
}

interface StoredRow {
  id: number;
  eventId: string;
  linkId: string | null;
  deliveryCount: number;
  receivedAt: Date;
  inserted: boolean;
}

class GroupCommitter {
  private queue: Waiter[] = [];
  private queuedBytes = 0;
  private running = false;

  constructor(private readonly db: Database) {}

  enqueue(waiter: Waiter): void {
    const size = waiter.row.rawBody.length;
    if (this.queuedBytes + size > MAX_QUEUED_BYTES && this.queue.length > 0) {
      waiter.reject(new IngestOverloadedError());
      return;
    }
    this.queue.push(waiter);
    this.queuedBytes += size;
    if (!this.running) {
      this.running = true;
      // Let deliveries that arrived in the same turn of the event loop join the first batch.
      setImmediate(() => void this.drain());
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.commit(this.takeBatch());
        // Let requests that arrived while the statement ran reach the queue first: bigger
        // batches share the fixed cost of a statement and its commit among more deliveries.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  private takeBatch(): Waiter[] {
    let bytes = 0;
    let count = 0;
    for (const waiter of this.queue) {
      if (
        count >= MAX_BATCH_ROWS ||
        (count > 0 && bytes + waiter.row.rawBody.length > MAX_BATCH_BYTES)
      )
        break;
      bytes += waiter.row.rawBody.length;
      count++;
    }
    this.queuedBytes -= bytes;
    return this.queue.splice(0, count);
  }

  private async commit(batch: Waiter[]): Promise<void> {
    const byId = new Map<string, Group>();
    for (const waiter of batch) {
      const group = byId.get(waiter.row.eventId);
      if (group) group.waiters.push(waiter);
      else byId.set(waiter.row.eventId, { row: waiter.row, waiters: [waiter] });
    }
    // One lock order for every writer, so batches from several portal instances cannot deadlock.
    const groups = [...byId.values()].sort((a, b) =>
      a.row.eventId < b.row.eventId ? -1 : a.row.eventId > b.row.eventId ? 1 : 0,
    );
    await this.commitGroups(groups);
  }

  private async commitGroups(groups: Group[]): Promise<void> {
    let results: Awaited<ReturnType<typeof writeGroups>>;
    try {
      results = groups.some((g) => movesLink(g.row))
        ? await this.db.transaction((tx) => writeGroups(tx, groups))
        : await writeGroups(this.db, groups);
    } catch (error) {
      if (groups.length > 1 && isDataError(error)) {
        // One bad row must not refuse its neighbours: retry each event on its own.
        for (const group of groups) await this.commitGroups([group]);
        return;
      }
      for (const group of groups) for (const waiter of group.waiters) waiter.reject(error);
      return;
    }
    for (const group of groups) {
      const result = results.get(group.row.eventId);
      group.waiters.forEach((waiter, index) => {
        if (!result) {
          waiter.reject(new Error('Stored row missing from the statement result'));
          return;
        }
        const { row } = group;
        waiter.resolve({
          id: Number(result.stored.id),
          eventId: row.eventId,
          eventType: row.eventType,
          customerId: row.customerId,
          consumerId: row.consumerId,
          linkId: result.stored.linkId,
          inserted: index === 0 && result.stored.inserted,
          deliveryCount: result.stored.deliveryCount,
          linkStatus: index === 0 ? result.linkStatus : null,
          contentType: row.contentType,
          receivedAt: new Date(result.stored.receivedAt),
          payload: row.document,
        });
      });
    }
  }
}

const committers = new WeakMap<Database, GroupCommitter>();

/**
 * Stores one delivery; resolves once the statement that holds it has committed. Rejects when the
 * database fails (the caller answers 503 so Mastercard retries).
 */
export function ingestWebhook(db: Database, delivery: WebhookDelivery): Promise<IngestResult> {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommitter(db);
    committers.set(db, committer);
  }
  const row = toRow(delivery);
  return new Promise((resolve, reject) => committer.enqueue({ row, resolve, reject }));
}
