import 'server-only';
import { asc } from 'drizzle-orm';
import type { Database } from '../db/client';
import { users } from '../db/schema';

/** Staff accounts, oldest first, for the team page (never their password hashes). */
export async function listStaff(db: Database) {
  return db
    .select({ email: users.email, name: users.name, role: users.role, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.createdAt));
}
