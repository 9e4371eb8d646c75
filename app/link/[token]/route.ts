import { NextResponse, type NextRequest } from 'next/server';
import { writeAudit } from '@/lib/audit';
import { openCustomerSession } from '@/lib/auth';
import { redeemCustomerToken } from '@/lib/auth/customer-tokens';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { answerFailures } from '@/lib/net/route-failure';

// A personal link from staff: a valid token opens the customer's session and goes to /link;
// an unknown, expired or revoked one goes to /link with the reason (and no session).
export const GET = answerFailures(
  'customer-tokens',
  async function GET(_request: NextRequest, ctx: { params: Promise<{ token: string }> }) {
    const { token } = await ctx.params;
    const db = await getDb();
    const result = await redeemCustomerToken(db, token);
    // The session cookie belongs to the host the link was opened on, which is PUBLIC_BASE_URL's (the
    // link is built from it); `request.nextUrl` names the bind address (`localhost`), another host.
    const target = new URL('/link', getEnv().publicBaseUrl);
    if (!result.ok) {
      target.searchParams.set('link', result.reason);
      return NextResponse.redirect(target, { status: 303 });
    }
    await openCustomerSession(result.customerId, { customerTokenId: result.tokenId });
    await writeAudit(db, {
      actorCustomerId: result.customerId,
      action: 'customer.session.open',
      targetType: 'customer',
      targetId: result.customerId,
    });
    return NextResponse.redirect(target, { status: 303 });
  },
);
