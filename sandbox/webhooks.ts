// Webhook delivery to the partner's `webhook` URL.
// - Body: {customerId, consumerId, eventType, eventId, payload, webhookData} as JSON, or as XML
//   (<event> with the JSON field names as child elements) when webhookContentType is application/xml.
// - Headers: Content-Type, X-Finicity-Signature = hex HMAC-SHA256 of the exact body bytes keyed by
//   the partner secret, plus every entry of the link's webhookHeaders.
// - ping: sent synchronously on each generate/send call, waiting up to 10 s, never retried.
// - Other events: retried on any non-2xx or network error at 12, 72, 432, 2592, 15552, 93312 ms
//   after the previous attempt, then hourly until 72 h after the first, on the sandbox clock.
import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { XMLBuilder } from 'fast-xml-parser';
import type { Clock } from './clock';
import type { DeliveryAttempt, DeliveryRecord, LinkRecord, Store } from './store';

export const RETRY_DELAYS_MS = [12, 72, 432, 2592, 15552, 93312];
export const HOURLY_RETRY_MS = 60 * 60 * 1000;
export const RETRY_WINDOW_MS = 72 * 60 * 60 * 1000;
export const PING_TIMEOUT_MS = 10_000;
/** Timeout of one delivery attempt of a regular event. */
export const ATTEMPT_TIMEOUT_MS = 10_000;
const MAX_DELIVERIES = 5000;

export interface WebhookEvent {
  customerId?: string;
  consumerId?: string;
  eventType: string;
  eventId: string;
  payload: Record<string, unknown>;
  webhookData?: Record<string, unknown>;
}

export function newEventId(now: number): string {
  return `${now}-${randomBytes(12).toString('hex')}`;
}

/**
 * One POST over node:http(s), ended by a timer of its own: with fetch, an attempt made while the
 * receiver restarted now and then stayed in flight long past its abort signal, and the delivery
 * with it (seen in the crash harness).
 */
function send(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Pick<DeliveryAttempt, 'status' | 'error' | 'ok'>> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ ok: false, error: 'invalid webhook URL' });
      return;
    }
    let settled = false;
    // Called only from the request's callbacks and the timer, never before both exist.
    const finish = (outcome: Pick<DeliveryAttempt, 'status' | 'error' | 'ok'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        response.resume();
        response.once('end', () => {
          const status = response.statusCode ?? 0;
          finish({ status, ok: status >= 200 && status < 300 });
        });
        response.once('error', () => finish({ ok: false, error: 'ECONNRESET' }));
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, error: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.once('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, error: error.code ?? error.message }),
    );
    request.end(body);
  });
}

export function signBody(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

const xmlBuilder = new XMLBuilder({ ignoreAttributes: true, suppressEmptyNode: false });

export function renderEventBody(
  event: WebhookEvent,
  contentType: 'application/json' | 'application/xml',
): string {
  if (contentType === 'application/xml') {
    return `<?xml version="1.0" encoding="UTF-8"?>${xmlBuilder.build({ event }) as string}`;
  }
  return JSON.stringify(event);
}

/** Delay before attempt number `attemptIndex` (1 = first retry), or undefined when retries are over. */
export function retryDelay(attemptIndex: number): number {
  return RETRY_DELAYS_MS[attemptIndex - 1] ?? HOURLY_RETRY_MS;
}

/** Where and how a link's events are delivered: a link, or a burst from the control API. */
export type DeliveryTarget = Pick<
  LinkRecord,
  | 'id'
  | 'customerId'
  | 'consumerId'
  | 'webhook'
  | 'webhookContentType'
  | 'webhookData'
  | 'webhookHeaders'
>;

export type PingResult =
  { ok: true; delivery: DeliveryRecord } | { ok: false; reason: string; delivery: DeliveryRecord };

export interface WebhookDispatcher {
  /** Send `ping` for a link about to be returned; resolves once the partner answered (or not). */
  ping(link: LinkRecord): Promise<PingResult>;
  /** Queue an event for a link's webhook; resolves after the first attempt. Undefined when the link has no webhook. */
  send(
    link: DeliveryTarget,
    eventType: string,
    payload: Record<string, unknown>,
    ids?: { customerId?: string; consumerId?: string },
  ): Promise<DeliveryRecord | undefined>;
  /** Re-arm retries of pending deliveries (after a restart). */
  resume(): void;
  /** Cancel every scheduled retry (on reset and shutdown). */
  cancelAll(): void;
  /** Resolves when no attempt is in flight. */
  idle(): Promise<void>;
  /** Whether an attempt of this delivery is being made now. */
  attempting(deliveryId: string): boolean;
}

export interface DispatcherOptions {
  store: Store;
  clock: Clock;
}

export function createWebhookDispatcher({ store, clock }: DispatcherOptions): WebhookDispatcher {
  const cancels = new Map<string, () => void>();
  const inFlight = new Set<Promise<unknown>>();
  /** deliveries with an attempt being made, and since when (real time) */
  const attempting = new Map<string, number>();

  function record(delivery: DeliveryRecord): void {
    const list = store.state.deliveries;
    list.push(delivery);
    if (list.length > MAX_DELIVERIES) list.splice(0, list.length - MAX_DELIVERIES);
    store.save();
  }

  function build(
    link: DeliveryTarget,
    eventType: string,
    payload: Record<string, unknown>,
    ids: { customerId?: string; consumerId?: string },
  ): DeliveryRecord {
    const now = clock.now();
    const event: WebhookEvent = {
      customerId: ids.customerId ?? link.customerId,
      consumerId: ids.consumerId ?? link.consumerId,
      eventType,
      eventId: newEventId(now),
      payload,
      webhookData: link.webhookData,
    };
    if (event.consumerId === undefined) delete event.consumerId;
    if (event.webhookData === undefined) delete event.webhookData;
    const body = renderEventBody(event, link.webhookContentType);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(link.webhookHeaders ?? {}))
      headers[name] = String(value);
    headers['Content-Type'] = link.webhookContentType;
    headers['X-Finicity-Signature'] = signBody(body, store.state.partner.secret);
    return {
      id: randomBytes(8).toString('hex'),
      eventId: event.eventId,
      eventType,
      linkId: link.id,
      customerId: event.customerId,
      url: link.webhook ?? '',
      contentType: link.webhookContentType,
      headers,
      body,
      createdAt: now,
      attempts: [],
      state: 'pending',
    };
  }

  async function post(delivery: DeliveryRecord, timeoutMs: number): Promise<DeliveryAttempt> {
    const at = clock.now();
    const scheduledAt = delivery.nextAttemptAt ?? at;
    const outcome = await send(delivery.url, delivery.headers, delivery.body, timeoutMs);
    return { at, scheduledAt, ...outcome };
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
    return promise;
  }

  function scheduleNext(delivery: DeliveryRecord): void {
    const last = delivery.attempts[delivery.attempts.length - 1];
    const previous = last?.scheduledAt ?? delivery.createdAt;
    const next = previous + retryDelay(delivery.attempts.length);
    if (next > delivery.createdAt + RETRY_WINDOW_MS) {
      delivery.state = 'failed';
      delivery.nextAttemptAt = undefined;
      store.save();
      return;
    }
    delivery.nextAttemptAt = next;
    store.save();
    arm(delivery);
  }

  function arm(delivery: DeliveryRecord): void {
    if (delivery.nextAttemptAt === undefined) return;
    cancels.get(delivery.id)?.();
    const cancel = clock.schedule(delivery.nextAttemptAt, () => {
      cancels.delete(delivery.id);
      void track(attempt(delivery));
    });
    cancels.set(delivery.id, cancel);
  }

  async function attempt(delivery: DeliveryRecord): Promise<void> {
    attempting.set(delivery.id, Date.now());
    let result: DeliveryAttempt;
    try {
      result = await post(delivery, ATTEMPT_TIMEOUT_MS);
    } finally {
      attempting.delete(delivery.id);
    }
    if (!store.state.deliveries.includes(delivery)) return; // reset meanwhile
    delivery.attempts.push(result);
    if (result.ok) {
      delivery.state = 'delivered';
      delivery.nextAttemptAt = undefined;
      store.save();
      return;
    }
    scheduleNext(delivery);
  }

  return {
    async ping(link) {
      const delivery = build(link, 'ping', {}, {});
      record(delivery);
      const result = await track(post(delivery, PING_TIMEOUT_MS));
      delivery.attempts.push(result);
      delivery.state = result.ok ? 'delivered' : 'failed';
      store.save();
      if (result.ok) return { ok: true, delivery };
      const reason = result.status
        ? `answered HTTP ${result.status}`
        : `could not be reached (${result.error ?? 'error'})`;
      return { ok: false, reason, delivery };
    },
    async send(link, eventType, payload, ids = {}) {
      if (!link.webhook) return undefined;
      const delivery = build(link, eventType, payload, ids);
      record(delivery);
      delivery.nextAttemptAt = delivery.createdAt;
      await track(attempt(delivery));
      return delivery;
    },
    resume() {
      for (const delivery of store.state.deliveries) {
        if (delivery.state === 'pending' && delivery.nextAttemptAt !== undefined) arm(delivery);
      }
    },
    cancelAll() {
      for (const cancel of cancels.values()) cancel();
      cancels.clear();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    attempting: (id) => attempting.has(id),
  };
}
