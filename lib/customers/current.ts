import 'server-only';
import { CUSTOMER_SESSION_RECHECK_MS, readCustomerSession, getStaffSession } from '../auth';
import { getDb } from '../db';
import { type Customer, getCustomer } from './queries';

/** The customer of the current customer session, or null (no session, or customer deleted). */
export async function getCurrentCustomer(): Promise<Customer | null> {
  const session = await readCustomerSession();
  if (!session) return null;
  return (await getCustomer(await getDb(), session.customerId)) ?? null;
}

/** Who may use the portal's read endpoints: a customer session or signed-in staff. */
export async function getReader(): Promise<
  { type: 'customer'; customer: Customer } | { type: 'staff'; userId: string } | null
> {
  const customer = await getCurrentCustomer();
  if (customer) return { type: 'customer', customer };
  const staff = await getStaffSession();
  return staff ? { type: 'staff', userId: staff.userId } : null;
}

/**
 * Whether an open customer session or a staff session is present, without reading the customer
 * row. Only for public data (institutions), where a session is asked for to keep anonymous callers
 * off the partner's API quota: the session's validity may be up to 30 s old, so a search keystroke
 * usually costs no query.
 */
export async function hasSession(): Promise<boolean> {
  if (await readCustomerSession({ recheckAfterMs: CUSTOMER_SESSION_RECHECK_MS })) return true;
  return (await getStaffSession()) !== null;
}
