import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { STATEMENT_DEADLINES_MS, type StatementKind } from './deadlines';
import * as schema from './schema';

/**
 * The one module that knows which database runs: PGlite (embedded Postgres in WASM) when there is
 * no DATABASE_URL, PostgreSQL through postgres.js when there is. Everything else sees `Database`.
 */

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  /** Statements of request paths (deadline `request`). */
  db: Database;
  kind: 'pglite' | 'postgres';
  /** The same database with the statement deadline of another kind (see deadlines.ts). */
  forKind(kind: StatementKind): Database;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; when absent (tests) PGlite runs in memory. */
  pgliteDir?: string | undefined;
}

const migrationsFolder = path.join(process.cwd(), 'lib/db/migrations');

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.pgliteDir);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  // One pool per kind, each with its deadline as the connections' statement_timeout; pools other
  // than the request pool open on first use and stay small.
  const poolSize: Record<StatementKind, number> = {
    request: 10,
    webhookBatch: 2,
    migration: 1,
    sweep: 1,
  };
  const clients = new Map<StatementKind, ReturnType<typeof postgres>>();
  const databases = new Map<StatementKind, Database>();
  const forKind = (kind: StatementKind): Database => {
    let db = databases.get(kind);
    if (!db) {
      const client = postgres(url, {
        max: poolSize[kind],
        onnotice: () => {},
        connection: { statement_timeout: STATEMENT_DEADLINES_MS[kind] },
      });
      clients.set(kind, client);
      db = drizzle(client, { schema }) as unknown as Database;
      databases.set(kind, db);
    }
    return db;
  };
  const close = () => Promise.all([...clients.values()].map((c) => c.end({ timeout: 5 })));
  try {
    await migrate(forKind('migration') as unknown as Parameters<typeof migrate>[0], {
      migrationsFolder,
    });
  } finally {
    await clients.get('migration')?.end({ timeout: 5 });
    clients.delete('migration');
    databases.delete('migration');
  }
  return {
    db: forKind('request'),
    kind: 'postgres',
    forKind,
    close: async () => void (await close()),
  };
}

async function openPglite(pgliteDir: string | undefined): Promise<DatabaseHandle> {
  const { PGliteThread } = await import('./pglite-thread');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  // PGlite does not create parent folders itself.
  if (pgliteDir) mkdirSync(pgliteDir, { recursive: true });
  // On its own thread: Postgres' work does not hold up the requests being parsed meanwhile.
  const thread = await PGliteThread.open(pgliteDir);
  const databases = new Map<StatementKind, Database>();
  const forKind = (kind: StatementKind): Database => {
    let db = databases.get(kind);
    if (!db) {
      const client = thread.withDeadline(STATEMENT_DEADLINES_MS[kind]);
      db = drizzle(client as unknown as PGlite, { schema }) as unknown as Database;
      databases.set(kind, db);
    }
    return db;
  };
  await migrate(forKind('migration') as unknown as Parameters<typeof migrate>[0], {
    migrationsFolder,
  });
  return { db: forKind('request'), kind: 'pglite', forKind, close: () => thread.close() };
}
