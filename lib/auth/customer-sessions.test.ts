import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashCustomerSessionToken, newCustomerSessionToken } from './customer-session';
import {
  endCustomerSession,
  findActiveCustomerSession,
  insertCustomerSession,
} from './customer-sessions';
import { createCustomerToken, revokeCustomerToken } from './customer-tokens';
import { testEngines } from '../../scripts/test-support/databases';
import { insertCustomer } from '../customers/queries';
import type { DatabaseHandle } from '../db/client';
import { customerSessions } from '../db/schema';

const HOUR = 60 * 60 * 1000;

describe.each(testEngines())('customer sessions on $name', (engine) => {
  let handle: DatabaseHandle;
  let customerId: string;

  beforeAll(async () => {
    handle = await engine.open();
    customerId = (
      await insertCustomer(handle.db, {
        customerId: '7000000101',
        username: 'session-owner',
        firstName: 'Session',
        lastName: 'Owner',
        type: 'testing',
      })
    ).id;
  });
  afterAll(async () => {
    await handle?.close();
  });

  async function open(customerTokenId?: string, expiresAt = new Date(Date.now() + HOUR)) {
    const token = newCustomerSessionToken();
    const hash = hashCustomerSessionToken(token);
    const sessionId = await insertCustomerSession(handle.db, {
      tokenHash: hash,
      customerId,
      customerTokenId: customerTokenId ?? null,
      expiresAt,
    });
    return { token, hash, sessionId };
  }

  it('names its customer while open, and stores only a hash of the token', async () => {
    const { token, hash, sessionId } = await open();
    expect(await findActiveCustomerSession(handle.db, hash)).toEqual({ sessionId, customerId });
    const rows = await handle.db.select().from(customerSessions);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
  });

  it('is refused once signed out, for every copy of the cookie', async () => {
    const { hash } = await open();
    expect(await endCustomerSession(handle.db, hash, 'sign_out')).toBe(true);
    expect(await findActiveCustomerSession(handle.db, hash)).toBeNull();
    expect(await endCustomerSession(handle.db, hash, 'sign_out')).toBe(false);
  });

  it('is refused after its own expiry', async () => {
    const { hash } = await open(undefined, new Date(Date.now() + 1000));
    expect(await findActiveCustomerSession(handle.db, hash)).not.toBeNull();
    expect(
      await findActiveCustomerSession(handle.db, hash, new Date(Date.now() + 2000)),
    ).toBeNull();
  });

  it('ends when the personal link that opened it is revoked, and only that one', async () => {
    const link = await createCustomerToken(handle.db, { customerId });
    const other = await createCustomerToken(handle.db, { customerId });
    const opened = await open(link.id);
    const openedByOther = await open(other.id);
    const selfSignup = await open();
    expect(await revokeCustomerToken(handle.db, link.id)).toBe(true);
    expect(await findActiveCustomerSession(handle.db, opened.hash)).toBeNull();
    expect(await findActiveCustomerSession(handle.db, openedByOther.hash)).not.toBeNull();
    expect(await findActiveCustomerSession(handle.db, selfSignup.hash)).not.toBeNull();
    const [row] = (await handle.db.select().from(customerSessions)).filter(
      (r) => r.id === opened.sessionId,
    );
    expect(row?.endedReason).toBe('link_revoked');
  });

  it('ends when the personal link that opened it expires', async () => {
    const link = await createCustomerToken(handle.db, { customerId, ttlMs: 1000 });
    const opened = await open(link.id, new Date(Date.now() + HOUR));
    expect(await findActiveCustomerSession(handle.db, opened.hash)).not.toBeNull();
    const later = new Date(Date.now() + 2000);
    expect(await findActiveCustomerSession(handle.db, opened.hash, later)).toBeNull();
  });

  it('is refused for an unknown token', async () => {
    const unknown = hashCustomerSessionToken(newCustomerSessionToken());
    expect(await findActiveCustomerSession(handle.db, unknown)).toBeNull();
  });
});
