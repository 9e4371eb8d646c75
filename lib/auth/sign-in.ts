import type { Database } from '../db/client';
import { clearRateLimit, hitRateLimit, peekRateLimit } from '../rate-limit';
import type { Auth } from './create-auth';

/** Failed sign-ins allowed per email (and per client address) in one window. */
export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' | 'throttled'; retryAfterSeconds?: number };

/**
 * Checks staff credentials, throttling repeated failures per email and per client address.
 * In the app the auth instance carries Next's cookie plugin, which sets the session cookie.
 */
export async function signInStaff(
  auth: Auth,
  db: Database,
  input: { email: string; password: string; clientAddress: string; headers?: Headers },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const keys = [`sign-in:email:${email}`, `sign-in:ip:${input.clientAddress}`];
  for (const key of keys) {
    const state = await peekRateLimit(db, key, SIGN_IN_WINDOW_MS);
    const limit = key.includes(':ip:') ? SIGN_IN_MAX_FAILURES * 4 : SIGN_IN_MAX_FAILURES;
    if (state.count >= limit) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((state.resetAt.getTime() - Date.now()) / 1000),
      );
      return { ok: false, reason: 'throttled', retryAfterSeconds };
    }
  }
  try {
    const result = await auth.api.signInEmail({
      body: { email, password: input.password },
      headers: input.headers ?? new Headers(),
    });
    await clearRateLimit(db, keys[0]!);
    return { ok: true, userId: result.user.id };
  } catch {
    // Falls through to a counted failure; the library's message is not shown to the person.
  }
  for (const key of keys) await hitRateLimit(db, key, SIGN_IN_WINDOW_MS);
  return { ok: false, reason: 'invalid' };
}
