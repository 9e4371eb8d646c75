import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { types } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from './client';
import { PGliteThread } from './pglite-thread';
import { rowsOf } from './rows';

describe('PGlite on its own thread', () => {
  let thread: PGliteThread;
  beforeAll(async () => {
    thread = await PGliteThread.open();
    await thread.query('create table items (id int primary key, note text)');
  });
  afterAll(async () => {
    await thread.close();
  });

  it('answers statements with parameters, as objects or arrays', async () => {
    await thread.query('insert into items values ($1, $2), ($3, $4)', [1, 'one', 2, 'two']);
    const objects = await thread.query('select id, note from items order by id', [], {
      rowMode: 'object',
    });
    expect(objects.rows).toEqual([
      { id: 1, note: 'one' },
      { id: 2, note: 'two' },
    ]);
    const arrays = await thread.query('select id, note from items where id = $1', [2], {
      rowMode: 'array',
    });
    expect(arrays.rows).toEqual([[2, 'two']]);
    expect(arrays.fields.map((f) => f.name)).toEqual(['id', 'note']);
  });

  it('keeps timestamps as text for the types given parsers (as Drizzle asks)', async () => {
    const query = "select timestamptz '2026-01-02 03:04:05+00' as at";
    const parsed = await thread.query(query, [], { rowMode: 'object' });
    expect((parsed.rows[0] as { at: unknown }).at).toBeInstanceOf(Date);
    const text = await thread.query(query, [], {
      rowMode: 'object',
      parsers: { [types.TIMESTAMPTZ]: (value: string) => value },
    });
    expect((text.rows[0] as { at: unknown }).at).toBe('2026-01-02 03:04:05+00');
  });

  it("passes on the database's error fields (SQLSTATE, constraint)", async () => {
    await thread.query('insert into items values (10, $1)', ['ten']);
    const error = await thread.query('insert into items values (10, $1)', ['again']).then(
      () => null,
      (e: unknown) => e as Record<string, unknown>,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', constraint: 'items_pkey' });
  });

  it('a transaction holds the connection: statements from outside wait and survive its rollback', async () => {
    let outside: Promise<unknown> | undefined;
    await expect(
      thread.transaction(async (tx) => {
        await tx.query('insert into items values (20, $1)', ['inside']);
        // Asked for while the transaction is open; it must not run inside it.
        outside = thread.query('insert into items values (21, $1)', ['outside']);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const seen = await tx.query('select count(*)::int as n from items where id = 21');
        expect(seen.rows).toEqual([{ n: 0 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await outside;
    const rows = await thread.query('select id from items where id in (20, 21) order by id');
    expect(rows.rows).toEqual([{ id: 21 }]);
  });

  it('commits a transaction that succeeds, and returns its result', async () => {
    const result = await thread.transaction(async (tx) => {
      await tx.query('insert into items values (30, $1)', ['kept']);
      return 'done';
    });
    expect(result).toBe('done');
    expect((await thread.query('select note from items where id = 30')).rows).toEqual([
      { note: 'kept' },
    ]);
  });

  it('refuses statements once closed, with an error instead of hanging', async () => {
    const other = await PGliteThread.open();
    await other.query('select 1');
    await other.close();
    await expect(other.query('select 1')).rejects.toThrow(/closed/);
  });
});

describe('the thread and the process', () => {
  it('a script that opens, uses and closes the database runs to its end (the thread keeps it alive only while needed)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pglite-thread-'));
    const script = path.join(dir, 'script.mts');
    writeFileSync(
      script,
      `import { PGliteThread } from ${JSON.stringify(path.resolve('lib/db/pglite-thread.ts'))};
      const db = await PGliteThread.open(${JSON.stringify(path.join(dir, 'data'))});
      await db.query('create table t (n int)');
      await db.close();
      console.log('closed');`,
    );
    const run = spawnSync(path.resolve('node_modules/.bin/tsx'), [script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stdout.trim()).toBe('closed');
    expect(run.status).toBe(0);
  });
});

describe('opening', () => {
  it('a data folder that cannot be opened is an error, not a wait', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pglite-thread-')), 'not-a-folder');
    writeFileSync(file, 'x');
    await expect(PGliteThread.open(path.join(file, 'data'))).rejects.toThrow();
  });
});

describe('Drizzle through the thread', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({});
  });
  afterAll(async () => {
    await handle.close();
  });

  it('runs migrations, nested transactions (savepoints) and rollbacks', async () => {
    const count = async () =>
      rowsOf<{ n: number }>(
        await handle.db.execute(sql`select count(*)::int as n from audit_log`),
      )[0]!.n;
    const before = await count();
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into audit_log (action) values ('outer')`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`insert into audit_log (action) values ('inner')`);
          inner.rollback();
        })
        .catch(() => undefined);
    });
    expect(await count()).toBe(before + 1);
  });
});
