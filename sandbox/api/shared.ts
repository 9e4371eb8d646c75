// What more than one area of the API needs: the missing-parameter error, paging numbers, and the
// one customer lookup.
import type { SandboxContext } from '../context';
import { apiError, HttpError, type Res } from '../http';
import type { CustomerRecord } from '../store';

export function missing(name: string): Res {
  return apiError(400, 10005, `Missing parameter (${name})`);
}

export function parsePositiveInt(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) return undefined;
  return Number(value);
}

/** The aggregation service's answer for an unknown customer; most routes give this one. */
const customerNotFound = (): Res => apiError(404, 14001, 'Customer not found.');

/**
 * The customer with this id, or the route's own "not found" answer thrown as an HttpError: each
 * Mastercard service words it differently (decisioning says "Resource not found.", Connect
 * answers 400 with the failed upstream call), and the sandbox answers as each one does.
 */
export function requireCustomer(
  ctx: SandboxContext,
  customerId: string,
  notFound: (customerId: string) => Res = customerNotFound,
): CustomerRecord {
  const customer = ctx.store.state.customers[customerId];
  if (!customer) throw new HttpError(notFound(customerId));
  return customer;
}
