import 'server-only';
import { randomBytes } from 'node:crypto';
import { nextCookies } from 'better-auth/next-js';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getEnv } from '../env';
import { getDb } from '../db';
import { type Auth, createAuth, createStaffUser, type StaffRole } from './create-auth';
import {
  CUSTOMER_COOKIE,
  CUSTOMER_SESSION_MS,
  signCustomerSession,
  verifyCustomerSession,
} from './customer-session';

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

/** The signed-in customer's portal id, or null. */
export async function getCustomerSessionId(): Promise<string | null> {
  const value = (await cookies()).get(CUSTOMER_COOKIE)?.value;
  return verifyCustomerSession(getEnv().authSecret, value);
}

/** Opens a customer session (route handlers and server actions only). */
export async function openCustomerSession(customerId: string): Promise<void> {
  const env = getEnv();
  const { value } = signCustomerSession(env.authSecret, customerId);
  (await cookies()).set(CUSTOMER_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: env.publicBaseUrl.startsWith('https://'),
    path: '/',
    maxAge: CUSTOMER_SESSION_MS / 1000,
  });
}

export async function closeCustomerSession(): Promise<void> {
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
