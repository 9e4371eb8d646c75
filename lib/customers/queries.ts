import { desc, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { customers } from '../db/schema';
import { isUuid } from '../ids';

/** The portal's customer rows. Each function takes the database, so tests run it on any engine. */

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
