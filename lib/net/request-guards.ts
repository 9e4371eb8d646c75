import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Refusals the entry server makes before Next sees a request, for input that Next itself would
 * answer with a 500 (and a stack trace in the log): a path whose percent-encoding is not UTF-8
 * (Next's parameter decoding throws), and a server action call whose arguments are not what
 * React's client ever sends (its decoder throws, or waits for parts that never come). Pure
 * checks, plus the small piece that hands a checked action body on to Next.
 */

/** Whether the path (without query) decodes as UTF-8. */
export function isDecodablePath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0] ?? '/';
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

// The `$` values React's encodeReply writes into a one-part (text) reply: an escaped `$$…`,
// the special numbers, undefined, a bigint or a date. Any other `$` string references a part
// (a chunk, FormData, Map, Set, Blob, promise…) that a text reply cannot have.
const SELF_CONTAINED = /^\$(?:\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|n-?\d+$|D)/;

function onlySelfContained(value: unknown, depth: number): boolean {
  if (depth > 64) return false;
  if (typeof value === 'string') return !value.startsWith('$') || SELF_CONTAINED.test(value);
  if (Array.isArray(value)) return value.every((item) => onlySelfContained(item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).every(
      ([key, item]) => !key.startsWith('$') && onlySelfContained(item, depth + 1),
    );
  }
  return true;
}

/**
 * Whether a text (non-multipart) server action body is one React's client could have sent: JSON,
 * an array of arguments, with no reference to a part it does not have.
 */
export function isWellFormedTextActionBody(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  return Array.isArray(value) && onlySelfContained(value, 0);
}

/** Next's server action body limit (`serverActions.bodySizeLimit`, 1 MB by default). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

// Where Next keeps per-request data; `actionBody` in it is read instead of the request stream
// (next/dist/server/app-render/action-handler.js). Checked by the e2e and fuzz suites, which
// post real actions through the entry server.
const NEXT_REQUEST_META = Symbol.for('NextInternalRequestMeta');

function refuse(response: ServerResponse, status: number, message: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(message);
}

/**
 * Runs `next` once the request is known not to be one Next would fail on; otherwise answers
 * 400 (or 413) itself. Action calls with a text body are read here, checked, and handed on.
 */
export function guardRequest(
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
): void {
  if (!isDecodablePath(request.url)) {
    refuse(response, 400, 'The address is not valid: its percent-encoding is not UTF-8.');
    return;
  }
  const contentType = String(request.headers['content-type'] ?? '');
  if (
    request.method !== 'POST' ||
    request.headers['next-action'] === undefined ||
    contentType.toLowerCase().startsWith('multipart/')
  ) {
    next();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  request.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.byteLength;
    if (size > ACTION_BODY_LIMIT_BYTES) {
      refused = true;
      refuse(response, 413, 'The request is too large.');
      request.resume();
      return;
    }
    chunks.push(chunk);
  });
  request.once('error', () => {
    if (!refused && !response.headersSent) refuse(response, 400, 'The request was cut short.');
    refused = true;
  });
  request.once('end', () => {
    if (refused) return;
    const body = Buffer.concat(chunks, size);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      refuse(response, 400, 'The request is not valid: its body is not UTF-8.');
      return;
    }
    if (!isWellFormedTextActionBody(text)) {
      refuse(response, 400, 'The request is not valid: its arguments are malformed.');
      return;
    }
    const holder = request as unknown as Record<symbol, Record<string, unknown> | undefined>;
    holder[NEXT_REQUEST_META] = { ...holder[NEXT_REQUEST_META], actionBody: body };
    next();
  });
}
