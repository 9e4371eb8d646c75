import 'server-only';
import type { Logger } from '../log';
import { type ApiError, apiErrorWithoutAnswer, isApiError, type ApiErrorKind } from './errors';

/**
 * The partner token of one client. Mastercard tokens live 2 hours; we renew after 90 minutes
 * (Mastercard's advice), fetch at most one at a time however many requests wait for it, and after
 * a refused authentication make no new attempt for a cooldown: the configuration cannot change
 * without a restart, and five failed attempts lock the partner account.
 */

export interface TokenCacheState {
  state: 'empty' | 'valid' | 'failed';
  /** ISO time the current token was obtained */
  obtainedAt?: string;
  /** ISO time after which the next request renews it */
  renewsAt?: string;
  lastError?: {
    kind: ApiErrorKind;
    status: number | null;
    code?: string;
    /** ISO time of the failure */
    at: string;
    message: string;
  };
}

export interface TokenCacheOptions {
  /** performs one authentication request and returns the token */
  authenticate: () => Promise<string>;
  now: () => number;
  renewAfterMs: number;
  lifetimeMs: number;
  failureCooldownMs: number;
  logger: Logger;
}

export interface TokenCache {
  /** A valid token: the cached one, or one fresh authentication shared by all callers. */
  getToken(): Promise<string>;
  /** The API refused this token (401 10022/10023/10024): forget it unless already replaced. */
  invalidate(token: string): void;
  state(): TokenCacheState;
}

interface Held {
  value: string;
  obtainedAt: number;
}

export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const { now, logger } = options;
  let held: Held | undefined;
  let pending: Promise<string> | undefined;
  let failure: { error: ApiError; at: number } | undefined;

  function renew(stale: Held | undefined): Promise<string> {
    if (pending) return pending;
    if (failure && !failure.error.transient && now() - failure.at < options.failureCooldownMs) {
      // Refused credentials: answer with the same error instead of spending another attempt.
      return Promise.reject(failure.error);
    }
    pending = (async () => {
      try {
        const value = await options.authenticate();
        held = { value, obtainedAt: now() };
        failure = undefined;
        logger.info('openfinance token obtained', { renewed: stale !== undefined });
        return value;
      } catch (caught) {
        const error = isApiError(caught)
          ? caught
          : apiErrorWithoutAnswer('network', 'POST /aggregation/v2/partners/authentication', {
              cause: caught,
            });
        failure = { error, at: now() };
        logger.error('openfinance authentication failed', error.toLogFields());
        // Renewed for age only: the old token stays valid until its 2 hours are up, so an
        // outage during renewal does not stop the portal.
        if (
          stale &&
          held === stale &&
          error.transient &&
          now() - stale.obtainedAt < options.lifetimeMs
        ) {
          return stale.value;
        }
        throw error;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  }

  return {
    getToken() {
      if (held && now() - held.obtainedAt < options.renewAfterMs)
        return Promise.resolve(held.value);
      return renew(held);
    },
    invalidate(token) {
      if (held?.value === token) held = undefined;
    },
    state() {
      const out: TokenCacheState = { state: 'empty' };
      if (held && now() - held.obtainedAt < options.lifetimeMs) {
        out.state = 'valid';
        out.obtainedAt = new Date(held.obtainedAt).toISOString();
        out.renewsAt = new Date(held.obtainedAt + options.renewAfterMs).toISOString();
      } else if (failure) {
        out.state = 'failed';
      }
      if (failure) {
        out.lastError = {
          kind: failure.error.kind,
          status: failure.error.status,
          at: new Date(failure.at).toISOString(),
          message: failure.error.safeMessage,
        };
        if (failure.error.code) out.lastError.code = failure.error.code;
      }
      return out;
    },
  };
}
