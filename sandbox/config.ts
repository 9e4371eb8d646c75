// The sandbox's own environment (it never reads the portal's lib/env.ts).
import { resolve } from 'node:path';
import { DEFAULTS, type SandboxOptions } from './server';

export type ConfigResult =
  { ok: true; options: SandboxOptions & { port: number } } | { ok: false; errors: string[] };

export function readSandboxEnv(env: Record<string, string | undefined>): ConfigResult {
  const errors: string[] = [];
  const portText = env.SANDBOX_PORT ?? String(DEFAULTS.port);
  const port = Number(portText);
  const portOk = /^\d+$/.test(portText) && port >= 1 && port <= 65535;
  if (!portOk) {
    errors.push(`SANDBOX_PORT must be a port number from 1 to 65535 (got "${portText}")`);
  }
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const partnerId = env.OPENFINANCE_PARTNER_ID ?? DEFAULTS.partnerId;
  if (!/^\d{1,20}$/.test(partnerId)) errors.push('OPENFINANCE_PARTNER_ID must be digits only');
  const partnerSecret = env.OPENFINANCE_PARTNER_SECRET ?? DEFAULTS.partnerSecret;
  if (partnerSecret.length < 12 || !/[A-Za-z]/.test(partnerSecret) || !/\d/.test(partnerSecret)) {
    errors.push(
      'OPENFINANCE_PARTNER_SECRET must be at least 12 characters with a letter and a digit',
    );
  }
  const appKey = env.OPENFINANCE_APP_KEY ?? DEFAULTS.appKey;
  if (!/^[A-Za-z0-9]{8,64}$/.test(appKey))
    errors.push('OPENFINANCE_APP_KEY must be 8-64 letters or digits');
  const controlText = (env.SANDBOX_CONTROL_API ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(controlText)) {
    errors.push(`SANDBOX_CONTROL_API must be true or false (got "${env.SANDBOX_CONTROL_API}")`);
  }
  const publicUrl = env.SANDBOX_PUBLIC_URL || `http://localhost:${portOk ? port : DEFAULTS.port}`;
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    errors.push(`SANDBOX_PUBLIC_URL must be an http(s) URL (got "${publicUrl}")`);
  }
  const frameAncestors = env.SANDBOX_FRAME_ANCESTORS ?? '*';
  if (/[;,\n\r]/.test(frameAncestors)) {
    errors.push(
      'SANDBOX_FRAME_ANCESTORS must be a space-separated CSP source list, e.g. "http://127.0.0.1:3000"',
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    options: {
      port,
      host: ['127.0.0.1', '::1'],
      dataDir,
      partnerId,
      partnerSecret,
      appKey,
      controlApi: controlText === 'true' || controlText === '1',
      publicUrl: publicUrl.replace(/\/$/, ''),
      frameAncestors,
    },
  };
}
