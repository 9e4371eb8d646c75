import { afterEach, describe, expect, it } from 'vitest';
import { captureOutput, type OutputCapture } from '@/scripts/test-support/capture-output';
import {
  getLogLevel,
  isSensitiveKey,
  log,
  maskSensitiveText,
  MASKED_SSN,
  REDACTED,
  redact,
  setLogLevel,
} from '../log';

describe('redact', () => {
  it('replaces the values of secret keys, whatever their spelling', () => {
    const out = redact({
      partnerSecret: 'SandboxDemoSecret2026',
      headers: {
        'Finicity-App-Key': '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25',
        'Finicity-App-Token': 'AbCdEf123',
        Accept: 'application/json',
      },
      appKey: 'k',
      token: 't',
      secret: 's',
      authSecret: 'x',
      adminPassword: 'p',
      password: 'p',
      ssn: '123456789',
      dob: 631152000,
      birthday: { year: 1990, month: 1, dayOfMonth: 2 },
      accountNumber: '000123456789',
      endpoint: 'POST /aggregation/v2/partners/authentication',
    });
    expect(out).toEqual({
      partnerSecret: REDACTED,
      headers: {
        'Finicity-App-Key': REDACTED,
        'Finicity-App-Token': REDACTED,
        Accept: 'application/json',
      },
      appKey: REDACTED,
      token: REDACTED,
      secret: REDACTED,
      authSecret: REDACTED,
      adminPassword: REDACTED,
      password: REDACTED,
      ssn: REDACTED,
      dob: REDACTED,
      birthday: REDACTED,
      accountNumber: REDACTED,
      endpoint: 'POST /aggregation/v2/partners/authentication',
    });
  });

  it('goes through arrays, nested objects and errors, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    const error = Object.assign(new Error('bad ssn 123-45-6789'), { partnerSecret: 'zzz' });
    const out = redact({ list: [{ token: 'a' }, 'ssn 987654321'], cyclic, error }) as Record<
      string,
      unknown
    >;
    expect(out.list).toEqual([{ token: REDACTED }, `ssn ${MASKED_SSN}`]);
    expect(out.cyclic).toEqual({ name: 'x', self: '[circular]' });
    expect(out.error).toEqual({
      name: 'Error',
      message: `bad ssn ${MASKED_SSN}`,
      partnerSecret: REDACTED,
    });
  });

  it('masks strings that look like SSNs but leaves other numbers alone', () => {
    expect(maskSensitiveText('ssn 123-45-6789 and 123 45 6789 and 123456789')).toBe(
      `ssn ${MASKED_SSN} and ${MASKED_SSN} and ${MASKED_SSN}`,
    );
    // customer ids (10 digits), epoch ms, phone numbers, account ids
    for (const text of ['1005061234', '1795493918991', '801-555-1234', '5053253030', '102105']) {
      expect(maskSensitiveText(text)).toBe(text);
    }
  });

  it('keeps UUIDs whole, even with nine digits in a row inside', () => {
    const id = '880503fb-e899-47de-b5e4-5e123456789f';
    expect(maskSensitiveText(`request ${id} done`)).toBe(`request ${id} done`);
    expect(maskSensitiveText(`${id} then 123-45-6789`)).toBe(`${id} then ${MASKED_SSN}`);
  });

  it('knows which keys are sensitive', () => {
    expect(isSensitiveKey('finicity_app_token')).toBe(true);
    expect(isSensitiveKey('newPartnerSecret')).toBe(true);
    expect(isSensitiveKey('endpoint')).toBe(false);
    expect(isSensitiveKey('durationMs')).toBe(false);
  });
});

describe('log', () => {
  let capture: OutputCapture | undefined;
  afterEach(() => capture?.stop());

  it('writes one JSON line per entry, errors to stderr, with redaction', () => {
    const level = getLogLevel();
    setLogLevel('info');
    const lines: Array<{ stream: string; line: string }> = [];
    const stdout = process.stdout.write;
    const stderr = process.stderr.write;
    process.stdout.write = ((chunk: string) => lines.push({ stream: 'out', line: chunk })) as never;
    process.stderr.write = ((chunk: string) => lines.push({ stream: 'err', line: chunk })) as never;
    try {
      log.child({ component: 'test' }).info('hello', { partnerSecret: 'SandboxDemoSecret2026' });
      log.error('failed for 123-45-6789', { code: '10001' });
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
      setLogLevel(level);
    }
    expect(lines.map((l) => l.stream)).toEqual(['out', 'err']);
    const first = JSON.parse(lines[0]?.line ?? '{}');
    expect(first).toMatchObject({
      level: 'info',
      msg: 'hello',
      component: 'test',
      partnerSecret: REDACTED,
    });
    expect(typeof first.time).toBe('string');
    const second = JSON.parse(lines[1]?.line ?? '{}');
    expect(second).toMatchObject({
      level: 'error',
      msg: `failed for ${MASKED_SSN}`,
      code: '10001',
    });
    expect(lines.every((l) => l.line.endsWith('\n'))).toBe(true);
  });

  it('is what the output capture sees', () => {
    capture = captureOutput();
    log.warn('captured', { secret: 'never-printed-secret' });
    capture.stop();
    expect(capture.text()).toContain('"msg":"captured"');
    expect(capture.text()).not.toContain('never-printed-secret');
  });
});
