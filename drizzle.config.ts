import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from lib/db/schema.ts. The portal applies them itself at start
// (lib/db/client.ts), so `drizzle-kit generate` is the only command needed after a schema change.
export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema.ts',
  out: './lib/db/migrations',
});
