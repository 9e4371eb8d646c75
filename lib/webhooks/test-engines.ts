import { type DatabaseHandle, openDatabase } from '../db/client';

/**
 * The database engines the webhook and status tests run on: PGlite in memory always, and a real
 * PostgreSQL when TEST_DATABASE_URL is set (CI). Test-only helper.
 */

export interface TestEngine {
  name: 'pglite' | 'postgres';
  open(): Promise<DatabaseHandle>;
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  // Test files run in parallel and each applies migrations; a loser of that race retries once
  // the winner has finished.
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase({ databaseUrl: url });
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

const postgresUrl = process.env.TEST_DATABASE_URL;

export const testEngines: TestEngine[] = [
  { name: 'pglite', open: () => openDatabase({}) },
  ...(postgresUrl ? [{ name: 'postgres' as const, open: () => openPostgres(postgresUrl) }] : []),
];
