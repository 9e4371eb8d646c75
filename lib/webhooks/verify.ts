import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: hex HMAC-SHA256 of the exact body bytes, keyed by the Partner Secret. US
 * docs name the header `X-Finicity-Signature`, newer docs `X-Signature`; either is accepted.
 */

export const SIGNATURE_HEADERS = ['X-Finicity-Signature', 'X-Signature'] as const;
export type SignatureHeader = (typeof SIGNATURE_HEADERS)[number];

export type SignatureCheck =
  | { ok: true; header: SignatureHeader }
  | { ok: false; reason: 'missing_signature' | 'bad_signature' };

export function signBody(body: Uint8Array | string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Checks the signature headers against the raw body in constant time. */
export function verifySignature(
  body: Uint8Array,
  headers: Headers,
  secret: string,
): SignatureCheck {
  let expected: Buffer | undefined;
  let present = false;
  for (const header of SIGNATURE_HEADERS) {
    const value = headers.get(header)?.trim();
    if (!value) continue;
    present = true;
    if (!HEX_SHA256.test(value)) continue;
    expected ??= createHmac('sha256', secret).update(body).digest();
    if (timingSafeEqual(expected, Buffer.from(value, 'hex'))) return { ok: true, header };
  }
  return { ok: false, reason: present ? 'bad_signature' : 'missing_signature' };
}
