import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../scripts/test-support/databases';
import { UserError } from '../action-result';
import { consumeSignupAllowance } from './signup';
import type { DatabaseHandle } from '../db/client';

describe.each(testEngines())('self-signup limit on $name', (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('allows the limit per address, then refuses with a clear message', async () => {
    for (let i = 0; i < 3; i++) await consumeSignupAllowance(handle.db, '203.0.113.7', 3);
    const refused = consumeSignupAllowance(handle.db, '203.0.113.7', 3);
    await expect(refused).rejects.toBeInstanceOf(UserError);
    await expect(refused).rejects.toThrow(/Too many new customers .* Try again in \d+ minutes?\./);
    // Another address has its own allowance.
    await expect(consumeSignupAllowance(handle.db, '203.0.113.8', 3)).resolves.toBeUndefined();
  });
});
