import 'server-only';
import { Agent, request } from 'undici';

/**
 * How the Open Finance client reaches the network: undici's `request()` over a pool of kept-alive
 * connections. It is the library behind Node's own `fetch`, without the WHATWG Request, Response
 * and stream objects around every exchange, and outside Next's patched `fetch`, whose caching the
 * client never wants. On the search route, one call per keystroke, that saves about 0.4 ms at the
 * median and more in the tail (`npm run bench:search`).
 *
 * Like `fetch` with `redirect: 'error'`, a redirect is refused rather than followed: the API never
 * redirects, and following one would send the App Key and token to another address.
 */

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  /** aborts the exchange, the body included */
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  /** a response header by name, in any case; repeated headers joined with ", " */
  header(name: string): string | undefined;
  /** the body as text; rejects if the connection fails or the signal fires while it arrives */
  text(): Promise<string>;
}

export type Transport = (url: string, init: TransportRequest) => Promise<TransportResponse>;

// One pool per process: connections to the API (or the sandbox) stay open between calls. Idle
// connections close after the server's Keep-Alive hint, or after 4 s without one.
const agent = new Agent();

export const sendRequest: Transport = async (url, init) => {
  const answer = await request(url, {
    method: init.method,
    headers: init.headers,
    body: init.body,
    signal: init.signal,
    dispatcher: agent,
  });
  if (answer.statusCode >= 300 && answer.statusCode < 400) {
    await answer.body.dump();
    throw new TypeError(`redirect refused (${answer.statusCode})`);
  }
  const headers = answer.headers;
  return {
    status: answer.statusCode,
    header(name) {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    text: () => answer.body.text(),
  };
};
