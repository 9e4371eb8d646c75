import { z } from 'zod';
import { invalidProxyEntries, splitProxyList } from './net/trusted-proxies';
import { DEFAULT_WRITE_TIMEOUT_MS } from './openfinance/config';

/**
 * The portal's configuration, as a pure function of an environment object, so the rules can be
 * tested and reused by the start script. Only `lib/env.ts` applies it to `process.env`.
 */

export const SANDBOX_DEMO = {
  partnerId: '1445585709680',
  partnerSecret: 'SandboxDemoSecret2026',
  appKey: '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25',
  adminEmail: 'admin@example.com',
  adminPassword: 'sandbox-admin-2026',
} as const;

const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const booleanFlag = z.preprocess(
  emptyToUndefined,
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], {
      error: 'expected true or false',
    })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .optional(),
);

const port = z.preprocess(
  emptyToUndefined,
  z.coerce
    .number({ error: 'expected a port number' })
    .int('expected a whole port number')
    .min(1, 'expected a port from 1 to 65535')
    .max(65535, 'expected a port from 1 to 65535')
    .optional(),
);

const httpUrl = (what: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, error: `expected ${what} (http:// or https://)` })
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
  );

const rawEnvSchema = z.object({
  OPENFINANCE_ENV: z.preprocess(
    emptyToUndefined,
    z
      .enum(['sandbox', 'mastercard'], { error: 'expected sandbox or mastercard' })
      .default('sandbox'),
  ),
  OPENFINANCE_API_URL: httpUrl('the Open Finance API base URL'),
  OPENFINANCE_PARTNER_ID: optionalString,
  OPENFINANCE_PARTNER_SECRET: optionalString,
  OPENFINANCE_APP_KEY: optionalString,
  OPENFINANCE_WRITE_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'expected a number of milliseconds' })
      .int('expected a whole number of milliseconds')
      .min(1_000, 'expected at least 1000 (one second)')
      .max(600_000, 'expected at most 600000 (ten minutes)')
      .optional(),
  ),
  PUBLIC_BASE_URL: httpUrl('the public base URL of the portal'),
  PORT: port,
  SANDBOX_PORT: port,
  DATA_DIR: optionalString,
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL, or leave it unset for PGlite')
      .optional(),
  ),
  AUTH_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(32, 'expected at least 32 characters').optional(),
  ),
  ADMIN_EMAIL: z.preprocess(emptyToUndefined, z.email('expected an email address').optional()),
  ADMIN_PASSWORD: z.preprocess(
    emptyToUndefined,
    z.string().min(12, 'expected at least 12 characters').optional(),
  ),
  CUSTOMER_SELF_SIGNUP: booleanFlag,
  TRUSTED_PROXIES: z
    .preprocess(emptyToUndefined, z.string().optional())
    .transform((value) => splitProxyList(value))
    .superRefine((entries, ctx) => {
      const bad = invalidProxyEntries(entries);
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected IP addresses or CIDRs (e.g. 10.0.0.0/8), not: ${bad.join(', ')}`,
        });
      }
    }),
  CUSTOMER_SIGNUP_LIMIT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'expected a whole number of sign-ups per hour' })
      .int('expected a whole number of sign-ups per hour')
      .min(1, 'expected at least 1')
      .optional(),
  ),
});

export type Mode = 'sandbox' | 'mastercard';

export interface Env {
  mode: Mode;
  apiUrl: string;
  partnerId: string;
  partnerSecret: string;
  appKey: string;
  /** How long a create or send waits for Mastercard's answer (never retried). */
  writeTimeoutMs: number;
  publicBaseUrl: string;
  port: number;
  sandboxPort: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Undefined in sandbox mode when unset: generated into DATA_DIR/secrets by lib/env.ts. */
  authSecret: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  customerSelfSignup: boolean;
  /** New customers per client address per hour through self-signup. */
  customerSignupLimit: number;
  /**
   * Proxies (IPs and CIDRs) whose X-Forwarded-For and X-Request-Id the entry server believes.
   * Empty: the socket's peer is the client.
   */
  trustedProxies: string[];
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'See .env.example for every variable and its default.',
    );
    this.name = 'EnvError';
  }
}

/** Parses an environment object; throws one EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = rawEnvSchema.safeParse(source);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      problems.push(`${name}: ${issue.message}`);
    }
    throw new EnvError(problems);
  }
  const raw = parsed.data;
  const mode = raw.OPENFINANCE_ENV;
  const sandbox = mode === 'sandbox';

  if (!sandbox) {
    const required = [
      ['OPENFINANCE_PARTNER_ID', 'your Partner ID from the Mastercard developer portal'],
      ['OPENFINANCE_PARTNER_SECRET', 'your Partner Secret'],
      ['OPENFINANCE_APP_KEY', 'your App Key'],
      ['PUBLIC_BASE_URL', 'the https:// address where Mastercard can reach this portal'],
      ['AUTH_SECRET', 'a random string of at least 32 characters'],
    ] as const;
    for (const [name, what] of required) {
      if (raw[name] === undefined) problems.push(`${name}: required in mastercard mode (${what})`);
    }
    if (raw.ADMIN_PASSWORD !== undefined && raw.ADMIN_PASSWORD === SANDBOX_DEMO.adminPassword) {
      problems.push('ADMIN_PASSWORD: the sandbox demo password is not allowed in mastercard mode');
    }
  }
  if (problems.length > 0) throw new EnvError(problems);

  const port = raw.PORT ?? 3000;
  return {
    mode,
    apiUrl:
      raw.OPENFINANCE_API_URL ??
      (sandbox ? `http://localhost:${raw.SANDBOX_PORT ?? 4010}` : 'https://api.finicity.com'),
    partnerId: raw.OPENFINANCE_PARTNER_ID ?? SANDBOX_DEMO.partnerId,
    partnerSecret: raw.OPENFINANCE_PARTNER_SECRET ?? SANDBOX_DEMO.partnerSecret,
    appKey: raw.OPENFINANCE_APP_KEY ?? SANDBOX_DEMO.appKey,
    writeTimeoutMs: raw.OPENFINANCE_WRITE_TIMEOUT_MS ?? DEFAULT_WRITE_TIMEOUT_MS,
    publicBaseUrl: raw.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`,
    port,
    sandboxPort: raw.SANDBOX_PORT ?? 4010,
    dataDir: raw.DATA_DIR ?? './data',
    databaseUrl: raw.DATABASE_URL,
    authSecret: raw.AUTH_SECRET,
    adminEmail: raw.ADMIN_EMAIL ?? (sandbox ? SANDBOX_DEMO.adminEmail : undefined),
    adminPassword: raw.ADMIN_PASSWORD ?? (sandbox ? SANDBOX_DEMO.adminPassword : undefined),
    customerSelfSignup: raw.CUSTOMER_SELF_SIGNUP ?? sandbox,
    customerSignupLimit: raw.CUSTOMER_SIGNUP_LIMIT ?? (sandbox ? 50 : 5),
    trustedProxies: raw.TRUSTED_PROXIES,
  };
}
