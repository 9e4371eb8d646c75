import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type DatabaseHandle, openDatabase } from '../../lib/db/client';

/**
 * The database engines a test runs on: PGlite always; PostgreSQL too when TEST_DATABASE_URL is set
 * (the test command starts a real server). Each PostgreSQL handle gets a fresh database of its own.
 */
export interface TestEngine {
  name: 'pglite' | 'postgres';
  open(): Promise<DatabaseHandle>;
}

export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [{ name: 'pglite', open: () => openDatabase({}) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) engines.push({ name: 'postgres', open: () => openFreshPostgres(url) });
  return engines;
}

/** A new empty database on the server of `adminUrl`: its URL, and a function that drops it. */
export async function createFreshPostgres(
  adminUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `portal_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

async function openFreshPostgres(adminUrl: string): Promise<DatabaseHandle> {
  const fresh = await createFreshPostgres(adminUrl);
  const handle = await openDatabase({ databaseUrl: fresh.url });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await fresh.drop();
    },
  };
}
