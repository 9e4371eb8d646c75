/**
 * Configuration of one Open Finance client, passed explicitly (never read from process.env here)
 * so that tests can point a client at any sandbox. `lib/openfinance/index.ts` builds the process
 * client from `getEnv()`.
 */
import { z } from 'zod';

/** Mastercard issues tokens for 2 hours and asks partners to renew after 90 minutes. */
export const TOKEN_LIFETIME_MS = 2 * 60 * 60 * 1000;
export const TOKEN_RENEW_AFTER_MS = 90 * 60 * 1000;
/**
 * After Mastercard refuses the credentials, no new authentication is tried for this long: the
 * configuration cannot change without a restart, and five failures lock the partner account.
 */
export const AUTH_FAILURE_COOLDOWN_MS = 5 * 60 * 1000;
/** One read attempt, and authentication, wait this long at most. */
export const DEFAULT_TIMEOUT_MS = 15_000;
/**
 * A write (create customer or consumer, generate a link, send an email) is sent once and waits
 * this long: long enough for Mastercard's slow answers, since giving up early leaves the outcome
 * unknown. `OPENFINANCE_WRITE_TIMEOUT_MS` changes it.
 */
export const DEFAULT_WRITE_TIMEOUT_MS = 30_000;
/**
 * A read serves a person waiting on a page or a keystroke: all its attempts together, backoff
 * included, end within this budget, then the person reads the clear message for the failure.
 */
export const DEFAULT_READ_BUDGET_MS = 5_000;

export const openFinanceConfigSchema = z.object({
  apiUrl: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
  partnerId: z.string().min(1),
  partnerSecret: z.string().min(1),
  appKey: z.string().min(1),
  timeoutMs: z.number().int().positive().default(DEFAULT_TIMEOUT_MS),
  writeTimeoutMs: z.number().int().positive().default(DEFAULT_WRITE_TIMEOUT_MS),
  readBudgetMs: z.number().int().positive().default(DEFAULT_READ_BUDGET_MS),
  retry: z
    .object({
      /** total attempts of an idempotent GET, the first one included */
      attempts: z.number().int().min(1).max(10).default(3),
      baseDelayMs: z.number().min(0).default(250),
      maxDelayMs: z.number().min(0).default(4_000),
    })
    .prefault({}),
  tokenRenewAfterMs: z.number().positive().default(TOKEN_RENEW_AFTER_MS),
  authFailureCooldownMs: z.number().min(0).default(AUTH_FAILURE_COOLDOWN_MS),
});

/** What callers pass; everything but the credentials and URL has a default. */
export type OpenFinanceConfigInput = z.input<typeof openFinanceConfigSchema>;
export type OpenFinanceConfig = z.output<typeof openFinanceConfigSchema>;

export function parseOpenFinanceConfig(input: OpenFinanceConfigInput): OpenFinanceConfig {
  return openFinanceConfigSchema.parse(input);
}
