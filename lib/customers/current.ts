import 'server-only';
import { getCustomerSessionId, getStaffSession } from '../auth';
import { getDb } from '../db';
import { type Customer, getCustomer } from '../db/queries';

/** The customer of the current customer session, or null (no session, or customer deleted). */
export async function getCurrentCustomer(): Promise<Customer | null> {
  const id = await getCustomerSessionId();
  if (!id) return null;
  return (await getCustomer(await getDb(), id)) ?? null;
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
 * Whether a customer session (its signed cookie) or a staff session is present, without reading
 * the customer row. Only for public data (institutions), where a session is asked for to keep
 * anonymous callers off the partner's API quota: a search keystroke then costs no query.
 */
export async function hasSession(): Promise<boolean> {
  if (await getCustomerSessionId()) return true;
  return (await getStaffSession()) !== null;
}
