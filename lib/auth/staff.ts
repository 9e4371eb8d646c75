import 'server-only';
import { asc, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { users } from '../db/schema';

/** Staff accounts, oldest first, for the team page (never their password hashes). */
export async function listStaff(db: Database) {
  return db
    .select({ email: users.email, name: users.name, role: users.role, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.createdAt));
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
