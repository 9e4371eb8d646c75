import { NextResponse } from 'next/server';
import { getCustomerLink } from '@/lib/connect/links';
import { recordSdkEvent, sdkEventSchema } from '@/lib/connect/sdk-events';
import { getCurrentCustomer } from '@/lib/customers/current';
import { getDb } from '@/lib/db';
import { isUuid } from '@/lib/db/queries';

const MAX_BYTES = 16 * 1024;

// The browser reports what the Connect SDK said for the customer's own link (owner only).
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const customer = await getCurrentCustomer();
  const db = await getDb();
  const link = customer && isUuid(id) ? await getCustomerLink(db, id, customer.id) : undefined;
  if (!link) return NextResponse.json({ error: 'No such link.' }, { status: 404 });

  const text = await request.text();
  if (text.length > MAX_BYTES) {
    return NextResponse.json({ error: 'Event too large.' }, { status: 413 });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return NextResponse.json({ error: 'Body must be JSON.' }, { status: 400 });
  }
  const parsed = sdkEventSchema.safeParse(body);
  if (!parsed.success) {
    return NextResponse.json({ error: 'Not a Connect SDK event.' }, { status: 400 });
  }
  const status = await recordSdkEvent(db, link.id, parsed.data);
  return NextResponse.json({ status: status ?? link.status });
}
