import { NextResponse, type NextRequest } from 'next/server';
import { openCustomerSession } from '@/lib/auth';
import { redeemCustomerToken } from '@/lib/auth/customer-tokens';
import { getDb } from '@/lib/db';
import { writeAudit } from '@/lib/db/queries';

// A personal link from staff: a valid token opens the customer's session and goes to /link;
// an unknown, expired or revoked one goes to /link with the reason (and no session).
export async function GET(request: NextRequest, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  const db = await getDb();
  const result = await redeemCustomerToken(db, token);
  const target = new URL('/link', request.nextUrl.origin);
  if (!result.ok) {
    target.searchParams.set('link', result.reason);
    return NextResponse.redirect(target, { status: 303 });
  }
  await openCustomerSession(result.customerId);
  await writeAudit(db, {
    actorCustomerId: result.customerId,
    action: 'customer.session.open',
    targetType: 'customer',
    targetId: result.customerId,
  });
  return NextResponse.redirect(target, { status: 303 });
}
