import { desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from './client';
import { auditLog, connectLinks, customers, customerTokens, users } from './schema';

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

// ---------------------------------------------------------------------------------------------
// Staff pages: personal links, who made what, sent Connect emails.
// ---------------------------------------------------------------------------------------------

/** A personal link as staff see it: never the token's hash. */
export type CustomerTokenSummary = Omit<typeof customerTokens.$inferSelect, 'tokenHash'>;

const tokenSummaryColumns = {
  id: customerTokens.id,
  customerId: customerTokens.customerId,
  expiresAt: customerTokens.expiresAt,
  revokedAt: customerTokens.revokedAt,
  lastUsedAt: customerTokens.lastUsedAt,
  createdByUserId: customerTokens.createdByUserId,
  createdAt: customerTokens.createdAt,
};

export async function listCustomerTokens(
  db: Database,
  customerId: string,
  limit = 50,
): Promise<CustomerTokenSummary[]> {
  return db
    .select(tokenSummaryColumns)
    .from(customerTokens)
    .where(eq(customerTokens.customerId, customerId))
    .orderBy(desc(customerTokens.createdAt))
    .limit(limit);
}

export async function getCustomerToken(
  db: Database,
  id: string,
): Promise<CustomerTokenSummary | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select(tokenSummaryColumns)
    .from(customerTokens)
    .where(eq(customerTokens.id, id));
  return row;
}

/** Staff names by user id, for "created by" columns. */
export async function getStaffNames(db: Database, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((row) => [row.id, row.name]));
}

const jointCustomers = alias(customers, 'joint_customers');

/** Links sent by email (single and joint borrower), newest first, with the borrowers' names. */
export async function listConnectEmails(db: Database, limit = 100) {
  return db
    .select({
      link: connectLinks,
      customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
      jointCustomer: {
        id: jointCustomers.id,
        firstName: jointCustomers.firstName,
        lastName: jointCustomers.lastName,
      },
    })
    .from(connectLinks)
    .innerJoin(customers, eq(customers.id, connectLinks.customerId))
    .leftJoin(jointCustomers, eq(jointCustomers.id, connectLinks.jointCustomerId))
    .where(inArray(connectLinks.kind, ['email', 'email_joint']))
    .orderBy(desc(connectLinks.createdAt))
    .limit(limit);
}
