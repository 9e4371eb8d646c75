import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The sandbox as its own process, the way the portal meets Mastercard: over HTTP, nothing shared.
 * Each call gets a free port and a fresh DATA_DIR (unless one is given, e.g. to test a restart);
 * `stop()` ends the whole process group (tsx runs the sandbox in a child of its own).
 */

export interface SandboxProcessOptions {
  /** extra environment for the sandbox (e.g. OPENFINANCE_PARTNER_SECRET, SANDBOX_CONTROL_API) */
  env?: Record<string, string>;
  /** reuse a data folder (state survives restarts); a fresh temp folder by default */
  dataDir?: string;
  /** how long to wait for /__sandbox/health, default 30 s */
  startTimeoutMs?: number;
}

export interface SandboxProcess {
  /** base URL of the Open Finance API, e.g. http://127.0.0.1:41234 */
  url: string;
  /** base URL of the control API, e.g. http://127.0.0.1:41234/__sandbox */
  controlUrl: string;
  port: number;
  dataDir: string;
  pid: number;
  /** the sandbox's stdout and stderr so far (for failure messages) */
  output(): string;
  /** ends the process group; removes the data folder unless it was given or `keepData` */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const ENTRY = path.join(ROOT, 'sandbox', 'main.ts');
const MAX_OUTPUT = 64 * 1024;
const STOP_GRACE_MS = 5_000;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** If the test runner exits without stopping a sandbox, do not leave it behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/__sandbox/health`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

export async function startSandboxProcess(
  options: SandboxProcessOptions = {},
): Promise<SandboxProcess> {
  // A port found free can be taken before the sandbox binds it; try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startOnce(options, await findFreePort());
    } catch (error) {
      lastError = error;
      if (!(error instanceof Error && /EADDRINUSE|already in use/.test(error.message))) break;
    }
  }
  throw lastError;
}

async function startOnce(options: SandboxProcessOptions, port: number): Promise<SandboxProcess> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'sandbox-process-'));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(TSX, [ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...options.env,
      SANDBOX_PORT: String(port),
      DATA_DIR: dataDir,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  installExitHook();

  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      running.delete(child);
      resolve();
    });
  });

  const stop = async (stopOptions: { keepData?: boolean } = {}) => {
    if (exitCode === undefined) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    // tsx's own child may outlive it for a moment; the group kill reaches it too.
    killGroup(child, 'SIGKILL');
    if (ownsDataDir && !stopOptions.keepData) rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!(await healthy(url))) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`sandbox exited with code ${exitCode} before it was healthy:\n${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`sandbox not healthy at ${url} in time:\n${output}`);
    }
    await delay(50);
  }

  return {
    url,
    controlUrl: `${url}/__sandbox`,
    port,
    dataDir,
    pid: child.pid ?? -1,
    output: () => output,
    stop,
  };
}
