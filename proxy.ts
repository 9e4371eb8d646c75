import { type NextRequest, NextResponse } from 'next/server';
import { getEnv, isDevelopment } from './lib/env';
import { buildCsp, SECURITY_HEADERS } from './lib/security/csp';

// Every page gets a fresh CSP nonce (Next applies it to its own scripts when it sees the header
// on the request) and the security headers of the architecture document.
export function proxy(request: NextRequest) {
  const env = getEnv();
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = buildCsp({
    nonce,
    mode: env.mode,
    apiUrl: env.apiUrl,
    development: isDevelopment(),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Pages only: API routes answer JSON, and the webhook route must stay as light as possible.
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [{ type: 'header', key: 'next-router-prefetch' }],
    },
  ],
};
