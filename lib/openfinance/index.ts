import 'server-only';
import { getEnv } from '../env';
import { createOpenFinanceClient, type OpenFinanceClient } from './client';
import type { TokenCacheState } from './token-cache';

/**
 * The process's Open Finance client, built once from the validated environment and kept on
 * globalThis so that dev reloads keep its token (one token per process, renewed after 90 min).
 */

const globalForOpenFinance = globalThis as unknown as { portalOpenFinance?: OpenFinanceClient };

export function getOpenFinanceClient(): OpenFinanceClient {
  if (!globalForOpenFinance.portalOpenFinance) {
    const env = getEnv();
    globalForOpenFinance.portalOpenFinance = createOpenFinanceClient({
      apiUrl: env.apiUrl,
      partnerId: env.partnerId,
      partnerSecret: env.partnerSecret,
      appKey: env.appKey,
      writeTimeoutMs: env.writeTimeoutMs,
    });
  }
  return globalForOpenFinance.portalOpenFinance;
}

/** The token cache's last known state for /api/health; never authenticates, never the token. */
export function getTokenCacheState(): TokenCacheState {
  return globalForOpenFinance.portalOpenFinance?.getTokenCacheState() ?? { state: 'empty' };
}

export { createOpenFinanceClient } from './client';
export type { OpenFinanceClient, OpenFinanceClientDeps } from './client';
export type { OpenFinanceConfigInput } from './config';
export {
  ApiError,
  USER_MESSAGES,
  connectSdkMessage,
  isApiError,
  isOutcomeUnknown,
  type ApiErrorKind,
} from './errors';
export * from './model';
export type { TokenCacheState } from './token-cache';
