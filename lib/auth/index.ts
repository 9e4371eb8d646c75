import 'server-only';
import { randomBytes } from 'node:crypto';
import { nextCookies } from 'better-auth/next-js';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getDb } from '../db';
import { getEnv } from '../env';
import { type Auth, createAuth, createStaffUser, type StaffRole } from './create-auth';
import {
  CUSTOMER_COOKIE,
  CUSTOMER_SESSION_MS,
  hashCustomerSessionToken,
  newCustomerSessionToken,
  signCustomerSession,
  verifyCustomerSession,
} from './customer-session';
import {
  type CustomerSessionEndReason,
  endCustomerSession,
  findActiveCustomerSession,
  insertCustomerSession,
} from './customer-sessions';

export type { StaffRole } from './create-auth';

const globalForAuth = globalThis as unknown as { portalAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  if (!globalForAuth.portalAuth) {
    globalForAuth.portalAuth = (async () => {
      const env = getEnv();
      const db = await getDb();
      return createAuth({
        db,
        secret: env.authSecret,
        baseURL: env.publicBaseUrl,
        plugins: [nextCookies()],
      });
    })().catch((error: unknown) => {
      globalForAuth.portalAuth = undefined;
      throw error;
    });
  }
  return globalForAuth.portalAuth;
}

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when they are set and unused. */
export async function ensureFirstAdmin(): Promise<void> {
  const env = getEnv();
  if (!env.adminEmail || !env.adminPassword) return;
  const created = await createStaffUser(await getAuth(), await getDb(), {
    email: env.adminEmail,
    password: env.adminPassword,
    name: 'Administrator',
    role: 'admin',
  });
  if (created) console.info(`[auth] created the first admin ${env.adminEmail}`);
}

export interface StaffSession {
  userId: string;
  email: string;
  name: string;
  role: StaffRole;
}

export async function getStaffSession(): Promise<StaffSession | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) return null;
  const role = (session.user as { role?: string }).role === 'admin' ? 'admin' : 'staff';
  return { userId: session.user.id, email: session.user.email, name: session.user.name, role };
}

export function hasRole(session: StaffSession, role: StaffRole): boolean {
  return role === 'staff' || session.role === 'admin';
}

/**
 * For staff pages: signed out → redirect to sign-in (coming back afterwards);
 * signed in without the role → 403.
 */
export async function requireStaff(
  role: StaffRole = 'staff',
  from = '/staff',
): Promise<StaffSession> {
  const session = await getStaffSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(from)}`);
  if (!hasRole(session, role)) forbidden();
  return session;
}

export interface CustomerSession {
  sessionId: string;
  /** The customer's portal id. */
  customerId: string;
}

/** How long a session's validity may be taken from memory, where a caller allows it at all. */
export const CUSTOMER_SESSION_RECHECK_MS = 30_000;
const VALIDITY_CACHE_MAX = 10_000;

const globalForSessions = globalThis as unknown as {
  portalCustomerSessionValidity?: Map<string, { session: CustomerSession; checkedAt: number }>;
};
function validityCache() {
  return (globalForSessions.portalCustomerSessionValidity ??= new Map());
}

/**
 * The one reader of the customer session, for every page, route handler and action: the signed
 * cookie names a server-side session, which must still be open (not signed out, not expired, its
 * personal link neither revoked nor expired). `recheckAfterMs` lets a caller on a hot path (the
 * institution search, public data) reuse a positive answer this process got at most that long ago
 * (capped at 30 s); everything else asks the database each time.
 */
export async function readCustomerSession(
  options: { recheckAfterMs?: number } = {},
): Promise<CustomerSession | null> {
  const token = verifyCustomerSession(
    getEnv().authSecret,
    (await cookies()).get(CUSTOMER_COOKIE)?.value,
  );
  if (!token) return null;
  const hash = hashCustomerSessionToken(token);
  const cache = validityCache();
  const maxAge = Math.min(options.recheckAfterMs ?? 0, CUSTOMER_SESSION_RECHECK_MS);
  const cached = cache.get(hash);
  if (cached && maxAge > 0 && Date.now() - cached.checkedAt < maxAge) return cached.session;
  const session = await findActiveCustomerSession(await getDb(), hash);
  cache.delete(hash);
  if (session) {
    if (cache.size >= VALIDITY_CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(hash, { session, checkedAt: Date.now() });
  }
  return session;
}

/**
 * Opens a customer session (route handlers and server actions only): a new server-side record
 * and its cookie. A session this browser already had is ended first.
 */
export async function openCustomerSession(
  customerId: string,
  openedBy: { customerTokenId?: string } = {},
): Promise<void> {
  const env = getEnv();
  await endCurrentCustomerSession('replaced');
  const token = newCustomerSessionToken();
  const { value, expiresAt } = signCustomerSession(env.authSecret, token);
  await insertCustomerSession(await getDb(), {
    tokenHash: hashCustomerSessionToken(token),
    customerId,
    customerTokenId: openedBy.customerTokenId ?? null,
    expiresAt,
  });
  (await cookies()).set(CUSTOMER_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: env.publicBaseUrl.startsWith('https://'),
    path: '/',
    maxAge: CUSTOMER_SESSION_MS / 1000,
  });
}

async function endCurrentCustomerSession(reason: CustomerSessionEndReason): Promise<void> {
  const token = verifyCustomerSession(
    getEnv().authSecret,
    (await cookies()).get(CUSTOMER_COOKIE)?.value,
  );
  if (!token) return;
  const hash = hashCustomerSessionToken(token);
  validityCache().delete(hash);
  await endCustomerSession(await getDb(), hash, reason);
}

/** Sign-out: ends the server-side session (so a copy of the cookie is refused too) and the cookie. */
export async function closeCustomerSession(): Promise<void> {
  await endCurrentCustomerSession('sign_out');
  (await cookies()).delete(CUSTOMER_COOKIE);
}

const SIGNUP_BROWSER_COOKIE = 'portal_signup';

/**
 * A random key naming this browser for self-signup, set on first use (server actions only). A
 * visitor has no account, so an unfinished sign-up (Mastercard did not answer) is resumed only
 * from the browser that started it: nobody else's customer is ever adopted.
 */
export async function getSignupBrowserKey(): Promise<string> {
  const store = await cookies();
  const existing = store.get(SIGNUP_BROWSER_COOKIE)?.value;
  if (existing && /^[0-9a-f]{32}$/.test(existing)) return existing;
  const key = randomBytes(16).toString('hex');
  store.set(SIGNUP_BROWSER_COOKIE, key, {
    httpOnly: true,
    sameSite: 'lax',
    secure: getEnv().publicBaseUrl.startsWith('https://'),
    path: '/link',
    maxAge: 24 * 60 * 60,
  });
  return key;
}
