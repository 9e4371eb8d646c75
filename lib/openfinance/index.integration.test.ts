import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureOutput, type OutputCapture } from '@/scripts/test-support/capture-output';
import {
  AUTHENTICATION_ENDPOINT,
  createSandboxControl,
  type SandboxControl,
} from '@/scripts/test-support/sandbox-control';
import { startSandboxProcess, type SandboxProcess } from '@/scripts/test-support/sandbox-process';
import { getOpenFinanceClient, getTokenCacheState } from '.';

// The process client built from the environment, and the token state /api/health reports.

let sandbox: SandboxProcess;
let control: SandboxControl;
let output: OutputCapture;

beforeAll(async () => {
  output = captureOutput();
  sandbox = await startSandboxProcess();
  control = createSandboxControl(sandbox.controlUrl);
  vi.stubEnv('OPENFINANCE_ENV', 'sandbox');
  vi.stubEnv('OPENFINANCE_API_URL', sandbox.url);
  // so that lib/env.ts does not generate and store one under DATA_DIR
  vi.stubEnv('AUTH_SECRET', 'index-test-auth-secret-0123456789abcdef');
});

afterAll(async () => {
  output?.stop();
  vi.unstubAllEnvs();
  await sandbox?.stop();
});

describe('the process client', () => {
  it('reports an empty token cache without authenticating', async () => {
    expect(getTokenCacheState()).toEqual({ state: 'empty' });
    expect(await control.countRequests(AUTHENTICATION_ENDPOINT)).toBe(0);
  });

  it('is built once from the environment and reports its token state, never the token', async () => {
    const client = getOpenFinanceClient();
    expect(getOpenFinanceClient()).toBe(client);
    expect(getTokenCacheState()).toEqual({ state: 'empty' });

    await client.getCustomer('1005061234');
    await getOpenFinanceClient().searchInstitutions({ search: 'finbank', limit: 1 });
    expect(await control.countRequests(AUTHENTICATION_ENDPOINT)).toBe(1);

    const state = getTokenCacheState();
    expect(state.state).toBe('valid');
    expect(Object.keys(state).sort()).toEqual(['obtainedAt', 'renewsAt', 'state']);
    expect(Date.parse(state.renewsAt ?? '') - Date.parse(state.obtainedAt ?? '')).toBe(90 * 60_000);
  });
});

describe('secrets', () => {
  it('never logged the partner secret or the app key', () => {
    const logged = output.text();
    expect(logged).toContain('"msg":"openfinance request"');
    expect(logged).not.toContain('SandboxDemoSecret2026');
    expect(logged).not.toContain('5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25');
  });
});
