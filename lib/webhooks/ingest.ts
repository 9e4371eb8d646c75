import 'server-only';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { linkIdOf, type WebhookEvent, type WebhookFormat, type WebhookParseReason } from './parse';
import { applyLinkEvent, type LinkStatus, linkTransition } from '../connect/status';
import type { Database } from '../db/client';
import { isDataError, sqlStateOf } from '../db/errors';
import { rowsOf } from '../db/rows';
import { isUuid } from '../ids';
import { isStorableText, jsonNeedsCleaning, storableDocument, storableText } from '../storable';

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
  /** Set when the body was kept raw instead of as an event. */
  quarantineReason: QuarantineReason | null;
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
  rawBodyEncoding: 'utf8' | 'base64';
  contentType: string;
  signatureHeader: string | null;
  quarantineReason: QuarantineReason | null;
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

function toRow(delivery: WebhookDelivery): Row {
  const { event } = delivery;
  const rawBody = delivery.rawBody;
  // The database casts an exact JSON body itself, unless it holds what it would refuse (then the
  // cleaned document travels as the payload); XML always travels as its parsed document.
  const castsRawBody = delivery.format === 'json' && !jsonNeedsCleaning(rawBody);
  const document: unknown = castsRawBody
    ? (delivery.document ?? event)
    : storableDocument(delivery.document ?? event);
  const linkId = linkIdOf(event);
  return {
    document,
    eventId: storableText(eventIdOf(event, rawBody)),
    eventType: storableText(event.eventType),
    customerId: event.customerId === undefined ? null : storableText(event.customerId),
    consumerId: event.consumerId === undefined ? null : storableText(event.consumerId),
    linkCandidate: linkId !== undefined && isUuid(linkId) ? linkId.toLowerCase() : null,
    payload: castsRawBody ? undefined : document,
    // A raw body that is not storable text never gets here: it is quarantined as base64.
    rawBody: storableText(rawBody),
    rawBodyEncoding: 'utf8',
    contentType: storableText(delivery.contentType),
    signatureHeader: delivery.signatureHeader,
    quarantineReason: null,
  };
}

/** Why an authentic body is kept raw instead of as an event. */
export type QuarantineReason = WebhookParseReason | `database_${string}`;

/** The event type recorded for a quarantined body (no Mastercard event is called this). */
export const QUARANTINED_EVENT_TYPE = 'quarantined';

export interface QuarantinedDelivery {
  reason: QuarantineReason;
  /** The body exactly as received. */
  bytes: Uint8Array;
  contentType: string;
  signatureHeader: string | null;
}

function digestOf(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as storable text when it is one, else its bytes in base64. */
function rawBodyOf(bytes: Uint8Array): { rawBody: string; rawBodyEncoding: 'utf8' | 'base64' } {
  try {
    const text = strictUtf8.decode(bytes);
    if (isStorableText(text)) return { rawBody: text, rawBodyEncoding: 'utf8' };
  } catch {
    // not UTF-8: kept as bytes
  }
  return { rawBody: Buffer.from(bytes).toString('base64'), rawBodyEncoding: 'base64' };
}

function quarantineRow(delivery: QuarantinedDelivery): Row {
  return {
    document: null,
    // Retried copies of the same body collapse onto one row.
    eventId: digestOf(delivery.bytes),
    eventType: QUARANTINED_EVENT_TYPE,
    customerId: null,
    consumerId: null,
    linkCandidate: null,
    payload: null,
    ...rawBodyOf(delivery.bytes),
    contentType: storableText(delivery.contentType),
    signatureHeader: delivery.signatureHeader,
    quarantineReason: delivery.reason,
  };
}

/** The same delivery kept raw, when the database refused its row as an event. */
function requarantined(row: Row, sqlState: string): Row {
  return {
    ...row,
    document: null,
    eventId: digestOf(row.rawBody),
    eventType: QUARANTINED_EVENT_TYPE,
    customerId: null,
    consumerId: null,
    linkCandidate: null,
    payload: null,
    quarantineReason: `database_${sqlState}`,
  };
}

function movesLink(row: Row): boolean {
  return (
    row.linkCandidate !== null &&
    linkTransition({ source: 'webhook', type: row.eventType }) !== null
  );
}

// One constant statement whatever the batch size: the rows travel as a single JSON parameter, so
// neither Drizzle nor the driver handles parameters per row, and PostgreSQL can reuse the plan.
// A JSON body's payload is derived from the stored raw body by the database, not sent twice.
function insertBatch(batch: string) {
  return sql`
    insert into webhook_events (event_id, event_type, customer_id, consumer_id, link_id, payload,
      raw_body, raw_body_encoding, content_type, signature_header, quarantine_reason,
      delivery_count)
    select t.event_id, t.event_type, t.customer_id, t.consumer_id,
      -- Only a link that exists is recorded; a stale or foreign id must not block the event.
      (select c.id from connect_links c where c.id = t.link_id),
      -- A quarantined body is never parsed by the database.
      case when t.quarantine_reason is null then coalesce(t.payload, t.raw_body::jsonb) end,
      t.raw_body, coalesce(t.raw_body_encoding, 'utf8'), t.content_type, t.signature_header,
      t.quarantine_reason, t.delivery_count
    from jsonb_to_recordset(${batch}::jsonb) as t(event_id text, event_type text,
      customer_id text, consumer_id text, link_id uuid, payload jsonb, raw_body text,
      raw_body_encoding text, content_type text, signature_header text, quarantine_reason text,
      delivery_count int)
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
      // Only what differs from the columns' defaults travels, to keep the batch small.
      ...(row.rawBodyEncoding === 'utf8' ? {} : { raw_body_encoding: row.rawBodyEncoding }),
      content_type: row.contentType,
      signature_header: row.signatureHeader,
      ...(row.quarantineReason === null ? {} : { quarantine_reason: row.quarantineReason }),
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
      const only = groups[0];
      if (groups.length === 1 && only && only.row.quarantineReason === null && isDataError(error)) {
        // The database refuses this event's data: keep the authentic body raw rather than answer
        // 503 to every retry for three days.
        const row = requarantined(only.row, sqlStateOf(error) ?? 'unknown');
        await this.commitGroups([{ row, waiters: only.waiters.map((w) => ({ ...w, row })) }]);
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
          quarantineReason: row.quarantineReason,
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
  const row = toRow(delivery);
  return new Promise((resolve, reject) => committerFor(db).enqueue({ row, resolve, reject }));
}

function committerFor(db: Database): GroupCommitter {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommitter(db);
    committers.set(db, committer);
  }
  return committer;
}

/**
 * Keeps an authentic body the portal cannot act on as a quarantined event (raw body only, no
 * payload, no status change), in the same batches as every other event.
 */
export function quarantineWebhook(
  db: Database,
  delivery: QuarantinedDelivery,
): Promise<IngestResult> {
  const row = quarantineRow(delivery);
  return new Promise((resolve, reject) => committerFor(db).enqueue({ row, resolve, reject }));
}
