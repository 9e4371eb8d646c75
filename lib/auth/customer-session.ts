import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The customer session cookie: a random session token, its expiry and a signature. The token names
 * a row of `customer_sessions` (stored there only as a SHA-256), which is what makes the session
 * revocable; the signature lets a forged or edited cookie be refused without a query.
 * Pure functions here; `lib/auth/index.ts` reads and writes the cookie in Next.
 */

export const CUSTOMER_COOKIE = 'portal_customer';
export const CUSTOMER_SESSION_MS = 12 * 60 * 60 * 1000;

function sessionKey(authSecret: string): Buffer {
  // A key of its own, derived from AUTH_SECRET, so the staff auth library's key is not reused.
  // v2: the cookie names a server-side session; v1 cookies (a bare customer id) no longer verify.
  return createHmac('sha256', authSecret).update('customer-session-v2').digest();
}

function mac(authSecret: string, payload: string): string {
  return createHmac('sha256', sessionKey(authSecret)).update(payload).digest('base64url');
}

export function newCustomerSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashCustomerSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function signCustomerSession(
  authSecret: string,
  token: string,
  now = Date.now(),
): { value: string; expiresAt: Date } {
  const expiresAt = now + CUSTOMER_SESSION_MS;
  const payload = `${token}.${expiresAt}`;
  return { value: `${payload}.${mac(authSecret, payload)}`, expiresAt: new Date(expiresAt) };
}

/** Returns the session token, or null when the value is forged, malformed or expired. */
export function verifyCustomerSession(
  authSecret: string,
  value: string | undefined,
  now = Date.now(),
): string | null {
  if (!value) return null;
  const parts = value.split('.');
  if (parts.length !== 3) return null;
  const [token, expiresAt, signature] = parts as [string, string, string];
  const expected = Buffer.from(mac(authSecret, `${token}.${expiresAt}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (!/^\d+$/.test(expiresAt) || Number(expiresAt) <= now) return null;
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return token;
}
