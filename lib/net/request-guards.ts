import { AsyncResource } from 'node:async_hooks';
import { IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

interface Busboy extends NodeJS.WritableStream {
  on(event: string, listener: (...args: never[]) => void): this;
  once(event: string, listener: (...args: never[]) => void): this;
}
const busboy = createRequire(import.meta.url)('next/dist/compiled/busboy') as (options: {
  headers: Record<string, string>;
  defParamCharset?: string;
}) => Busboy;

/**
 * Refusals the entry server makes before Next sees a request, for input that Next itself would
 * answer with a 500 (and a stack trace in the log): a path whose percent-encoding is not UTF-8
 * (Next's parameter decoding throws), and a server action call whose arguments are not what
 * React's client ever sends (its decoder throws, or waits for parts that never come), and a form
 * posted to a page whose multipart body cannot be read (Next's search for an action in it throws). Pure
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

// A reference to another part of a multipart reply: `$<id>` or `$<tag><id>` (promise, Map, Set,
// Blob, iterator…), the id in hex; `$K<id>` is a FormData whose fields are prefixed `<id>_`.
const PART_REFERENCE = /^\$([@QWBFTSiAlYhbZ]?)([0-9a-f]+)$/;
const FORM_DATA_REFERENCE = /^\$K[0-9a-f]*$/;

function onlyKnownReferences(value: unknown, parts: Set<string> | null, depth: number): boolean {
  if (depth > 64) return false;
  if (typeof value === 'string') {
    if (!value.startsWith('$') || SELF_CONTAINED.test(value)) return true;
    if (parts === null) return false;
    if (FORM_DATA_REFERENCE.test(value)) return true;
    const reference = PART_REFERENCE.exec(value);
    return reference !== null && parts.has(String(Number.parseInt(reference[2]!, 16)));
  }
  if (Array.isArray(value)) {
    return value.every((item) => onlyKnownReferences(item, parts, depth + 1));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).every(
      ([key, item]) => !key.startsWith('$') && onlyKnownReferences(item, parts, depth + 1),
    );
  }
  return true;
}

function isArgumentList(text: string, parts: Set<string> | null): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  return Array.isArray(value) && onlyKnownReferences(value, parts, 0);
}

/**
 * Whether a text (non-multipart) server action body is one React's client could have sent: JSON,
 * an array of arguments, with no reference to a part it does not have.
 */
export function isWellFormedTextActionBody(text: string): boolean {
  return isArgumentList(text, null);
}

/**
 * Whether a multipart server action body is one React's client could have sent: form data whose
 * part `0` is the argument list, referring only to parts that are there.
 */
export async function isWellFormedMultipartActionBody(
  body: Buffer,
  contentType: string,
): Promise<boolean> {
  // Next's own multipart parser, so that what passes here is what Next can read.
  const parts = new Map<string, string | null>();
  const parsed = await new Promise<boolean>((resolve) => {
    let parser: Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8' });
    } catch {
      resolve(false);
      return;
    }
    parser.on('field', (name: string, value: string) => parts.set(name, value));
    parser.on('file', (name: string, file: NodeJS.ReadableStream) => {
      parts.set(name, null);
      file.resume();
    });
    parser.once('error', () => resolve(false));
    parser.once('close', () => resolve(true));
    parser.end(body);
  });
  const root = parts.get('0');
  if (!parsed || typeof root !== 'string') return false;
  return isArgumentList(root, new Set(parts.keys()));
}

/**
 * Whether a form posted to a page (multipart, no `Next-Action`: a form sent without JavaScript)
 * can be read. Next reads such a body to look for an action in it, with the platform's own form
 * parser, and answers 500 when that throws; this is the same parser.
 */
export async function isReadableFormBody(body: Buffer, contentType: string): Promise<boolean> {
  try {
    await new Request('http://localhost/', {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body: new Uint8Array(body),
    }).formData();
    return true;
  } catch {
    return false;
  }
}

/**
 * The largest request head (request line and headers) the portal answers: Node's own default.
 * The entry server's parser reads heads up to PARSER_HEAD_LIMIT_BYTES, so one between the two is
 * answered here, with a 431 the client can read, not by the parser resetting the connection.
 */
export const HEAD_LIMIT_BYTES = 16 * 1024;
export const PARSER_HEAD_LIMIT_BYTES = 96 * 1024;
/**
 * The longest request target (path and query), as nginx's default buffers allow: an answer that
 * repeats the address (Next's trailing-slash redirect puts it in `Location`) then stays within
 * the 16 KB response head that Node's and undici's clients accept.
 */
export const URL_LIMIT_BYTES = 8 * 1024;

/** The size of the request line and headers as sent. */
export function headSize(request: IncomingMessage): number {
  let size = (request.method?.length ?? 0) + (request.url?.length ?? 0) + 12;
  for (const part of request.rawHeaders) size += part.length + 2;
  return size;
}

/** Next's server action body limit (`serverActions.bodySizeLimit`, 1 MB by default). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

function refuse(response: ServerResponse, status: number, message: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(message);
}

/**
 * The same request again, its body `body`: the original's stream has been read, and Next (its
 * proxy step among others) reads the request it is given from the start.
 */
function replayed(request: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(request.socket);
  copy.method = request.method;
  copy.url = request.url;
  copy.headers = request.headers;
  copy.rawHeaders = request.rawHeaders;
  copy.httpVersion = request.httpVersion;
  copy.httpVersionMajor = request.httpVersionMajor;
  copy.httpVersionMinor = request.httpVersionMinor;
  // Complete, or Node takes its end for an abort and destroys the socket.
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

/** The webhook receiver, whose bodies are never refused here (see formPost). */
const WEBHOOK_PATH = '/api/webhooks/connect';

/** How long, and how much, a refused request's body is read and dropped before the answer. */
const DRAIN_LIMIT_MS = 5_000;

/**
 * Answers a refusal once the client has sent its body (read and dropped), so that a client still
 * sending can read the answer instead of meeting a reset; at most 1 MB or 5 s of it, after which
 * the answer goes out and the connection closes.
 */
function answerAfterBody(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  message: string,
): void {
  response.setHeader('Connection', 'close');
  let drained = 0;
  let answered = false;
  const answer = (cut: boolean) => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    refuse(response, status, message);
    if (cut) response.once('finish', () => request.socket.destroy());
  };
  const timer = setTimeout(() => answer(true), DRAIN_LIMIT_MS);
  request.on('data', (chunk: Buffer) => {
    drained += chunk.byteLength;
    if (drained > ACTION_BODY_LIMIT_BYTES) answer(true);
  });
  request.once('end', () => answer(false));
  request.once('error', () => {
    clearTimeout(timer);
    response.destroy();
  });
}

/**
 * Runs `next` once the request is known not to be one Next would fail on; otherwise answers
 * itself: 431 for a head over 16 KB, 414 for an address over 8 KB, 400 for an undecodable path,
 * malformed action arguments or a form that cannot be read, 413 for an action body over 1 MB.
 * Action calls and forms posted to pages are read here, checked, and handed on.
 */
export function guardRequest(
  request: IncomingMessage,
  response: ServerResponse,
  next: (request: IncomingMessage) => void,
): void {
  const tooLarge =
    headSize(request) > HEAD_LIMIT_BYTES
      ? ([431, 'The request head is too large (over 16 KB).'] as const)
      : (request.url?.length ?? 0) > URL_LIMIT_BYTES
        ? ([414, 'The address is too long (over 8 KB).'] as const)
        : null;
  if (tooLarge) {
    answerAfterBody(request, response, tooLarge[0], tooLarge[1]);
    return;
  }
  if (!isDecodablePath(request.url)) {
    refuse(response, 400, 'The address is not valid: its percent-encoding is not UTF-8.');
    return;
  }
  const contentType = String(request.headers['content-type'] ?? '');
  // Only calls from React's client carry Next-Action. A multipart form posted without JavaScript
  // does not, yet Next parses it (as Next tests it, case and all) to look for an action in it.
  const actionCall = request.headers['next-action'] !== undefined;
  // Any path may reach a page (an unknown /api path renders the not-found page), so every one is
  // checked, except the webhook receiver: an authentic body is kept there whatever it holds.
  const formPost =
    !actionCall &&
    contentType.startsWith('multipart/form-data') &&
    (request.url ?? '/').split('?')[0] !== WEBHOOK_PATH;
  if (request.method !== 'POST' || (!actionCall && !formPost)) {
    next(request);
    return;
  }
  const multipart = contentType.toLowerCase().startsWith('multipart/');
  // Stream events run outside the request's async context: carry it to Next explicitly, so its
  // log lines keep their request id.
  const handOn = AsyncResource.bind(next);
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
    const check = async () => {
      if (formPost) return isReadableFormBody(body, contentType);
      if (multipart) return isWellFormedMultipartActionBody(body, contentType);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      } catch {
        return false;
      }
      return isWellFormedTextActionBody(text);
    };
    void check().then((wellFormed) => {
      if (wellFormed) handOn(replayed(request, body));
      else if (formPost) refuse(response, 400, 'The form could not be read.');
      else refuse(response, 400, 'The request is not valid: its arguments are malformed.');
    });
  });
}
