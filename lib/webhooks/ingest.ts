import 'server-only';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { applyLinkEvent, type LinkStatus, linkTransition } from '../connect/status';
import type { Database } from '../db/client';
import { isUuid } from '../db/queries';
import { connectLinks, webhookEvents } from '../db/schema';
import { linkIdOf, type WebhookEvent } from './parse';

/**
 * Idempotent storage of webhook events with group commit. Every delivery waits until the statement
 * holding its row has committed (so a 200 survives `kill -9`), but concurrent deliveries share one
 * multi-row `insert … on conflict (event_id) do update` instead of paying a transaction each: on
 * two cores the per-statement CPU cost, not the disk, is what limits a transaction per request.
 */

export interface WebhookDelivery {
  event: WebhookEvent;
  rawBody: string;
  contentType: string;
  /** Which header carried the verified signature. */
  signatureHeader: string | null;
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

// Bounds per statement (PostgreSQL allows 65,535 parameters; 9 per row) and for the whole queue
// (bodies are at most 256 KB each, so memory stays bounded under a flood).
const MAX_BATCH_ROWS = 500;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

/** The event's `eventId`, or a digest of the exact body so retried copies still collapse. */
export function eventIdOf(event: WebhookEvent, rawBody: string): string {
  return event.eventId ?? `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

interface Row {
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
  let payload: unknown = event;
  if (rawBody.includes(NUL) || rawBody.includes('\\u0000')) {
    rawBody = withoutNul(rawBody);
    payload = withoutNul(event);
  }
  const linkId = linkIdOf(event);
  return {
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

async function writeGroups(
  db: Database,
  groups: Group[],
): Promise<Map<string, { stored: StoredRow; linkStatus: LinkStatus | null }>> {
  const stored = await db
    .insert(webhookEvents)
    .values(
      groups.map(({ row, waiters }) => ({
        eventId: row.eventId,
        eventType: row.eventType,
        customerId: row.customerId,
        consumerId: row.consumerId,
        // Only a link that exists is recorded; a stale or foreign id must not block the event.
        linkId:
          row.linkCandidate === null
            ? null
            : sql`(select ${connectLinks.id} from ${connectLinks} where ${connectLinks.id} = ${row.linkCandidate}::uuid)`,
        payload: row.payload,
        rawBody: row.rawBody,
        contentType: row.contentType,
        signatureHeader: row.signatureHeader,
        deliveryCount: waiters.length,
      })),
    )
    .onConflictDoUpdate({
      target: webhookEvents.eventId,
      set: {
        deliveryCount: sql`webhook_events.delivery_count + excluded.delivery_count`,
        lastReceivedAt: sql`now()`,
      },
    })
    .returning({
      id: webhookEvents.id,
      eventId: webhookEvents.eventId,
      linkId: webhookEvents.linkId,
      deliveryCount: webhookEvents.deliveryCount,
      receivedAt: webhookEvents.receivedAt,
      // xmax is 0 only for a row this statement inserted (an update leaves its transaction id).
      inserted: sql<boolean>`(xmax = 0)`,
    });
  const results = new Map<string, { stored: StoredRow; linkStatus: LinkStatus | null }>();
  for (const row of stored) results.set(row.eventId, { stored: row, linkStatus: null });
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
      while (this.queue.length > 0) await this.commit(this.takeBatch());
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
          payload: row.payload,
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
