import { desc, eq } from 'drizzle-orm';
import type { Database } from './client';
import { auditLog, customers } from './schema';

/** Data access used across domains. Each takes the database, so tests run it on any engine. */

export type Customer = typeof customers.$inferSelect;
export type NewCustomer = typeof customers.$inferInsert;

export async function insertCustomer(db: Database, values: NewCustomer): Promise<Customer> {
  const [row] = await db.insert(customers).values(values).returning();
  return row!;
}

export async function getCustomer(db: Database, id: string): Promise<Customer | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  return row;
}

export async function listCustomers(db: Database, limit = 100): Promise<Customer[]> {
  return db.select().from(customers).orderBy(desc(customers.createdAt)).limit(limit);
}

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
