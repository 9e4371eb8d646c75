import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { endSessionsOpenedBy } from './customer-sessions';
import type { Database } from '../db/client';
import { customerTokens } from '../db/schema';
import { isUuid } from '../ids';

/** Personal links (`/link/[token]`): unguessable, stored only as a SHA-256, expiring, revocable. */

export const CUSTOMER_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function hashCustomerToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createCustomerToken(
  db: Database,
  input: { customerId: string; createdByUserId?: string | null; ttlMs?: number },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + (input.ttlMs ?? CUSTOMER_TOKEN_TTL_MS));
  const [row] = await db
    .insert(customerTokens)
    .values({
      tokenHash: hashCustomerToken(token),
      customerId: input.customerId,
      expiresAt,
      createdByUserId: input.createdByUserId ?? null,
    })
    .returning({ id: customerTokens.id });
  return { id: row!.id, token, expiresAt };
}

export type RedeemResult =
  | { ok: true; customerId: string; tokenId: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

export async function redeemCustomerToken(
  db: Database,
  token: string,
  now = new Date(),
): Promise<RedeemResult> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: 'unknown' };
  const [row] = await db
    .select()
    .from(customerTokens)
    .where(eq(customerTokens.tokenHash, hashCustomerToken(token)));
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revokedAt) return { ok: false, reason: 'revoked' };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  await db.update(customerTokens).set({ lastUsedAt: now }).where(eq(customerTokens.id, row.id));
  return { ok: true, customerId: row.customerId, tokenId: row.id };
}

/** Revokes a personal link and ends the sessions it opened. */
export async function revokeCustomerToken(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .update(customerTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(customerTokens.id, id), isNull(customerTokens.revokedAt)))
    .returning({ id: customerTokens.id });
  // The session check also refuses sessions of a revoked link; ending them records why.
  if (rows.length > 0) await endSessionsOpenedBy(db, id, 'link_revoked');
  return rows.length > 0;
}

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
