import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SandboxOptions {
  port?: number;
  host?: string | string[];
  dataDir?: string;
}

export interface Sandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  if (url.pathname === '/__sandbox/health' && req.method === 'GET') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
    return;
  }
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ code: 404, message: 'Resource not found' }));
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const hosts = Array.isArray(options.host) ? options.host : [options.host ?? '127.0.0.1'];
  const servers: Server[] = [];
  let port = options.port ?? 0;
  for (const host of hosts) {
    const server = createServer(handle);
    port = await listen(server, port, host);
    servers.push(server);
  }
  return {
    url: `http://localhost:${port}`,
    port,
    close: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
