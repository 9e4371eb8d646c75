import 'server-only';
import { checkDatabase } from './db';
import { getEnv } from './env';
import { getTokenCacheState, type TokenCacheState } from './openfinance';

const API_PROBE_TIMEOUT_MS = 3000;

export interface Health {
  ok: boolean;
  mode: 'sandbox' | 'mastercard';
  database: { ok: boolean; kind: string };
  api: { ok: boolean; url: string; status?: number; error?: string };
  token: TokenCacheState;
}

/**
 * Whether the Open Finance host answers at all. Any HTTP answer counts (even 404): this never
 * authenticates, because five failed authentications lock the partner account.
 */
async function probeApi(url: string): Promise<Health['api']> {
  try {
    const response = await fetch(url, {
      method: 'GET',
      signal: AbortSignal.timeout(API_PROBE_TIMEOUT_MS),
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    });
    await response.body?.cancel();
    return { ok: true, url, status: response.status };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { ok: false, url, error: timedOut ? 'no answer within 3 s' : 'unreachable' };
  }
}

export async function checkHealth(): Promise<Health> {
  const env = getEnv();
  const [database, api] = await Promise.all([checkDatabase(), probeApi(env.apiUrl)]);
  return {
    ok: database.ok && api.ok,
    mode: env.mode,
    database,
    api,
    token: getTokenCacheState(),
  };
}
