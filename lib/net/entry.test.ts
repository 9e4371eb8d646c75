import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequestContext } from '../request-context';
import { answerClientError, createEntryHandler } from './entry';
import { createTrustedProxies } from './trusted-proxies';

// The entry server's request handling on real sockets. Next is replaced by a handler that
// answers what App Router code would see: the headers and, after an await, the request context.
// Linux routes all of 127.0.0.0/8 to loopback, so 127.0.0.2 plays the trusted proxy.
describe('entry handler', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer(
      createEntryHandler(
        async (request, response) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          response.setHeader('Content-Type', 'application/json');
          response.end(
            JSON.stringify({ headers: request.headers, context: getRequestContext() ?? null }),
          );
        },
        createTrustedProxies(['127.0.0.2']),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  interface Seen {
    status: number;
    requestIdHeader: string | undefined;
    headers: Record<string, string | undefined>;
    context: { requestId: string; clientAddress: string } | null;
  }

  function get(localAddress: string, headers: Record<string, string>): Promise<Seen> {
    return new Promise((resolve, reject) => {
      const request = http.get(
        { host: '127.0.0.1', port, path: '/', localAddress, headers, agent: false },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            const parsed = JSON.parse(body) as Omit<Seen, 'status' | 'requestIdHeader'>;
            resolve({
              status: response.statusCode ?? 0,
              requestIdHeader: response.headers['x-request-id'] as string | undefined,
              ...parsed,
            });
          });
        },
      );
      request.on('error', reject);
    });
  }

  it('from an untrusted socket: the socket address, whatever the forwarding headers say', async () => {
    const seen = await get('127.0.0.1', {
      'X-Forwarded-For': '198.51.100.1',
      'X-Real-IP': '198.51.100.2',
      'X-Forwarded-Host': 'evil.example',
      'X-Request-Id': 'chosen-by-the-client',
    });
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-real-ip']).toBeUndefined();
    expect(seen.headers['x-forwarded-host']).toBeUndefined();
    expect(seen.context?.clientAddress).toBe('127.0.0.1');
    expect(seen.context?.requestId).not.toBe('chosen-by-the-client');
    expect(seen.context?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.headers['x-request-id']).toBe(seen.context?.requestId);
    expect(seen.requestIdHeader).toBe(seen.context?.requestId);
  });

  it('from a trusted proxy: its hop and its request id', async () => {
    const seen = await get('127.0.0.2', {
      'X-Forwarded-For': '198.51.100.1, 203.0.113.7',
      'X-Forwarded-Host': 'portal.example.com',
      'X-Request-Id': 'proxy-req-42',
    });
    expect(seen.headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(seen.headers['x-forwarded-host']).toBe('portal.example.com');
    expect(seen.context).toEqual({ requestId: 'proxy-req-42', clientAddress: '203.0.113.7' });
    expect(seen.requestIdHeader).toBe('proxy-req-42');
  });

  it('a new id for every request, and none that could break a log line', async () => {
    const a = await get('127.0.0.1', {});
    const b = await get('127.0.0.1', {});
    expect(a.context?.requestId).not.toBe(b.context?.requestId);
    const odd = await get('127.0.0.2', { 'X-Request-Id': 'a b"c' });
    expect(odd.context?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('requests Node refuses before any handler', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_request, response) => response.end('handled'));
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a head over the parser’s limit, even with a large body still coming, is answered 431 once', async () => {
    // Node's own client, strict about what follows an answer; one kept-alive connection, which
    // has answered before, as browsers and fetch reuse them.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const ask = (path: string, body?: string) =>
      new Promise<string>((resolve) => {
        const request = http.request(
          `http://127.0.0.1:${port}${path}`,
          { agent, method: body === undefined ? 'GET' : 'PUT' },
          (response) => {
            let text = '';
            response.on('data', (chunk) => (text += chunk));
            response.on('end', () => resolve(`${response.statusCode} ${text}`));
          },
        );
        request.on('error', (error) => resolve(`error: ${error.message}`));
        request.end(body);
      });
    try {
      for (const length of [20_000, 300_000]) {
        for (const body of [undefined, `{"a":"${'y'.repeat(500_000)}"}`]) {
          expect(await ask('/')).toBe('200 handled');
          expect(await ask(`/api/links/x?q=${'x'.repeat(length)}`, body)).toBe(
            '431 The request head is too large.',
          );
        }
      }
    } finally {
      agent.destroy();
    }
  });

  it('a request line that is not HTTP is answered 400', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
        // The whole answer has arrived: the client closes, as it would after `Connection: close`.
        if (text.endsWith('could not be read.')) socket.end(() => resolve(text));
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toMatch(/The request could not be read\.$/);
  });
});
