import { NextResponse } from 'next/server';
import { getCustomerLink } from '@/lib/connect/links';
import { MAX_SDK_EVENT_BYTES, receiveSdkEvent } from '@/lib/connect/sdk-events';
import { getCurrentCustomer } from '@/lib/customers/current';
import { getDb } from '@/lib/db';
import { failureFields } from '@/lib/db/errors';
import { isUuid } from '@/lib/ids';
import { log } from '@/lib/log';

// The browser reports what the Connect SDK said for the customer's own link (owner only); the
// rules for the body live in lib/connect/sdk-events.ts.
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_SDK_EVENT_BYTES) {
    return NextResponse.json({ error: 'Event too large.' }, { status: 413 });
  }
  let db;
  let link;
  try {
    const customer = await getCurrentCustomer();
    db = await getDb();
    link = customer && isUuid(id) ? await getCustomerLink(db, id, customer.id) : undefined;
  } catch (error) {
    log.error('sdk event: link not read', { component: 'connect', ...failureFields(error) });
    return NextResponse.json({ error: 'Try again in a moment.' }, { status: 503 });
  }
  if (!link) return NextResponse.json({ error: 'No such link.' }, { status: 404 });

  const receipt = await receiveSdkEvent(db, link.id, await request.text());
  if (!receipt.ok) {
    return NextResponse.json({ error: receipt.error }, { status: receipt.httpStatus });
  }
  return NextResponse.json({ status: receipt.status ?? link.status });
}
