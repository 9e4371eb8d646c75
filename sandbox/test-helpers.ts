// Shared helpers for the sandbox's own tests: an in-process sandbox on a free port with a
// temporary data dir, an authenticated client, and a tiny webhook receiver.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, DEFAULTS, type Sandbox, type SandboxOptions } from './server';

export const PARTNER_ID = DEFAULTS.partnerId;
export const PARTNER_SECRET = DEFAULTS.partnerSecret;
export const APP_KEY = DEFAULTS.appKey;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON is read loosely
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface TestSandbox {
  sandbox: Sandbox;
  dataDir: string;
  url: string;
  /** raw request */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON is read loosely
  request<T = any>(
    method: string,
    path: string,
    options?: { body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  /** request with Finicity-App-Key and a (cached) Finicity-App-Token */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON is read loosely
  api<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  token(): Promise<string>;
  /** forget the cached token */
  dropToken(): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON is read loosely
  control<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  close(): Promise<void>;
  /** stop the server but keep the data dir (for restart tests) */
  stop(): Promise<void>;
}

export async function startTestSandbox(
  options: Partial<SandboxOptions> & { dataDir?: string } = {},
): Promise<TestSandbox> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sandbox-test-'));
  const sandbox = await createSandbox({ port: 0, host: '127.0.0.1', ...options, dataDir });
  const base = `http://127.0.0.1:${sandbox.port}`;
  let cachedToken: string | undefined;

  async function request<T>(
    method: string,
    path: string,
    opts: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(`${base}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed as T };
  }

  async function token(): Promise<string> {
    if (cachedToken) return cachedToken;
    const res = await request<{ token: string }>(
      'POST',
      '/aggregation/v2/partners/authentication',
      {
        body: { partnerId: PARTNER_ID, partnerSecret: sandbox.ctx.store.state.partner.secret },
        headers: { 'Finicity-App-Key': APP_KEY },
      },
    );
    if (res.status !== 200) throw new Error(`authentication failed: ${res.status} ${res.text}`);
    cachedToken = res.body.token;
    return cachedToken;
  }

  const stop = () => sandbox.close();
  return {
    sandbox,
    dataDir,
    url: base,
    request,
    token,
    dropToken: () => {
      cachedToken = undefined;
    },
    async api(method, path, body) {
      const t = await token();
      return request(method, path, {
        body,
        headers: { 'Finicity-App-Key': APP_KEY, 'Finicity-App-Token': t },
      });
    },
    control: (method, path, body) => request(method, `/__sandbox${path}`, { body }),
    stop,
    async close() {
      await stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** status answered by the receiver; may be changed at any time */
  status: number;
  /** resolves once `count` requests have arrived */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startReceiver(status = 200): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const waiters: Array<() => boolean> = [];
  const receiver: Receiver = {
    url: '',
    received,
    status,
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            resolve(received.slice());
            return true;
          }
          return false;
        };
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${received.length} of ${count} requests`)),
          timeoutMs,
        );
        if (!check()) waiters.push(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(receiver.status, { 'Content-Type': 'text/plain' });
      res.end('ok');
      const pending = waiters.splice(0);
      for (const waiter of pending) if (!waiter()) waiters.push(waiter);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
