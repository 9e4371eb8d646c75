import { UserError } from '../action-result';
import type { Database } from '../db/client';
import { hitRateLimit } from '../rate-limit';

/** Self-signup creates a customer at Mastercard, so it is limited per client address. */
export const SIGNUP_WINDOW_MS = 60 * 60 * 1000;

/** Counts one sign-up from `address`; throws a UserError once the hourly limit is passed. */
export async function consumeSignupAllowance(
  db: Database,
  address: string,
  limitPerHour: number,
): Promise<void> {
  const state = await hitRateLimit(db, `signup:${address}`, SIGNUP_WINDOW_MS);
  if (state.count > limitPerHour) {
    const minutes = Math.max(1, Math.ceil((state.resetAt.getTime() - Date.now()) / 60_000));
    throw new UserError(
      `Too many new customers were started from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    );
  }
}
