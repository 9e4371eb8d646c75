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

describe('statement deadlines', () => {
  let thread: PGliteThread;
  beforeAll(async () => {
    thread = await PGliteThread.open(
      path.join(mkdtempSync(path.join(tmpdir(), 'pglite-deadline-')), 'data'),
    );
    await thread.query('create table kept (n int)');
    await thread.query('insert into kept values (1), (2)');
  });
  afterAll(async () => {
    await thread.close();
  });

  it('a runaway statement fails at its deadline, the thread is replaced, and the next statement succeeds', async () => {
    const client = thread.withDeadline(500);
    const runaway = client.query('do $$ begin loop perform 1; end loop; end $$');
    // Asked for while the runaway one runs: it fails with it rather than wait for ever.
    const queued = client.query('select 1 as one');
    await expect(runaway).rejects.toMatchObject({ code: '57014' });
    await expect(queued).rejects.toMatchObject({ code: '57014' });
    expect(thread.restarts).toBe(1);
    // The new thread opened the same data folder: what was committed is still there.
    const after = await thread.query('select count(*)::int as n from kept');
    expect(after.rows).toEqual([{ n: 2 }]);
  });

  it('a statement that finishes in time is untouched, and each runs under its own deadline', async () => {
    const before = thread.restarts;
    const slowButAllowed = thread.withDeadline(10_000).query('select pg_sleep(0.6)');
    const quick = thread.withDeadline(300).query('select 2 as two');
    await slowButAllowed;
    // The quick statement waited behind the slow one: its own deadline starts when it runs.
    expect((await quick).rows).toEqual([{ two: 2 }]);
    expect(thread.restarts).toBe(before);
  });

  it('a statement that stops the thread (PGlite out of memory) fails, and the thread is replaced', async () => {
    const before = thread.restarts;
    // Materialising ten billion rows makes PGlite abort (or, given the time, meet the deadline).
    await expect(
      thread.withDeadline(3_000).query('select count(*) from generate_series(1, 1e10)'),
    ).rejects.toThrow(/stopped|deadline/);
    expect(thread.restarts).toBe(before + 1);
    expect((await thread.query('select count(*)::int as n from kept')).rows).toEqual([{ n: 2 }]);
  });

  it('a transaction past its deadline rolls back and frees the connection', async () => {
    const client = thread.withDeadline(400);
    await expect(
      client.transaction(async (tx) => {
        await tx.query('insert into kept values (3)');
        await tx.query('do $$ begin loop perform 1; end loop; end $$');
      }),
    ).rejects.toMatchObject({ code: '57014' });
    // The first statements of a new thread take a while: asked with the default deadline.
    const rows = await thread.query('select n from kept order by n');
    expect(rows.rows).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
