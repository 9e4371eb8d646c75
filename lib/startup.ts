import 'server-only';
import { ensureFirstAdmin } from './auth';
import { guardConsole } from './console-guard';
import { getDb } from './db';
import { EnvError, getEnv } from './env';

/**
 * Runs once when the portal server starts (from instrumentation.ts): keeps database statements out
 * of what Next writes to the console; validates the configuration,
 * stopping the start with one message naming each bad variable; applies migrations; creates the
 * first admin; and warms the database so the first request (often Mastercard's `ping`) is fast.
 */
export async function startPortal(): Promise<void> {
  guardConsole();
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  await getDb();
  await ensureFirstAdmin();
}
