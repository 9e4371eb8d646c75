import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from './sandbox-process';

/**
 * The built portal as its own process group, for tests and benchmarks that must treat it as
 * Mastercard does: over HTTP, killed with SIGKILL at any moment, started again on the same port
 * and data. Needs `next build` first (the test command builds before the suites that use this).
 */

export interface PortalProcessOptions {
  /** PGlite data folder parent (DATA_DIR); a fresh temp folder by default */
  dataDir?: string;
  /** postgres:// URL; PGlite in DATA_DIR when absent */
  databaseUrl?: string;
  /** the port; a free one by default (give the old one to restart behind the same URL) */
  port?: number;
  /** extra environment (OPENFINANCE_PARTNER_SECRET, OPENFINANCE_API_URL, …) */
  env?: Record<string, string>;
  /** how long to wait for the first answer, default 120 s */
  startTimeoutMs?: number;
  /** `entry server` (scripts/server.ts, as `npm start` runs it; the default) or a bare `next start` */
  server?: 'entry server' | 'next start';
  /**
   * Another built checkout to serve instead of this one (`next start` in it): a benchmark's
   * baseline, e.g. the landed main beside the change.
   */
  root?: string;
}

export interface PortalProcess {
  url: string;
  port: number;
  dataDir: string;
  /** what the portal printed so far (the last 256 KB, for failure messages) */
  output(): string;
  /** calls `listener` with everything the portal prints from now on; returns the unsubscribe */
  onOutput(listener: (text: string) => void): () => void;
  /** SIGKILL to the whole group, as a crash; resolves once every process of it is gone */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after a grace period; removes the data folder unless it was given */
  stop(): Promise<void>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = path.join(ROOT, 'scripts', 'server.ts');
const MAX_OUTPUT = 256 * 1024;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function killGroup(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  try {
    process.kill(-pid, signal);
  } catch {
    return;
  }
  // next-server may outlive the wrapper for a moment; wait until the group is empty.
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) {
      if (signal === 'SIGKILL') return;
      await killGroup(pid, 'SIGKILL', 5_000);
      return;
    }
    await delay(50);
  }
}

export async function startPortalProcess(
  options: PortalProcessOptions = {},
): Promise<PortalProcess> {
  const root = options.root ?? ROOT;
  const distDir = options.root ? '.next' : process.env.NEXT_DIST_DIR || '.next';
  if (!existsSync(path.join(root, distDir, 'BUILD_ID'))) {
    throw new Error(`No production build in ${root}: run \`npx next build\` there first.`);
  }
  if (options.root && options.server !== 'next start') {
    throw new Error('Another checkout is served with `next start`.');
  }
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'portal-process-'));
  const port = options.port ?? (await findFreePort());
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_BASE_URL: url,
    OPENFINANCE_ENV: 'sandbox',
    // Nothing upstream unless asked: webhooks never call the API, and health checks fail fast.
    OPENFINANCE_API_URL: 'http://127.0.0.1:9',
    ...options.env,
  };
  delete env.DATABASE_URL;
  if (options.root) delete env.NEXT_DIST_DIR;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  // Its own process group, so next-server and everything under it can be killed together.
  const [command, args] =
    options.server === 'next start'
      ? [
          path.join(root, 'node_modules', '.bin', 'next'),
          ['start', '-H', '127.0.0.1', '-p', String(port)],
        ]
      : [process.execPath, ['--import', 'tsx', ENTRY]];
  const child = spawn(command, args, {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const listeners = new Set<(text: string) => void>();
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-MAX_OUTPUT);
    for (const listener of listeners) listener(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const pid = child.pid!;
  const removeData = () => {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const portal: PortalProcess = {
    url,
    port,
    dataDir,
    output: () => output,
    onOutput: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    kill: () => killGroup(pid, 'SIGKILL', 10_000),
    stop: async () => {
      await killGroup(pid, 'SIGTERM', 10_000);
      removeData();
    },
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    if (exited) {
      removeData();
      throw new Error(`the portal exited before it answered:\n${output.slice(-4000)}`);
    }
    try {
      const response = await fetch(`${url}/api/ping`, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return portal;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await portal.kill();
      removeData();
      throw new Error(
        `the portal did not answer within the start timeout:\n${output.slice(-4000)}`,
      );
    }
    await delay(200);
  }
}
