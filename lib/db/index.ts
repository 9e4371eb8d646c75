import 'server-only';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { getEnv, isBuildPhase } from '../env';
import { type Database, type DatabaseHandle, openDatabase } from './client';
import type { StatementKind } from './deadlines';

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

/** The database, its statements under the deadline of `kind` (request paths by default). */
export async function getDb(kind: StatementKind = 'request'): Promise<Database> {
  const handle = await getDatabaseHandle();
  return kind === 'request' ? handle.db : handle.forKind(kind);
}

/**
 * Whether the database answers `select 1` within `withinMs`. The answer never waits longer: a
 * statement stuck behind a runaway one reports the database down (the runaway one meets its own
 * deadline, see deadlines.ts).
 */
export async function checkDatabase(withinMs: number): Promise<{ ok: boolean; kind: string }> {
  const down = { ok: false, kind: getEnv().databaseUrl ? 'postgres' : 'pglite' };
  let timer: NodeJS.Timeout | undefined;
  const check = (async () => {
    const handle = await getDatabaseHandle();
    await handle.db.execute(sql`select 1`);
    return { ok: true, kind: handle.kind };
  })().catch(() => down);
  const late = new Promise<typeof down>((resolve) => {
    timer = setTimeout(() => resolve(down), withinMs);
  });
  try {
    return await Promise.race([check, late]);
  } finally {
    clearTimeout(timer);
  }
}
