import type { Database } from './db/client';
import { auditLog } from './db/schema';

/** The audit log: who did what to which target. Written by the actions and routes that act. */

export interface AuditEntry {
  actorUserId?: string | null;
  actorCustomerId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

export async function writeAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: entry.actorUserId ?? null,
    actorCustomerId: entry.actorCustomerId ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: entry.details ?? null,
  });
}
