import 'server-only';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { getEnv, isBuildPhase } from '../env';
import { type Database, type DatabaseHandle, openDatabase } from './client';

export type { Database } from './client';

// One connection per process, kept on globalThis so dev reloads do not open PGlite twice
// (only one process, and one client, may open a PGlite data folder).
const globalForDb = globalThis as unknown as { portalDb?: Promise<DatabaseHandle> };

function openFromEnv(): Promise<DatabaseHandle> {
  if (isBuildPhase())
    return Promise.reject(new Error('The database is not opened during next build.'));
  const env = getEnv();
  return openDatabase({
    databaseUrl: env.databaseUrl,
    pgliteDir: path.resolve(env.dataDir, 'pglite'),
  });
}

export async function getDatabaseHandle(): Promise<DatabaseHandle> {
  if (!globalForDb.portalDb) {
    globalForDb.portalDb = openFromEnv().catch((error: unknown) => {
      globalForDb.portalDb = undefined;
      throw error;
    });
  }
  return globalForDb.portalDb;
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}

export async function checkDatabase(): Promise<{ ok: boolean; kind: string }> {
  try {
    const handle = await getDatabaseHandle();
    await handle.db.execute(sql`select 1`);
    return { ok: true, kind: handle.kind };
  } catch {
    return { ok: false, kind: getEnv().databaseUrl ? 'postgres' : 'pglite' };
  }
}
