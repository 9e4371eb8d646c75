import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { log } from '../log';
import { type RequestContext, runWithRequestContext } from '../request-context';
import { guardRequest } from './request-guards';
import { resolveClientAddress, type TrustedProxies } from './trusted-proxies';

/**
 * What the entry server does to each request before Next sees it. No `server-only`: it runs in
 * scripts/server.ts, outside Next's bundles.
 *
 * Next fills `x-forwarded-for` from the socket only when a request has none, so without this a
 * client could name any address it liked. Here the forwarding headers of a peer that is not a
 * trusted proxy are dropped, and `x-forwarded-for` is set to the one resolved client address,
 * which is all App Router code (`lib/client-address.ts`) reads.
 */

const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-real-ip',
  'x-request-id',
] as const;

/** A request id a proxy may hand on: short, printable, nothing that could break a log line. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:/+=@-]{1,128}$/;

export function prepareRequest(request: IncomingMessage, trusted: TrustedProxies): RequestContext {
  const socketAddress = request.socket.remoteAddress;
  const fromTrustedProxy = socketAddress !== undefined && trusted.has(socketAddress);
  const clientAddress = resolveClientAddress(
    socketAddress,
    request.headers['x-forwarded-for'],
    trusted,
  );
  const given = request.headers['x-request-id'];
  const requestId =
    fromTrustedProxy && typeof given === 'string' && REQUEST_ID_PATTERN.test(given)
      ? given
      : randomUUID();
  if (!fromTrustedProxy) {
    for (const name of FORWARDING_HEADERS) delete request.headers[name];
  }
  delete request.headers['x-real-ip'];
  request.headers['x-forwarded-for'] = clientAddress;
  request.headers['x-request-id'] = requestId;
  return { requestId, clientAddress };
}

export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Wraps Next's request handler: prepared headers, `X-Request-Id` on the answer, a context, and
 * the refusals of request-guards.ts for input Next would answer with a 500.
 */
export function createEntryHandler(handle: NodeHandler, trusted: TrustedProxies) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const context = prepareRequest(request, trusted);
    response.setHeader('X-Request-Id', context.requestId);
    runWithRequestContext(context, () => {
      guardRequest(request, response, (checked) => {
        handle(checked, response).catch((error: unknown) => {
          log.error('entry.unhandled', {
            error: error instanceof Error ? error.name : typeof error,
          });
          if (!response.headersSent) {
            response.statusCode = 500;
            response.end();
          } else {
            response.destroy();
          }
        });
      });
    });
  };
}

const CLIENT_ERRORS: Record<string, [status: string, message: string]> = {
  HPE_HEADER_OVERFLOW: ['431 Request Header Fields Too Large', 'The request head is too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: ['408 Request Timeout', 'The request took too long to arrive.'],
};

/**
 * A request Node's HTTP parser refused (a head over its limit, a malformed request line): answered
 * with its status before the connection closes. Node's own handler writes the answer and resets
 * the connection at once, and a client still sending its request (a long head, a body) then sees
 * only "connection reset". Here what the client still sends is read and dropped, the answer is
 * written without closing our side, and the connection ends when the client closes it after
 * reading the answer (`Connection: close`), or after a grace period.
 */
const answered = new WeakSet<Duplex>();

export function answerClientError(error: Error, socket: Duplex): void {
  // The parser may report the same request again as the rest of it arrives: answered once.
  if (answered.has(socket)) return;
  answered.add(socket);
  // On a kept-alive connection earlier answers were written; only this request's must not be.
  const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, message] = CLIENT_ERRORS[(error as NodeJS.ErrnoException).code ?? ''] ?? [
    '400 Bad Request',
    'The request could not be read.',
  ];
  socket.on('error', () => socket.destroy());
  socket.once('end', () => socket.destroy());
  socket.resume();
  socket.write(
    `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
  setTimeout(() => socket.destroy(), 5_000).unref();
}
