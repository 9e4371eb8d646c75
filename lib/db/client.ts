import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

/**
 * The one module that knows which database runs: PGlite (embedded Postgres in WASM) when there is
 * no DATABASE_URL, PostgreSQL through postgres.js when there is. Everything else sees `Database`.
 */

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
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
  if (options.databaseUrl) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(options.databaseUrl, { max: 10, onnotice: () => {} });
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder });
    return {
      db: db as unknown as Database,
      kind: 'postgres',
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGliteThread } = await import('./pglite-thread');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  // PGlite does not create parent folders itself.
  if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
  // On its own thread: Postgres' work does not hold up the requests being parsed meanwhile.
  const client = await PGliteThread.open(options.pgliteDir);
  const db = drizzle(client as unknown as PGlite, { schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Database, kind: 'pglite', close: () => client.close() };
}
