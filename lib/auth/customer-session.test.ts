import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_SESSION_MS,
  signCustomerSession,
  verifyCustomerSession,
} from './customer-session';

const SECRET = 'customer-session-test-secret-0123456789';
const CUSTOMER = '3f0c1b2a-1111-4222-8333-444455556666';

describe('customer session value', () => {
  it('names the customer it was signed for', () => {
    const { value } = signCustomerSession(SECRET, CUSTOMER);
    expect(verifyCustomerSession(SECRET, value)).toBe(CUSTOMER);
  });

  it('is refused when edited to name another customer', () => {
    const { value } = signCustomerSession(SECRET, CUSTOMER);
    const forged = value.replace(CUSTOMER, '3f0c1b2a-1111-4222-8333-444455556667');
    expect(verifyCustomerSession(SECRET, forged)).toBeNull();
  });

  it('is refused when signed with another secret', () => {
    const { value } = signCustomerSession('another-secret-0123456789abcdef', CUSTOMER);
    expect(verifyCustomerSession(SECRET, value)).toBeNull();
  });

  it('expires', () => {
    const now = Date.now();
    const { value } = signCustomerSession(SECRET, CUSTOMER, now);
    expect(verifyCustomerSession(SECRET, value, now + CUSTOMER_SESSION_MS - 1)).toBe(CUSTOMER);
    expect(verifyCustomerSession(SECRET, value, now + CUSTOMER_SESSION_MS)).toBeNull();
  });

  it('is refused when malformed or absent', () => {
    expect(verifyCustomerSession(SECRET, undefined)).toBeNull();
    expect(verifyCustomerSession(SECRET, 'abc')).toBeNull();
    expect(verifyCustomerSession(SECRET, 'a.b.c.d')).toBeNull();
  });
});
