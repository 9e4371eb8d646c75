import 'server-only';
import type { LinkStatus } from '../connect/status';
import { log } from '../log';

/**
 * In-process fan-out of newly stored webhook events. Called only after the row is committed, so a
 * listener never sees an event the database could still lose. The dashboard adds SSE on top, and
 * PostgreSQL LISTEN/NOTIFY for several portal instances.
 */

export interface PublishedWebhookEvent {
  id: number;
  eventId: string;
  eventType: string;
  customerId: string | null;
  consumerId: string | null;
  linkId: string | null;
  /** The link's new status when this event moved it. */
  linkStatus: LinkStatus | null;
  contentType: string;
  receivedAt: Date;
  payload: unknown;
}

export type WebhookListener = (event: PublishedWebhookEvent) => void;

// On globalThis so dev reloads keep one set of listeners per process.
const globalForListeners = globalThis as unknown as { webhookListeners?: Set<WebhookListener> };
const listeners = (globalForListeners.webhookListeners ??= new Set());

/** Registers a listener; returns the function that removes it. */
export function subscribe(listener: WebhookListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Delivers an event to every listener; a failing listener affects neither others nor the sender. */
export function publish(event: PublishedWebhookEvent): void {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (error) {
      log.error('webhook listener failed', {
        component: 'webhooks',
        eventId: event.eventId,
        error: error instanceof Error ? error.name : typeof error,
      });
    }
  }
}
