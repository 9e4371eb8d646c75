import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Auth, createAuth, createStaffUser } from './create-auth';
import { createCustomerToken, redeemCustomerToken, revokeCustomerToken } from './customer-tokens';
import { SIGN_IN_MAX_FAILURES, signInStaff } from './sign-in';
import { testEngines } from '../../scripts/test-support/databases';
import { insertCustomer } from '../customers/queries';
import type { DatabaseHandle } from '../db/client';
import { customerTokens, users } from '../db/schema';

const SECRET = 'test-secret-for-auth-suite-0123456789abcdef';

describe.each(testEngines())('staff auth on $name', (engine) => {
  let handle: DatabaseHandle;
  let auth: Auth;

  beforeAll(async () => {
    handle = await engine.open();
    auth = createAuth({ db: handle.db, secret: SECRET, baseURL: 'http://127.0.0.1:3000' });
    await createStaffUser(auth, handle.db, {
      email: 'Admin@Example.com',
      password: 'sandbox-admin-2026',
      name: 'Admin',
      role: 'admin',
    });
  });
  afterAll(async () => {
    await handle?.close();
  });

  const signIn = (email: string, password: string, clientAddress = '10.0.0.1') =>
    signInStaff(auth, handle.db, { email, password, clientAddress });

  it('stores the admin with a hashed password and the admin role', async () => {
    const [user] = await handle.db.select().from(users).where(eq(users.email, 'admin@example.com'));
    expect(user?.role).toBe('admin');
    const ctx = await auth.$context;
    const account = await ctx.internalAdapter.findAccounts(user!.id);
    expect(account[0]?.password).toBeTruthy();
    expect(account[0]?.password).not.toContain('sandbox-admin-2026');
  });

  it('does not create the same email twice', async () => {
    const again = await createStaffUser(auth, handle.db, {
      email: 'admin@example.com',
      password: 'another-password-1',
      name: 'Other',
      role: 'staff',
    });
    expect(again).toBe(false);
  });

  it('signs in with the right password (email case does not matter)', async () => {
    const result = await signIn('ADMIN@example.com', 'sandbox-admin-2026');
    expect(result.ok).toBe(true);
  });

  it('refuses a wrong password', async () => {
    expect(await signIn('admin@example.com', 'wrong-password-here', '10.0.0.2')).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses sign-up through the auth library', async () => {
    await expect(
      auth.api.signUpEmail({
        body: { email: 'intruder@example.com', password: 'intruder-password-1', name: 'X' },
      }),
    ).rejects.toThrow();
  });

  it('throttles repeated failures, even when the right password follows', async () => {
    await createStaffUser(auth, handle.db, {
      email: 'staff@example.com',
      password: 'staff-password-2026',
      name: 'Staff',
      role: 'staff',
    });
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      const failed = await signIn('staff@example.com', `bad-password-${i}`, `10.1.0.${i}`);
      expect(failed).toEqual({ ok: false, reason: 'invalid' });
    }
    const blocked = await signIn('staff@example.com', 'staff-password-2026', '10.1.0.99');
    expect(blocked.ok).toBe(false);
    expect(blocked.ok === false && blocked.reason).toBe('throttled');
    expect(blocked.ok === false && blocked.retryAfterSeconds).toBeGreaterThan(60);
    // Another account is not affected.
    expect((await signIn('admin@example.com', 'sandbox-admin-2026', '10.1.0.98')).ok).toBe(true);
  });
});

describe.each(testEngines())('personal-link tokens on $name', (engine) => {
  let handle: DatabaseHandle;
  let customerId: string;
  beforeAll(async () => {
    handle = await engine.open();
    customerId = (
      await insertCustomer(handle.db, {
        customerId: '7000000001',
        username: 'token-owner',
        firstName: 'Token',
        lastName: 'Owner',
        type: 'testing',
      })
    ).id;
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('opens the session of the customer it names, and stores only a hash', async () => {
    const { id, token } = await createCustomerToken(handle.db, { customerId });
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(await redeemCustomerToken(handle.db, token)).toEqual({
      ok: true,
      customerId,
      tokenId: id,
    });
    const rows = await handle.db.select().from(customerTokens);
    expect(rows.every((r) => r.tokenHash !== token && r.tokenHash.length === 64)).toBe(true);
  });

  it('refuses an expired token', async () => {
    const { token } = await createCustomerToken(handle.db, { customerId, ttlMs: 1000 });
    const later = new Date(Date.now() + 2000);
    expect(await redeemCustomerToken(handle.db, token, later)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a revoked token', async () => {
    const { id, token } = await createCustomerToken(handle.db, { customerId });
    expect(await revokeCustomerToken(handle.db, id)).toBe(true);
    expect(await redeemCustomerToken(handle.db, token)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('refuses unknown and malformed tokens', async () => {
    expect((await redeemCustomerToken(handle.db, 'A'.repeat(43))).ok).toBe(false);
    expect((await redeemCustomerToken(handle.db, '../../etc')).ok).toBe(false);
  });
});
