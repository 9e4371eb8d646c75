import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { customerSessions, type customerSessionEndReasons, customerTokens } from '../db/schema';

/**
 * Server-side customer sessions: opened by self-signup or by a personal link, ended by sign-out
 * or by the revocation or expiry of the personal link that opened them. Only the SHA-256 of the
 * session token is stored (see customer-session.ts for the cookie).
 */

export type CustomerSessionEndReason = (typeof customerSessionEndReasons)[number];

export interface ActiveCustomerSession {
  sessionId: string;
  customerId: string;
}

export async function insertCustomerSession(
  db: Database,
  input: {
    tokenHash: string;
    customerId: string;
    customerTokenId?: string | null;
    expiresAt: Date;
  },
): Promise<string> {
  const [row] = await db
    .insert(customerSessions)
    .values({
      tokenHash: input.tokenHash,
      customerId: input.customerId,
      customerTokenId: input.customerTokenId ?? null,
      expiresAt: input.expiresAt,
    })
    .returning({ id: customerSessions.id });
  return row!.id;
}

/**
 * The session a token hash names, if it is still open: not ended, not expired, and, when a
 * personal link opened it, that link neither revoked nor expired. One query.
 */
export async function findActiveCustomerSession(
  db: Database,
  tokenHash: string,
  now: Date = new Date(),
): Promise<ActiveCustomerSession | null> {
  const [row] = await db
    .select({ sessionId: customerSessions.id, customerId: customerSessions.customerId })
    .from(customerSessions)
    .leftJoin(customerTokens, eq(customerTokens.id, customerSessions.customerTokenId))
    .where(
      and(
        eq(customerSessions.tokenHash, tokenHash),
        isNull(customerSessions.endedAt),
        gt(customerSessions.expiresAt, now),
        or(
          isNull(customerSessions.customerTokenId),
          and(isNull(customerTokens.revokedAt), gt(customerTokens.expiresAt, now)),
        ),
      ),
    );
  return row ?? null;
}

export async function endCustomerSession(
  db: Database,
  tokenHash: string,
  reason: CustomerSessionEndReason,
): Promise<boolean> {
  const rows = await db
    .update(customerSessions)
    .set({ endedAt: sql`now()`, endedReason: reason })
    .where(and(eq(customerSessions.tokenHash, tokenHash), isNull(customerSessions.endedAt)))
    .returning({ id: customerSessions.id });
  return rows.length > 0;
}

/** Ends every open session a personal link opened; returns how many. */
export async function endSessionsOpenedBy(
  db: Database,
  customerTokenId: string,
  reason: CustomerSessionEndReason,
): Promise<number> {
  const rows = await db
    .update(customerSessions)
    .set({ endedAt: sql`now()`, endedReason: reason })
    .where(
      and(eq(customerSessions.customerTokenId, customerTokenId), isNull(customerSessions.endedAt)),
    )
    .returning({ id: customerSessions.id });
  return rows.length;
}
