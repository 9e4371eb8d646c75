// Data Connect links: shaped like the real ones and signed by the sandbox.
//   ${publicUrl}/connect?customerId=…&origin=url&partnerId=…&signature=<64 hex>&timestamp=<ms>&ttl=<ms>
// plus type=lite&institutionId=…, type=fix&institutionLoginId=…, consumerId=…, language=… as relevant.
// Parameters are sorted by name (as in Mastercard's samples); the signature is an HMAC-SHA256
// over every other parameter, so editing any of them breaks it.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Generated links live 2 hours. */
export const LINK_TTL_MS = 2 * 60 * 60 * 1000;
/** Emailed links live 3 days. */
export const EMAIL_LINK_TTL_MS = 3 * 24 * 60 * 60 * 1000;

export interface LinkParams {
  customerId: string;
  partnerId: string;
  origin: 'url' | 'email';
  type?: 'lite' | 'fix';
  institutionId?: number;
  institutionLoginId?: string;
  consumerId?: string;
  language?: string;
  /** epoch ms */
  timestamp: number;
  /** absolute expiry, epoch ms */
  ttl: number;
}

function canonical(params: Array<[string, string]>): string {
  return params
    .filter(([key]) => key !== 'signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

export function signLinkParams(params: Array<[string, string]>, secret: string): string {
  return createHmac('sha256', secret).update(canonical(params)).digest('hex');
}

export function buildLink(
  publicUrl: string,
  params: LinkParams,
  secret: string,
): { url: string; signature: string } {
  const entries: Array<[string, string]> = [
    ['customerId', params.customerId],
    ['origin', params.origin],
    ['partnerId', params.partnerId],
    ['timestamp', String(params.timestamp)],
    ['ttl', String(params.ttl)],
  ];
  if (params.type) entries.push(['type', params.type]);
  if (params.institutionId !== undefined)
    entries.push(['institutionId', String(params.institutionId)]);
  if (params.institutionLoginId !== undefined)
    entries.push(['institutionLoginId', params.institutionLoginId]);
  if (params.consumerId) entries.push(['consumerId', params.consumerId]);
  if (params.language) entries.push(['language', params.language]);
  const signature = signLinkParams(entries, secret);
  entries.push(['signature', signature]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = entries
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return { url: `${publicUrl.replace(/\/$/, '')}/connect?${query}`, signature };
}

export type LinkCheck =
  | { ok: true; signature: string; params: Record<string, string> }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired'; signature?: string };

/**
 * Verify a link (full URL, or its query string / URLSearchParams) against the sandbox's secret
 * and the sandbox clock. Knowing the link exists and is unused is the caller's job (the store).
 */
export function verifyLink(
  input: string | URLSearchParams,
  secret: string,
  now: number,
): LinkCheck {
  let search: URLSearchParams;
  if (typeof input === 'string') {
    const q = input.includes('?') ? input.slice(input.indexOf('?') + 1) : input;
    search = new URLSearchParams(q);
  } else {
    search = input;
  }
  const entries = [...search.entries()];
  const signature = search.get('signature') ?? '';
  const keys = new Set(entries.map(([k]) => k));
  if (keys.size !== entries.length) return { ok: false, reason: 'malformed' };
  for (const required of ['customerId', 'partnerId', 'origin', 'timestamp', 'ttl']) {
    if (!search.get(required)) return { ok: false, reason: 'malformed' };
  }
  if (!/^[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'malformed' };
  const expected = signLinkParams(entries, secret);
  if (!timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(signature, 'hex'))) {
    return { ok: false, reason: 'signature', signature };
  }
  const ttl = Number(search.get('ttl'));
  if (!Number.isFinite(ttl) || now >= ttl) return { ok: false, reason: 'expired', signature };
  return { ok: true, signature, params: Object.fromEntries(entries) };
}
