import type { Database } from '../db/client';
import { sdkEvents } from '../db/schema';
import type { SdkEvent } from './sdk-event-schema';
import { applyLinkEvent, type LinkStatus } from './status';

export { sdkEventSchema, type SdkEvent } from './sdk-event-schema';

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
