import 'server-only';
import { headers } from 'next/headers';
import { getRequestContext } from './request-context';

/**
 * The client's address, as the entry server (scripts/server.ts) resolved it: the socket's peer, or
 * the hop a trusted proxy forwarded. Read from the request context; the entry server also writes it
 * into `x-forwarded-for` (replacing whatever the client sent), which is the fallback when the
 * context does not reach this far and the only source under `next dev`.
 */
export async function getClientAddress(): Promise<string> {
  const context = getRequestContext();
  if (context) return context.clientAddress;
  const h = await headers();
  return h.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}
