import { NextResponse } from 'next/server';
import { getLink, getCustomerLink, withEffectiveStatus } from '@/lib/connect/links';
import { getReader } from '@/lib/customers/current';
import { getDb } from '@/lib/db';
import { isUuid } from '@/lib/ids';
import { answerFailures } from '@/lib/net/route-failure';

// A link's status for its owner (customer session) or staff; anyone else gets 404.
export const GET = answerFailures(
  'links',
  async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
    const { id } = await ctx.params;
    const reader = await getReader();
    const db = await getDb();
    const link =
      reader && isUuid(id)
        ? reader.type === 'staff'
          ? await getLink(db, id)
          : await getCustomerLink(db, id, reader.customer.id)
        : undefined;
    if (!link) return NextResponse.json({ error: 'No such link.' }, { status: 404 });
    const { status, expiresAt, kind } = withEffectiveStatus(link);
    return NextResponse.json(
      { id: link.id, kind, status, expiresAt: expiresAt.toISOString() },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  },
);
