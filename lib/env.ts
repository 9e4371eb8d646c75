import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Env, parseEnv } from './env-schema';

/**
 * The only reader of process.env in the portal. Parsed once per process; a bad value throws an
 * EnvError that names every bad variable (the start script and instrumentation print it and exit).
 */

type ResolvedEnv = Env & { authSecret: string };

const globalForEnv = globalThis as unknown as { portalEnv?: ResolvedEnv };

function loadAuthSecret(env: Env): string {
  if (env.authSecret) return env.authSecret;
  // Sandbox mode only (mastercard mode requires AUTH_SECRET): generate once, keep across restarts.
  const dir = path.join(env.dataDir, 'secrets');
  const file = path.join(dir, 'auth-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

export function getEnv(): ResolvedEnv {
  if (!globalForEnv.portalEnv) {
    const env = parseEnv(process.env);
    globalForEnv.portalEnv = { ...env, authSecret: loadAuthSecret(env) };
  }
  return globalForEnv.portalEnv;
}

/** True while `next build` runs: nothing may open the database then (PGlite allows one process). */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === 'phase-production-build';
}

/** True under `next dev` (Next inlines NODE_ENV at build time). */
export function isDevelopment(): boolean {
  return process.env.NODE_ENV === 'development';
}

export { EnvError } from './env-schema';
