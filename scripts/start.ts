/**
 * `npm start` / `npm run dev`: validates the configuration, starts the sandbox (sandbox mode) and
 * the portal (scripts/server.ts for start, `next dev` for dev), and prints where they are.
 * Usage: tsx scripts/start.ts start|dev
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EnvError, parseEnv, SANDBOX_DEMO } from '../lib/env-schema';

const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(code), 1500).unref();
  if (children.every((c) => c.exitCode !== null)) process.exit(code);
}

function run(name: string, command: string, args: string[], extraEnv: Record<string, string>) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...extraEnv },
    // Same process group as this script: a runner that stops the group (Playwright, Ctrl+C)
    // stops the sandbox and next-server too.
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} stopped (${signal ?? `exit ${code}`}); stopping everything.`);
      stopAll(code ?? 1);
    } else if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) {
      process.exit(0);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url: string, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  console.error(`[start] ${what} did not answer at ${url} within ${timeoutMs / 1000} s.`);
  stopAll(1);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll(0));

if (
  mode === 'start' &&
  !existsSync(path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'))
) {
  console.info('[start] No production build yet: running next build first.');
  const build = spawnSync(bin('next'), ['build'], {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const sandboxUrl = `http://localhost:${env.sandboxPort}`;
if (env.mode === 'sandbox') {
  run('sandbox', bin('tsx'), ['sandbox/main.ts'], {
    SANDBOX_PORT: String(env.sandboxPort),
    DATA_DIR: env.dataDir,
  });
  await waitFor(`http://127.0.0.1:${env.sandboxPort}/__sandbox/health`, 'The sandbox');
}

// Production runs through the portal's own entry server (real client addresses, request ids);
// development keeps `next dev` and its hot reload.
if (mode === 'start') {
  run('portal', process.execPath, ['--import', 'tsx', 'scripts/server.ts'], {
    PORT: String(env.port),
  });
} else {
  run('portal', bin('next'), ['dev', '-H', '127.0.0.1', '-p', String(env.port)], {
    PORT: String(env.port),
  });
}
await waitFor(`http://127.0.0.1:${env.port}/api/health`, 'The portal');

if (!stopping) {
  const lines = [
    '',
    `  Portal      http://127.0.0.1:${env.port}`,
    env.mode === 'sandbox'
      ? `  Sandbox     ${sandboxUrl}   (mailbox: ${sandboxUrl}/mailbox)`
      : `  Open Finance API  ${env.apiUrl}`,
    env.adminEmail && env.adminPassword === SANDBOX_DEMO.adminPassword
      ? `  Staff sign-in     ${env.adminEmail} / ${SANDBOX_DEMO.adminPassword}   (sandbox demo admin)`
      : env.adminEmail
        ? `  Staff sign-in     ${env.adminEmail} (password from ADMIN_PASSWORD)`
        : '  Staff sign-in     create an admin with npm run admin:create',
    '  Stop with Ctrl+C.',
    '',
  ];
  console.info(lines.join('\n'));
}
