import { NextResponse } from 'next/server';
import { listAccountGroups } from '@/lib/accounts/accounts';
import { getCurrentCustomer } from '@/lib/customers/current';
import { answerFailures } from '@/lib/net/route-failure';
import { isApiError } from '@/lib/openfinance';

// The signed-in customer's own linked accounts, grouped by institution login.
export const GET = answerFailures('accounts', async function GET() {
  const customer = await getCurrentCustomer();
  if (!customer) return NextResponse.json({ error: 'Sign in first.' }, { status: 401 });
  try {
    const logins = await listAccountGroups(customer.customerId);
    return NextResponse.json({ logins }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    const message = isApiError(error) ? error.safeMessage : 'Your accounts could not be loaded.';
    return NextResponse.json({ error: message }, { status: 502 });
  }
});
