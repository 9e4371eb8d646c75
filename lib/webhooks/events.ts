import 'server-only';
import { desc } from 'drizzle-orm';
import type { Database } from '../db/client';
import { webhookEvents } from '../db/schema';

/**
 * Reading stored webhook events for staff. The events dashboard (filters, keyset pages, the live
 * stream) grows here; today the newest events, quarantined ones included.
 */
export async function listRecentEvents(db: Database, limit = 100) {
  return db
    .select({
      id: webhookEvents.id,
      eventId: webhookEvents.eventId,
      eventType: webhookEvents.eventType,
      customerId: webhookEvents.customerId,
      linkId: webhookEvents.linkId,
      contentType: webhookEvents.contentType,
      receivedAt: webhookEvents.receivedAt,
      deliveryCount: webhookEvents.deliveryCount,
      quarantineReason: webhookEvents.quarantineReason,
    })
    .from(webhookEvents)
    .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
    .limit(limit);
}
