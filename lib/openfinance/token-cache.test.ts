import { describe, expect, it } from 'vitest';
import type { Logger } from '../log';
import { TOKEN_LIFETIME_MS, TOKEN_RENEW_AFTER_MS } from './config';
import { apiErrorFromResponse, apiErrorWithoutAnswer, type ApiError } from './errors';
import { createTokenCache } from './token-cache';

const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => quiet,
};

const MINUTE = 60_000;

/** A token cache over a scripted authenticate(): each call takes the next outcome. */
function setup(outcomes: Array<string | ApiError>, cooldownMs = 5 * MINUTE) {
  let clock = 1_800_000_000_000;
  let calls = 0;
  const releases: Array<() => void> = [];
  let gate = false;
  const cache = createTokenCache({
    authenticate: async () => {
      calls += 1;
      if (gate) await new Promise<void>((resolve) => releases.push(resolve));
      const outcome = outcomes.shift() ?? 'spare-token';
      if (typeof outcome !== 'string') throw outcome;
      return outcome;
    },
    now: () => clock,
    renewAfterMs: TOKEN_RENEW_AFTER_MS,
    lifetimeMs: TOKEN_LIFETIME_MS,
    failureCooldownMs: cooldownMs,
    logger: quiet,
  });
  return {
    cache,
    calls: () => calls,
    advance: (ms: number) => {
      clock += ms;
    },
    holdAuthentication: () => {
      gate = true;
    },
    release: () => {
      gate = false;
      for (const r of releases.splice(0)) r();
    },
  };
}

const refused = () =>
  apiErrorFromResponse({
    status: 401,
    code: '10001',
    endpoint: 'POST /aggregation/v2/partners/authentication',
  });
const outage = () =>
  apiErrorFromResponse({
    status: 503,
    endpoint: 'POST /aggregation/v2/partners/authentication',
  });

describe('token cache', () => {
  it('starts empty and shares one authentication among concurrent callers', async () => {
    const t = setup(['token-1']);
    expect(t.cache.state()).toEqual({ state: 'empty' });
    t.holdAuthentication();
    const waiting = Array.from({ length: 50 }, () => t.cache.getToken());
    t.release();
    expect(new Set(await Promise.all(waiting))).toEqual(new Set(['token-1']));
    expect(t.calls()).toBe(1);
    expect(t.cache.state().state).toBe('valid');
  });

  it('keeps the token for 90 minutes, then renews it', async () => {
    const t = setup(['token-1', 'token-2']);
    await t.cache.getToken();
    t.advance(89 * MINUTE);
    expect(await t.cache.getToken()).toBe('token-1');
    t.advance(2 * MINUTE);
    expect(await t.cache.getToken()).toBe('token-2');
    expect(t.calls()).toBe(2);
  });

  it('forgets a refused token once, however many requests report it', async () => {
    const t = setup(['token-1', 'token-2']);
    await t.cache.getToken();
    t.cache.invalidate('token-1');
    t.cache.invalidate('token-1');
    expect(await t.cache.getToken()).toBe('token-2');
    // a late report about the old token must not drop the new one
    t.cache.invalidate('token-1');
    expect(await t.cache.getToken()).toBe('token-2');
    expect(t.calls()).toBe(2);
  });

  it('does not authenticate again after refused credentials until the cooldown ends', async () => {
    const t = setup([refused(), 'token-1']);
    await expect(t.cache.getToken()).rejects.toMatchObject({ kind: 'auth', code: '10001' });
    await expect(t.cache.getToken()).rejects.toMatchObject({ kind: 'auth', code: '10001' });
    await expect(t.cache.getToken()).rejects.toMatchObject({ kind: 'auth' });
    expect(t.calls()).toBe(1);
    const state = t.cache.state();
    expect(state.state).toBe('failed');
    expect(state.lastError).toMatchObject({ kind: 'auth', status: 401, code: '10001' });
    expect(JSON.stringify(state)).not.toContain('token');
    t.advance(5 * MINUTE);
    expect(await t.cache.getToken()).toBe('token-1');
    expect(t.calls()).toBe(2);
  });

  it('tries again at once after an outage (not a refusal)', async () => {
    const t = setup([outage(), 'token-1']);
    await expect(t.cache.getToken()).rejects.toMatchObject({ kind: 'unavailable' });
    expect(await t.cache.getToken()).toBe('token-1');
  });

  it('keeps using an aged token while renewal meets an outage, until its 2 hours end', async () => {
    const t = setup([
      'token-1',
      outage(),
      apiErrorWithoutAnswer('timeout', 'POST /a'),
      outage(),
      'token-2',
    ]);
    await t.cache.getToken();
    t.advance(95 * MINUTE);
    expect(await t.cache.getToken()).toBe('token-1');
    t.advance(20 * MINUTE);
    expect(await t.cache.getToken()).toBe('token-1');
    t.advance(10 * MINUTE);
    await expect(t.cache.getToken()).rejects.toMatchObject({ kind: 'unavailable' });
    expect(await t.cache.getToken()).toBe('token-2');
  });
});
