import type { Database } from '../db/client';
import { failureFields } from '../db/errors';
import { sdkEvents } from '../db/schema';
import { log } from '../log';
import { jsonNestsDeeperThan, MAX_DOCUMENT_DEPTH, storableDocument } from '../storable';
import { type SdkEvent, sdkEventSchema } from './sdk-event-schema';
import { applyLinkEvent, type LinkStatus } from './status';

export { sdkEventSchema, type SdkEvent } from './sdk-event-schema';

/** Largest SDK event body the browser may post. */
export const MAX_SDK_EVENT_BYTES = 16 * 1024;

/** Stores the event and moves the link's status; returns the new status when it changed. */
export async function recordSdkEvent(
  db: Database,
  linkId: string,
  event: SdkEvent,
): Promise<LinkStatus | null> {
  await db.insert(sdkEvents).values({
    linkId,
    type: event.type,
    data: 'data' in event ? (event.data as Record<string, unknown>) : null,
  });
  return applyLinkEvent(db, linkId, {
    source: 'sdk',
    type: event.type,
    screen: event.type === 'route' ? event.data.screen : undefined,
  });
}

export type SdkEventReceipt =
  | { ok: true; status: LinkStatus | null }
  | { ok: false; httpStatus: 400 | 413 | 503; error: string };

const refuse = (httpStatus: 400 | 413 | 503, error: string): SdkEventReceipt => ({
  ok: false,
  httpStatus,
  error,
});

/**
 * What the browser posted for one of the customer's links, as text: checked for size and depth,
 * parsed, validated, cleaned of what PostgreSQL refuses (NUL, lone surrogates), then stored. Each
 * refusal says why; a database failure is a 503, logged without the statement or the body.
 */
export async function receiveSdkEvent(
  db: Database,
  linkId: string,
  text: string,
): Promise<SdkEventReceipt> {
  if (Buffer.byteLength(text) > MAX_SDK_EVENT_BYTES) return refuse(413, 'Event too large.');
  if (jsonNestsDeeperThan(text)) {
    return refuse(400, `Event nested deeper than ${MAX_DOCUMENT_DEPTH} levels.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse(400, 'Body must be JSON.');
  }
  const parsed = sdkEventSchema.safeParse(storableDocument(body));
  if (!parsed.success) return refuse(400, 'Not a Connect SDK event.');
  try {
    return { ok: true, status: await recordSdkEvent(db, linkId, parsed.data) };
  } catch (error) {
    log.error('sdk event not stored', { component: 'connect', ...failureFields(error) });
    return refuse(503, 'The event could not be recorded just now; try again.');
  }
}
