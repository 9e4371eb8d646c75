/**
 * The Content-Security-Policy of portal pages (architecture document, "Browser security").
 * Pure: built from the mode and the API URL so it can be tested.
 */

export interface CspInput {
  nonce: string;
  mode: 'sandbox' | 'mastercard';
  /** The Open Finance API base URL; in sandbox mode its origin also serves Connect and logos. */
  apiUrl: string;
  development: boolean;
}

export function connectFrameOrigins(mode: CspInput['mode'], apiUrl: string): string[] {
  return mode === 'sandbox'
    ? [new URL(apiUrl).origin]
    : ['https://connect2.finicity.com', 'https://*.finicity.com'];
}

export function buildCsp({ nonce, mode, apiUrl, development }: CspInput): string {
  const frames = connectFrameOrigins(mode, apiUrl).join(' ');
  const logos =
    mode === 'sandbox' ? new URL(apiUrl).origin : 'https://*.finicity.com https://*.mastercard.com';
  return [
    "default-src 'self'",
    // Next's own scripts carry the nonce; 'strict-dynamic' lets them load their chunks (and the
    // Connect SDK chunk). Development needs eval for React's debugging tools.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // 'unsafe-inline' for styles: the official Connect SDK injects a <style> element at launch
    // and cannot know our nonce; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: ${logos}`,
    "font-src 'self'",
    `connect-src 'self'${development ? ' ws:' : ''}`,
    `frame-src 'self' ${frames}`,
    `child-src 'self' ${frames}`,
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};
