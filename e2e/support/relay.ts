import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny reverse proxy in front of a portal, for tests of who the client is. Linux routes all of
 * 127.0.0.0/8 to loopback, so the relay can connect from an address of its choosing. Per request
 * (headers the relay removes before forwarding):
 *  - `x-relay-mode: proxy` connects from 127.0.0.2 (the portal's TRUSTED_PROXIES) and appends
 *    `x-relay-client` to X-Forwarded-For, as nginx's `$proxy_add_x_forwarded_for` does;
 *  - otherwise it connects from 127.0.0.3, an untrusted peer, and forwards the headers as sent
 *    (a client spoofing X-Forwarded-For).
 */
export async function startRelay(
  targetPort: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const headers = { ...request.headers };
    const mode = headers['x-relay-mode'];
    const client = headers['x-relay-client'];
    delete headers['x-relay-mode'];
    delete headers['x-relay-client'];
    let localAddress = '127.0.0.3';
    if (mode === 'proxy') {
      localAddress = '127.0.0.2';
      const prior = headers['x-forwarded-for'];
      headers['x-forwarded-for'] = prior ? `${String(prior)}, ${String(client)}` : String(client);
    }
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: targetPort,
        method: request.method,
        path: request.url,
        headers,
        localAddress,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
