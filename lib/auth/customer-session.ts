import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The customer session: a signed value naming one customer (portal id) and an expiry.
 * Pure functions here; `lib/auth/customer.ts` reads and writes the cookie in Next.
 */

export const CUSTOMER_COOKIE = 'portal_customer';
export const CUSTOMER_SESSION_MS = 12 * 60 * 60 * 1000;

function sessionKey(authSecret: string): Buffer {
  // A key of its own, derived from AUTH_SECRET, so the staff auth library's key is not reused.
  return createHmac('sha256', authSecret).update('customer-session-v1').digest();
}

function mac(authSecret: string, payload: string): string {
  return createHmac('sha256', sessionKey(authSecret)).update(payload).digest('base64url');
}

export function signCustomerSession(
  authSecret: string,
  customerId: string,
  now = Date.now(),
): { value: string; expiresAt: Date } {
  const expiresAt = now + CUSTOMER_SESSION_MS;
  const payload = `${customerId}.${expiresAt}`;
  return { value: `${payload}.${mac(authSecret, payload)}`, expiresAt: new Date(expiresAt) };
}

/** Returns the customer id, or null when the value is forged, malformed or expired. */
export function verifyCustomerSession(
  authSecret: string,
  value: string | undefined,
  now = Date.now(),
): string | null {
  if (!value) return null;
  const parts = value.split('.');
  if (parts.length !== 3) return null;
  const [customerId, expiresAt, signature] = parts as [string, string, string];
  const expected = Buffer.from(mac(authSecret, `${customerId}.${expiresAt}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (!/^\d+$/.test(expiresAt) || Number(expiresAt) <= now) return null;
  return customerId;
}
