/**
 * `npm run admin:create -- --email you@example.com [--name "Your Name"] [--role admin|staff]`
 * Creates a staff account; the password comes from ADMIN_PASSWORD or is asked for on the terminal.
 * With the embedded database, stop the portal first (only one process may open a PGlite folder).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createAuth, createStaffUser } from '../lib/auth/create-auth';
import { openDatabase } from '../lib/db/client';
import { EnvError, getEnv } from '../lib/env';

if (existsSync('.env')) process.loadEnvFile('.env');

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'admin' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let env;
try {
  env = getEnv();
} catch (error) {
  fail(error instanceof EnvError ? error.message : 'Could not read the configuration.');
}
const email = values.email ?? env.adminEmail;
if (!email) fail('Give --email (or set ADMIN_EMAIL).');
if (values.role !== 'admin' && values.role !== 'staff') fail('--role must be admin or staff.');

let password = env.adminPassword;
if (!password || values.email) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  password = (await rl.question(`Password for ${email} (at least 12 characters): `)).trim();
  rl.close();
}
if (password.length < 12) fail('The password needs at least 12 characters.');

const handle = await openDatabase({
  databaseUrl: env.databaseUrl,
  pgliteDir: path.resolve(env.dataDir, 'pglite'),
}).catch(() =>
  fail('Could not open the database. With the embedded database, stop the portal first.'),
);
const auth = createAuth({ db: handle.db, secret: env.authSecret, baseURL: env.publicBaseUrl });
const created = await createStaffUser(auth, handle.db, {
  email,
  password,
  name: values.name ?? email.split('@')[0] ?? 'Staff',
  role: values.role,
});
await handle.close();
if (!created) fail(`${email} already has a staff account.`);
console.info(`Created ${values.role} ${email}.`);
