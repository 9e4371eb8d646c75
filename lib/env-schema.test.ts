import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv, SANDBOX_DEMO } from './env-schema';

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseEnv', () => {
  it('runs on the sandbox defaults with no variables at all', () => {
    const env = parseEnv({});
    expect(env.mode).toBe('sandbox');
    expect(env.apiUrl).toBe('http://localhost:4010');
    expect(env.partnerId).toBe(SANDBOX_DEMO.partnerId);
    expect(env.publicBaseUrl).toBe('http://127.0.0.1:3000');
    expect(env.dataDir).toBe('./data');
    expect(env.databaseUrl).toBeUndefined();
    expect(env.customerSelfSignup).toBe(true);
    expect(env.adminEmail).toBe(SANDBOX_DEMO.adminEmail);
  });

  it('reads the write deadline from OPENFINANCE_WRITE_TIMEOUT_MS, 30 s by default', () => {
    expect(parseEnv({}).writeTimeoutMs).toBe(30_000);
    expect(parseEnv({ OPENFINANCE_WRITE_TIMEOUT_MS: '2000' }).writeTimeoutMs).toBe(2_000);
    expect(problemsOf({ OPENFINANCE_WRITE_TIMEOUT_MS: 'soon' })).toEqual([
      'OPENFINANCE_WRITE_TIMEOUT_MS: expected a number of milliseconds',
    ]);
  });

  it('follows the ports into the derived URLs', () => {
    const env = parseEnv({ PORT: '3100', SANDBOX_PORT: '4110' });
    expect(env.apiUrl).toBe('http://localhost:4110');
    expect(env.publicBaseUrl).toBe('http://127.0.0.1:3100');
  });

  it('trusts no proxy unless TRUSTED_PROXIES names some', () => {
    expect(parseEnv({}).trustedProxies).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8 ::1' }).trustedProxies).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(problemsOf({ TRUSTED_PROXIES: '10.0.0.0/8, proxy.internal' })).toEqual([
      'TRUSTED_PROXIES: expected IP addresses or CIDRs (e.g. 10.0.0.0/8), not: proxy.internal',
    ]);
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', AUTH_SECRET: ' ' }).databaseUrl).toBeUndefined();
  });

  it('uses mastercard defaults: real API host, no self-signup, no demo admin', () => {
    const env = parseEnv({
      OPENFINANCE_ENV: 'mastercard',
      OPENFINANCE_PARTNER_ID: '123',
      OPENFINANCE_PARTNER_SECRET: 'secret-value-1',
      OPENFINANCE_APP_KEY: 'key',
      PUBLIC_BASE_URL: 'https://portal.example.com/',
      AUTH_SECRET: 'x'.repeat(32),
    });
    expect(env.apiUrl).toBe('https://api.finicity.com');
    expect(env.publicBaseUrl).toBe('https://portal.example.com');
    expect(env.customerSelfSignup).toBe(false);
    expect(env.adminEmail).toBeUndefined();
  });

  it('names every variable mastercard mode is missing', () => {
    const problems = problemsOf({ OPENFINANCE_ENV: 'mastercard' });
    for (const name of [
      'OPENFINANCE_PARTNER_ID',
      'OPENFINANCE_PARTNER_SECRET',
      'OPENFINANCE_APP_KEY',
      'PUBLIC_BASE_URL',
      'AUTH_SECRET',
    ]) {
      expect(problems.some((p) => p.startsWith(`${name}: required in mastercard mode`))).toBe(true);
    }
  });

  it('names each bad value with what is expected, in one error', () => {
    const problems = problemsOf({
      OPENFINANCE_ENV: 'production',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      CUSTOMER_SELF_SIGNUP: 'maybe',
      PUBLIC_BASE_URL: 'ftp://x',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'OPENFINANCE_ENV: expected sandbox or mastercard',
        'PORT: expected a port number',
        'DATABASE_URL: expected a postgres:// URL, or leave it unset for PGlite',
        'CUSTOMER_SELF_SIGNUP: expected true or false',
        'PUBLIC_BASE_URL: expected the public base URL of the portal (http:// or https://)',
      ]),
    );
  });

  it('never echoes a secret value in its message', () => {
    const secret = 'tooShortSecretValue';
    try {
      parseEnv({ AUTH_SECRET: secret });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('AUTH_SECRET: expected at least 32 characters');
      expect((error as Error).message).not.toContain(secret);
    }
  });
});
