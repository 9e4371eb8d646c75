import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_SESSION_MS,
  newCustomerSessionToken,
  signCustomerSession,
  verifyCustomerSession,
} from './customer-session';

const SECRET = 'customer-session-test-secret-0123456789';
const TOKEN = newCustomerSessionToken();

describe('customer session cookie value', () => {
  it('names the session token it was signed for', () => {
    const { value } = signCustomerSession(SECRET, TOKEN);
    expect(verifyCustomerSession(SECRET, value)).toBe(TOKEN);
    expect(value).not.toContain(SECRET);
  });

  it('is refused when edited to name another session', () => {
    const { value } = signCustomerSession(SECRET, TOKEN);
    const forged = value.replace(TOKEN, newCustomerSessionToken());
    expect(verifyCustomerSession(SECRET, forged)).toBeNull();
  });

  it('is refused when signed with another secret', () => {
    const { value } = signCustomerSession('another-secret-0123456789abcdef', TOKEN);
    expect(verifyCustomerSession(SECRET, value)).toBeNull();
  });

  it('expires', () => {
    const now = Date.now();
    const { value } = signCustomerSession(SECRET, TOKEN, now);
    expect(verifyCustomerSession(SECRET, value, now + CUSTOMER_SESSION_MS - 1)).toBe(TOKEN);
    expect(verifyCustomerSession(SECRET, value, now + CUSTOMER_SESSION_MS)).toBeNull();
  });

  it('is refused when malformed or absent', () => {
    expect(verifyCustomerSession(SECRET, undefined)).toBeNull();
    expect(verifyCustomerSession(SECRET, 'abc')).toBeNull();
    expect(verifyCustomerSession(SECRET, 'a.b.c.d')).toBeNull();
  });
});
