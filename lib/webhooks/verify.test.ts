import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './verify';

const secret = 'partner-secret-for-tests';
const body = Buffer.from('{"eventType":"added","eventId":"1-abc"}');
const good = createHmac('sha256', secret).update(body).digest('hex');

describe('verifySignature', () => {
  it('signBody is the hex HMAC-SHA256 of the exact bytes', () => {
    expect(signBody(body, secret)).toBe(good);
    expect(signBody(body.toString(), secret)).toBe(good);
  });

  it('accepts X-Finicity-Signature and X-Signature, in any case of hex', () => {
    expect(verifySignature(body, new Headers({ 'X-Finicity-Signature': good }), secret)).toEqual({
      ok: true,
      header: 'X-Finicity-Signature',
    });
    expect(
      verifySignature(body, new Headers({ 'x-signature': good.toUpperCase() }), secret),
    ).toEqual({
      ok: true,
      header: 'X-Signature',
    });
  });

  it('accepts when either header verifies', () => {
    const headers = new Headers({ 'X-Finicity-Signature': 'f'.repeat(64), 'X-Signature': good });
    expect(verifySignature(body, headers, secret)).toEqual({ ok: true, header: 'X-Signature' });
  });

  it('refuses a missing signature', () => {
    expect(verifySignature(body, new Headers(), secret)).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(verifySignature(body, new Headers({ 'X-Signature': '  ' }), secret)).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
  });

  it('refuses a wrong key, a changed body, a truncated or non-hex signature', () => {
    const bad = (headers: HeadersInit, bytes: Uint8Array = body) =>
      verifySignature(bytes, new Headers(headers), secret);
    const wrongKey = createHmac('sha256', 'other').update(body).digest('hex');
    expect(bad({ 'X-Finicity-Signature': wrongKey })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(bad({ 'X-Finicity-Signature': good }, Buffer.from(`${body.toString()} `))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(bad({ 'X-Finicity-Signature': good.slice(0, 63) })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(bad({ 'X-Finicity-Signature': `${good.slice(0, 62)}zz` })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(bad({ 'X-Finicity-Signature': `sha256=${good}` })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });
});
