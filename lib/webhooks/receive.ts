import 'server-only';
import type { Database } from '../db/client';
import { failureFields } from '../db/errors';
import { log as rootLog } from '../log';
import { type IngestResult, ingestWebhook, quarantineWebhook } from './ingest';
import { type ParsedWebhook, parseWebhookBody, WebhookParseError } from './parse';
import { publish } from './publish';
import { type RejectionReason, recordRejection } from './rejections';
import { verifySignature } from './verify';

/**
 * `POST /api/webhooks/connect`, framework-free so tests drive it with plain Requests: size limit →
 * signature → parse → idempotent insert → 200 only after commit → publish. Mastercard retries any
 * non-2xx for three days, so every answer is deliberate: 401/413 for deliveries that are not
 * authentic or cannot be kept, 503 when the database fails (a retry will succeed), 200 for
 * everything stored. An authentic body that cannot be parsed, or nests deeper than 32 levels, is
 * stored raw as a quarantined event (no status change) and answered 200 too.
 */

export const MAX_WEBHOOK_BYTES = 256 * 1024;

export interface ReceiveWebhookDeps {
  /** The database, or a promise of it, so a failing open still answers 503 (and pings 200). */
  db: Database | Promise<Database>;
  /** The same database under the webhook batch's statement deadline; `db` when absent. */
  batchDb?: Database | Promise<Database>;
  partnerSecret: string;
  maxBytes?: number;
}

type BodyRead =
  { kind: 'ok'; bytes: Buffer } | { kind: 'too_large'; size: number } | { kind: 'unreadable' };

function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Reads the body; without a declared length it counts as it streams, so an oversized one is
 * never buffered whole. */
async function readBody(request: Request, maxBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes)
    return { kind: 'too_large', size: declared };
  if (!request.body) return { kind: 'ok', bytes: Buffer.alloc(0) };
  // A declared length is what Node's HTTP parser delivers at most: read it in one go (checked
  // again, for callers that build a Request themselves).
  if (Number.isFinite(declared)) {
    let bytes: Buffer;
    try {
      bytes = Buffer.from(await request.arrayBuffer());
    } catch {
      return { kind: 'unreadable' };
    }
    return bytes.byteLength > maxBytes
      ? { kind: 'too_large', size: bytes.byteLength }
      : { kind: 'ok', bytes };
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'too_large', size: total };
      }
      chunks.push(value);
    }
  } catch {
    return { kind: 'unreadable' };
  }
  return { kind: 'ok', bytes: Buffer.concat(chunks, total) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseBytes(bytes: Buffer, contentType: string | null): ParsedWebhook & { text: string } {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new WebhookParseError('not_utf8', 'Body is not UTF-8');
  }
  return { ...parseWebhookBody(text, contentType), text };
}

function isPing(bytes: Buffer, contentType: string | null): boolean {
  try {
    return parseBytes(bytes, contentType).event.eventType === 'ping';
  } catch {
    return false;
  }
}

const log = rootLog.child({ component: 'webhooks' });

function logFailure(message: string, error: unknown): void {
  // Never the error message: Drizzle's includes the statement's parameters, i.e. event bodies.
  log.error(message, failureFields(error));
}

export async function receiveWebhook(
  request: Request,
  deps: ReceiveWebhookDeps,
): Promise<Response> {
  const dbReady = Promise.resolve(deps.db);
  dbReady.catch(() => undefined); // awaited only on the paths that need it
  const batchReady = deps.batchDb === undefined ? dbReady : Promise.resolve(deps.batchDb);
  batchReady.catch(() => undefined);
  const contentType = request.headers.get('content-type');

  const reject = async (reason: RejectionReason, size: number): Promise<void> => {
    try {
      await recordRejection(await dbReady, { reason, size, contentType });
    } catch (error) {
      // The answer to the sender does not depend on the log; a failed write is only reported.
      logFailure('webhook rejection not recorded', error);
    }
  };

  const body = await readBody(request, deps.maxBytes ?? MAX_WEBHOOK_BYTES);
  if (body.kind === 'too_large') {
    await reject('too_large', body.size);
    return reply(413, { error: 'too_large' });
  }
  if (body.kind === 'unreadable') return reply(400, { error: 'unreadable' });
  const { bytes } = body;

  const signature = verifySignature(bytes, request.headers, deps.partnerSecret);
  if (!signature.ok) {
    // Generating a link fails unless its ping gets a 2xx, so a ping always gets 200, signed or
    // not; only a signed one is stored. A wrongly signed ping still leaves a rejection row, the
    // first sign of a misconfigured Partner Secret.
    if (isPing(bytes, contentType)) {
      if (signature.reason === 'bad_signature') await reject('bad_signature', bytes.byteLength);
      return reply(200, { received: true });
    }
    await reject(signature.reason, bytes.byteLength);
    return reply(401, { error: 'invalid_signature' });
  }

  // Authentic from here on: whatever it holds is kept and answered 200, since Mastercard retries
  // every other answer (and may send some webhooks only once).
  let parsed: (ParsedWebhook & { text: string }) | null = null;
  let quarantine: WebhookParseError | null = null;
  try {
    parsed = parseBytes(bytes, contentType);
  } catch (error) {
    // A parser that fails in a way of its own is still a body the portal cannot act on.
    quarantine =
      error instanceof WebhookParseError
        ? error
        : new WebhookParseError('malformed_json', 'Unreadable body');
  }

  const ping = parsed?.event.eventType === 'ping';
  let result: IngestResult;
  try {
    result = parsed
      ? await ingestWebhook(await batchReady, {
          event: parsed.event,
          document: parsed.document,
          format: parsed.format,
          rawBody: parsed.text,
          contentType:
            contentType?.slice(0, 200) ??
            (parsed.format === 'xml' ? 'application/xml' : 'application/json'),
          signatureHeader: signature.header,
        })
      : await quarantineWebhook(await batchReady, {
          reason: quarantine?.reason ?? 'malformed_json',
          bytes,
          contentType: contentType?.slice(0, 200) ?? 'application/octet-stream',
          signatureHeader: signature.header,
        });
  } catch (error) {
    logFailure('webhook not stored', error);
    // A ping carries no data worth a retry, and refusing it would fail the generate call.
    return ping ? reply(200, { received: true }) : reply(503, { error: 'unavailable' });
  }

  // Authentic events of unknown type are stored like any other and answered 200: a refusal would
  // only make Mastercard retry them for three days.
  if (result.quarantineReason !== null) {
    log.warn('webhook quarantined', { reason: result.quarantineReason, id: result.id });
  }
  if (result.inserted) {
    publish({
      id: result.id,
      eventId: result.eventId,
      eventType: result.eventType,
      customerId: result.customerId,
      consumerId: result.consumerId,
      linkId: result.linkId,
      linkStatus: result.linkStatus,
      contentType: result.contentType,
      receivedAt: result.receivedAt,
      payload: result.payload,
    });
  }
  return reply(200, { received: true });
}
