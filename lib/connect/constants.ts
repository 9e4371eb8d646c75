/**
 * The one place for Connect durations and code lists. Pure: safe in client components and tests.
 */

/** A generated Connect URL is valid for 2 hours unless the API answered with its own `ttl`. */
export const LINK_TTL_MS = 2 * 60 * 60 * 1000;

/** Links sent by email (`send/email`, `send/email/jointBorrower`) stay valid for 3 days. */
export const EMAILED_LINK_TTL_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * Aggregation status codes a customer can fix by signing in again (Fix link → Reconnect); any
 * other non-zero code is Mastercard's or the institution's to resolve.
 */
export const FIXABLE_AGGREGATION_CODES: readonly number[] = [
  103, 108, 109, 185, 187, 945, 946, 947, 948,
];

/** True when an account's `aggregationStatusCode` (number or string on the wire) can be fixed. */
export function isFixableAggregationCode(code: number | string | null | undefined): boolean {
  if (code === null || code === undefined || code === '') return false;
  return FIXABLE_AGGREGATION_CODES.includes(Number(code));
}
