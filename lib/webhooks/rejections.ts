import 'server-only';
import { desc, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { webhookRejections } from '../db/schema';

/**
 * The bounded log of refused deliveries: when, why, how large, which content type. Never the body
 * (an unauthenticated sender chooses it).
 */

export type RejectionReason = 'missing_signature' | 'bad_signature' | 'too_large';

/** Rows kept; older ones are pruned now and then so a flood of junk cannot fill the disk. */
export const MAX_REJECTION_ROWS = 10_000;
const PRUNE_EVERY = 100;

const globalForPrune = globalThis as unknown as { webhookRejectionsSincePrune?: number };

export async function recordRejection(
  db: Database,
  rejection: { reason: RejectionReason; size: number; contentType: string | null },
): Promise<void> {
  await db.insert(webhookRejections).values({
    reason: rejection.reason,
    size: Math.min(Math.max(0, Math.trunc(rejection.size)), 2 ** 31 - 1),
    contentType: rejection.contentType?.slice(0, 200) ?? null,
  });
  const since = (globalForPrune.webhookRejectionsSincePrune ?? 0) + 1;
  globalForPrune.webhookRejectionsSincePrune = since % PRUNE_EVERY;
  if (since >= PRUNE_EVERY) {
    await db.execute(
      sql`delete from webhook_rejections where id <= (select max(id) from webhook_rejections) - ${MAX_REJECTION_ROWS}`,
    );
  }
}

/** The newest refused deliveries, for the staff events page. */
export async function listRecentRejections(db: Database, limit = 20) {
  return db.select().from(webhookRejections).orderBy(desc(webhookRejections.id)).limit(limit);
}
