import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

/** Starts `npm start`'s script with the given environment and collects what it prints. */
function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/start.ts', 'start'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'portal-env-')),
        ...env,
      } as unknown as NodeJS.ProcessEnv,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('start with bad configuration', () => {
  it('stops with one message naming each bad variable and what is expected', async () => {
    const { code, output } = await start({
      OPENFINANCE_ENV: 'live',
      PORT: '99999',
      DATABASE_URL: 'mysql://localhost/db',
    });
    expect(code).toBe(1);
    expect(output).toContain('Invalid configuration:');
    expect(output).toContain('OPENFINANCE_ENV: expected sandbox or mastercard');
    expect(output).toContain('PORT: expected a port from 1 to 65535');
    expect(output).toContain('DATABASE_URL: expected a postgres:// URL');
    expect(output.match(/Invalid configuration/g)).toHaveLength(1);
  });

  it('lists what mastercard mode needs, without printing the secret it was given', async () => {
    const { code, output } = await start({
      OPENFINANCE_ENV: 'mastercard',
      OPENFINANCE_PARTNER_SECRET: 'VerySecretPartnerValue123',
    });
    expect(code).toBe(1);
    expect(output).toContain('OPENFINANCE_PARTNER_ID: required in mastercard mode');
    expect(output).toContain('OPENFINANCE_APP_KEY: required in mastercard mode');
    expect(output).toContain('AUTH_SECRET: required in mastercard mode');
    expect(output).not.toContain('VerySecretPartnerValue123');
  });
});
