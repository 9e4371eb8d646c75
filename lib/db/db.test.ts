import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from './client';
import { sqlStateOf } from './errors';
import { writeAudit } from '../audit';
import { rowsOf } from './rows';
import { auditLog } from './schema';
import { testEngines } from '../../scripts/test-support/databases';
import { getCustomer, insertCustomer, listCustomers } from '../customers/queries';

describe.each(testEngines())('queries on $name', (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('inserts a customer and reads it back', async () => {
    const created = await insertCustomer(handle.db, {
      customerId: '7001234567',
      username: 'jane-doe-0001',
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@example.com',
      type: 'testing',
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await getCustomer(handle.db, created.id);
    expect(read).toMatchObject({ customerId: '7001234567', firstName: 'Jane', type: 'testing' });
    expect((await listCustomers(handle.db)).map((c) => c.id)).toContain(created.id);
  });

  it('refuses a second customer with the same Open Finance id', async () => {
    const values = {
      customerId: '7009999999',
      username: 'dup-user-01',
      firstName: 'A',
      lastName: 'B',
      type: 'testing' as const,
    };
    await insertCustomer(handle.db, values);
    await expect(insertCustomer(handle.db, values)).rejects.toThrow();
  });

  it('answers undefined for ids that are not uuids instead of failing', async () => {
    expect(await getCustomer(handle.db, 'not-a-uuid')).toBeUndefined();
  });

  it('writes the audit log', async () => {
    await writeAudit(handle.db, { action: 'test.action', targetId: 'x', details: { a: 1 } });
    const rows = await handle.db.select().from(auditLog);
    expect(rows.some((r) => r.action === 'test.action' && r.targetId === 'x')).toBe(true);
  });
});

describe('PGlite data folder', () => {
  it('keeps data across closing and reopening', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'portal-pglite-')), 'pglite');
    const first = await openDatabase({ pgliteDir: dir });
    const created = await insertCustomer(first.db, {
      customerId: '7005550001',
      username: 'persisted-01',
      firstName: 'Per',
      lastName: 'Sisted',
      type: 'testing',
    });
    await first.close();
    const second = await openDatabase({ pgliteDir: dir });
    expect(await getCustomer(second.db, created.id)).toMatchObject({ username: 'persisted-01' });
    await second.close();
  });
});

describe.each(testEngines())('statement deadlines on $name', (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('a request statement past its deadline fails with 57014, and the next one is answered', async () => {
    const error = await handle.db.execute(sql`select pg_sleep(8)`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(sqlStateOf(error)).toBe('57014');
    const [row] = rowsOf<{ one: number }>(await handle.db.execute(sql`select 1 as one`));
    expect(row).toEqual({ one: 1 });
  }, 20_000);

  it('each kind has its own deadline: the webhook batch may run longer than a request', async () => {
    const [row] = rowsOf<{ slept: string }>(
      await handle.forKind('webhookBatch').execute(sql`select pg_sleep(6)::text as slept`),
    );
    expect(row).toEqual({ slept: '' });
  }, 20_000);
});
