import 'server-only';
import { checkDatabase } from './db';
import { getEnv } from './env';
import { getTokenCacheState, type TokenCacheState } from './openfinance';

// Both probes run at once and each gives up in time for the whole answer to leave within 2 s.
const API_PROBE_TIMEOUT_MS = 1500;
const DATABASE_PROBE_TIMEOUT_MS = 1500;

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
    return { ok: false, url, error: timedOut ? 'no answer within 1.5 s' : 'unreachable' };
  }
}

/** Whether this instance can serve: its database answers (what a load balancer should ask). */
export async function checkLiveness(): Promise<{ ok: boolean; database: Health['database'] }> {
  const database = await checkDatabase(DATABASE_PROBE_TIMEOUT_MS);
  return { ok: database.ok, database };
}

export async function checkHealth(): Promise<Health> {
  const env = getEnv();
  const [database, api] = await Promise.all([
    checkDatabase(DATABASE_PROBE_TIMEOUT_MS),
    probeApi(env.apiUrl),
  ]);
  return {
    ok: database.ok && api.ok,
    mode: env.mode,
    database,
    api,
    token: getTokenCacheState(),
  };
}
