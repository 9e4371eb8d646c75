import 'server-only';
import { headers } from 'next/headers';

/** The client's address as seen by the portal (first x-forwarded-for hop, set by Next or a proxy). */
export async function getClientAddress(): Promise<string> {
  const h = await headers();
  const forwarded = h.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || h.get('x-real-ip') || 'unknown';
}
