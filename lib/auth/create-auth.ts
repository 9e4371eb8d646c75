import { betterAuth, type BetterAuthPlugin } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { accounts, sessions, users, verifications } from '../db/schema';
import { log } from '../log';

const authLog = log.child({ component: 'auth' });

export const STAFF_ROLES = ['staff', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface CreateAuthOptions {
  db: Database;
  secret: string;
  baseURL: string;
  plugins?: BetterAuthPlugin[];
}

/** Staff authentication: better-auth with email + password on our Drizzle tables. */
export function createAuth({ db, secret, baseURL, plugins = [] }: CreateAuthOptions) {
  return betterAuth({
    appName: 'Data Connect Partner Portal',
    secret,
    baseURL,
    trustedOrigins: [baseURL],
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    // Staff accounts are made by an admin (or at first start), never by sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12 },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'staff', input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    advanced: {
      useSecureCookies: baseURL.startsWith('https://'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    telemetry: { enabled: false },
    // The library's lines go through the portal's logger: one format, one level, and never the
    // arguments it passes along (they can hold a submitted email or request details).
    logger: {
      level: 'warn',
      log: (level, message) => authLog[level](message),
    },
    plugins,
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** Creates a staff user with a hashed password; returns false when the email is taken. */
export async function createStaffUser(
  auth: Auth,
  db: Database,
  input: { email: string; password: string; name: string; role: StaffRole },
): Promise<boolean> {
  const email = input.email.toLowerCase();
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing.length > 0) return false;
  const ctx = await auth.$context;
  const hash = await ctx.password.hash(input.password);
  const user = await ctx.internalAdapter.createUser(
    {
      email,
      name: input.name,
      emailVerified: true,
      role: input.role,
    },
    { method: 'admin' },
  );
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: hash,
  });
  // The role is not an input field of the auth library; set it explicitly.
  await db.update(users).set({ role: input.role }).where(eq(users.id, user.id));
  return true;
}
